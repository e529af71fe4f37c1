/**
 * The Anthropic Messages protocol: `POST {base}/v1/messages` with `x-api-key` and `anthropic-version`.
 * Streaming replies are server-sent events: `content_block_delta` events carry `delta.text`, `message_stop`
 * ends the answer and an `error` event reports a failure mid-stream.
 */
import { readSse } from "./_sse.ts";
import { ModelCall } from "./_model_call.ts";
import type { ModelCallOptions, ModelProvider, ModelRequest } from "./model_provider.ts";
import { DEFAULT_TIMEOUT_MS, type ProviderOptions } from "./provider_options.ts";
import { describeError, isEventStream, isObject, joinUrl } from "./_wire.ts";

/** The API version header value Flux speaks. */
export const ANTHROPIC_VERSION = "2023-06-01";
/** `max_tokens` is required by this API; this is used when the request sets none. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 1024;

/** A model behind the Anthropic Messages API. */
export class AnthropicProvider implements ModelProvider {
  readonly protocol = "anthropic";
  readonly model: string;
  readonly baseUrl: string;
  #options: ProviderOptions;

  constructor(options: ProviderOptions) {
    this.#options = options;
    this.model = options.model;
    this.baseUrl = options.baseUrl;
  }

  async complete(request: ModelRequest, options: ModelCallOptions = {}): Promise<string> {
    const call = this.#call(request, false, options);
    const response = await call.post();
    try {
      return textOfMessage(JSON.parse(await response.text()), call);
    } catch (error) {
      throw call.translate(error);
    }
  }

  async *stream(request: ModelRequest, options: ModelCallOptions = {}): AsyncGenerator<string> {
    const call = this.#call(request, true, options);
    const response = await call.post();
    try {
      if (!isEventStream(response) || !response.body) {
        yield textOfMessage(JSON.parse(await response.text()), call);
        return;
      }
      for await (const event of readSse(response.body)) {
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          throw call.protocolError("malformed stream event");
        }
        if (!isObject(data)) throw call.protocolError("malformed stream event");
        const type = typeof data.type === "string" ? data.type : event.event;
        if (type === "message_stop") return;
        if (type === "error") throw call.serverError(describeError(data.error));
        if (type !== "content_block_delta") continue; // message_start, ping, content_block_start, ...
        const delta = data.delta;
        if (isObject(delta) && typeof delta.text === "string" && delta.text !== "") {
          yield delta.text;
        }
      }
      throw call.protocolError("stream ended before message_stop");
    } catch (error) {
      throw call.translate(error);
    }
  }

  #call(request: ModelRequest, stream: boolean, options: ModelCallOptions): ModelCall {
    const o = this.#options;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: stream ? "text/event-stream" : "application/json",
      "anthropic-version": ANTHROPIC_VERSION,
    };
    if (o.apiKey) headers["x-api-key"] = o.apiKey;
    const body = {
      model: o.model,
      max_tokens: request.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
      system: request.system,
      messages: request.messages,
      stream,
    };
    return new ModelCall({
      url: messagesUrl(o.baseUrl),
      headers,
      body,
      timeoutMs: options.timeoutMs ?? o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      idleTimeoutMs: options.idleTimeoutMs ?? o.idleTimeoutMs,
      signal: options.signal,
      secrets: o.apiKey ? [o.apiKey] : [],
      keyHint: o.apiKeyEnv ?? "FLUX_API_KEY",
      model: o.model,
      ...(o.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: o.maxRetryAfterMs } : {}),
    });
  }
}

/** `{base}/v1/messages`, accepting a base that already ends in `/v1`. */
export function messagesUrl(baseUrl: string): string {
  return /\/v1\/?$/.test(baseUrl) ? joinUrl(baseUrl, "messages") : joinUrl(baseUrl, "v1/messages");
}

function textOfMessage(value: unknown, call: ModelCall): string {
  if (!isObject(value) || !Array.isArray(value.content)) {
    throw call.protocolError("reply without a content array");
  }
  return value.content
    .filter((block): block is Record<string, unknown> => isObject(block) && block.type === "text")
    .map((block) => typeof block.text === "string" ? block.text : "")
    .join("");
}
