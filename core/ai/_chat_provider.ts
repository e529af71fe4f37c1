/**
 * What the OpenAI-compatible and Anthropic providers share: one request at a time through a `ModelCall`
 * (timeouts, retries, one-line errors, the key kept secret), a whole JSON reply accepted where a stream was
 * asked for, and every failure translated by the call. A protocol supplies only its wire format.
 */
import { requiredObject } from "../api/required.ts";
import { readSse, type SseEvent } from "./_sse.ts";
import { ModelCall } from "./_model_call.ts";
import type {
  ModelCallOptions,
  ModelProtocol,
  ModelProvider,
  ModelRequest,
} from "./model_provider.ts";
import { DEFAULT_TIMEOUT_MS, type ProviderOptions } from "./provider_options.ts";
import { isEventStream, isObject } from "./_wire.ts";

/** The HTTP request of one call, as a protocol writes it. */
export interface WireRequest {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** A model provider speaking one chat protocol over `fetch`. */
export abstract class ChatProvider implements ModelProvider {
  abstract readonly protocol: ModelProtocol;
  readonly model: string;
  readonly baseUrl: string;
  protected readonly options: ProviderOptions;

  constructor(options: ProviderOptions) {
    requiredObject(
      options,
      `${new.target.name}'s options`,
      `new ${new.target.name}({ model, apiKey, baseUrl })`,
    );
    this.options = options;
    this.model = options.model;
    this.baseUrl = options.baseUrl;
  }

  /** The request for `request`, streaming or not. */
  protected abstract wire(request: ModelRequest, stream: boolean): WireRequest;
  /** The answer text of a whole JSON reply. */
  protected abstract textOf(reply: unknown, call: ModelCall): string;
  /** The answer's text pieces from the reply's server-sent events; throws when the stream breaks off. */
  protected abstract textOfStream(
    events: AsyncIterable<SseEvent>,
    call: ModelCall,
  ): AsyncGenerator<string>;

  async complete(request: ModelRequest, options: ModelCallOptions = {}): Promise<string> {
    const call = this.#call(request, false, options);
    const response = await call.post();
    try {
      return this.textOf(JSON.parse(await response.text()), call);
    } catch (error) {
      throw call.translate(error);
    }
  }

  async *stream(request: ModelRequest, options: ModelCallOptions = {}): AsyncGenerator<string> {
    const call = this.#call(request, true, options);
    const response = await call.post();
    try {
      if (!isEventStream(response) || !response.body) {
        // Some servers ignore `stream: true`; a whole JSON answer is still an answer.
        yield this.textOf(JSON.parse(await response.text()), call);
        return;
      }
      yield* this.textOfStream(readSse(response.body), call);
    } catch (error) {
      throw call.translate(error);
    }
  }

  #call(request: ModelRequest, stream: boolean, options: ModelCallOptions): ModelCall {
    const o = this.options;
    const { url, headers, body } = this.wire(request, stream);
    return new ModelCall({
      url,
      headers: {
        "content-type": "application/json",
        accept: stream ? "text/event-stream" : "application/json",
        ...headers,
      },
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

/** The JSON object a stream event carries; anything else is a protocol error of `call`. */
export function eventData(event: SseEvent, call: ModelCall): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    throw call.protocolError("malformed stream event");
  }
  if (!isObject(data)) throw call.protocolError("malformed stream event");
  return data;
}
