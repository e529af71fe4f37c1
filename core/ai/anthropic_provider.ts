/**
 * The Anthropic Messages protocol: `POST {base}/v1/messages` with `x-api-key` and `anthropic-version`.
 * Streaming replies are server-sent events: `content_block_delta` events carry `delta.text`, `message_stop`
 * ends the answer and an `error` event reports a failure mid-stream.
 */
import type { SseEvent } from "./_sse.ts";
import type { ModelCall } from "./_model_call.ts";
import type { ModelRequest } from "./model_provider.ts";
import { ChatProvider, eventData, type WireRequest } from "./_chat_provider.ts";
import { describeError, isObject, joinUrl } from "./_wire.ts";

/** The API version header value Flux speaks. */
export const ANTHROPIC_VERSION = "2023-06-01";
/** `max_tokens` is required by this API; this is used when the request sets none. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 1024;

/** A model behind the Anthropic Messages API. */
export class AnthropicProvider extends ChatProvider {
  readonly protocol = "anthropic";

  protected wire(request: ModelRequest, stream: boolean): WireRequest {
    const headers: Record<string, string> = { "anthropic-version": ANTHROPIC_VERSION };
    if (this.options.apiKey) headers["x-api-key"] = this.options.apiKey;
    const body = {
      model: this.options.model,
      max_tokens: request.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
      system: request.system,
      messages: request.messages,
      stream,
    };
    return { url: messagesUrl(this.options.baseUrl), headers, body };
  }

  protected textOf(reply: unknown, call: ModelCall): string {
    if (!isObject(reply) || !Array.isArray(reply.content)) {
      throw call.protocolError("reply without a content array");
    }
    return reply.content
      .filter((block): block is Record<string, unknown> => isObject(block) && block.type === "text")
      .map((block) => typeof block.text === "string" ? block.text : "")
      .join("");
  }

  protected async *textOfStream(
    events: AsyncIterable<SseEvent>,
    call: ModelCall,
  ): AsyncGenerator<string> {
    for await (const event of events) {
      const data = eventData(event, call);
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
  }
}

/** `{base}/v1/messages`, accepting a base that already ends in `/v1`. */
export function messagesUrl(baseUrl: string): string {
  return /\/v1\/?$/.test(baseUrl) ? joinUrl(baseUrl, "messages") : joinUrl(baseUrl, "v1/messages");
}
