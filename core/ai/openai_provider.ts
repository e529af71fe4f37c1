/**
 * The OpenAI-compatible Chat Completions protocol: `POST {base}/chat/completions`, answered by OpenAI,
 * Ollama, LM Studio, vLLM and the llama.cpp server. Streaming replies are server-sent events whose data is a
 * `chat.completion.chunk` with `choices[0].delta.content`, ended by `data: [DONE]`.
 */
import { readSse } from "./_sse.ts";
import { ModelCall } from "./_model_call.ts";
import type { ModelCallOptions, ModelProvider, ModelRequest } from "./model_provider.ts";
import { DEFAULT_TIMEOUT_MS, type ProviderOptions } from "./provider_options.ts";
import { describeError, isEventStream, isObject, joinUrl } from "./_wire.ts";

/** A model behind an OpenAI-compatible Chat Completions endpoint. */
export class OpenAiProvider implements ModelProvider {
  readonly protocol = "openai";
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
      return textOfCompletion(JSON.parse(await response.text()), call);
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
        yield textOfCompletion(JSON.parse(await response.text()), call);
        return;
      }
      let finished = false;
      for await (const event of readSse(response.body)) {
        if (event.data.trim() === "[DONE]") return;
        let chunk: unknown;
        try {
          chunk = JSON.parse(event.data);
        } catch {
          throw call.protocolError("malformed stream event");
        }
        if (!isObject(chunk)) throw call.protocolError("malformed stream event");
        if (chunk.error !== undefined) throw call.serverError(describeError(chunk.error));
        const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
        if (!isObject(choice)) continue; // usage-only chunks have no choices
        const delta = choice.delta;
        if (isObject(delta) && typeof delta.content === "string" && delta.content !== "") {
          yield delta.content;
        }
        if (typeof choice.finish_reason === "string") finished = true;
      }
      if (!finished) throw call.protocolError("stream ended before the answer was complete");
    } catch (error) {
      throw call.translate(error);
    }
  }

  #call(request: ModelRequest, stream: boolean, options: ModelCallOptions): ModelCall {
    const o = this.#options;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: stream ? "text/event-stream" : "application/json",
    };
    if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
    const body: Record<string, unknown> = {
      model: o.model,
      messages: [{ role: "system", content: request.system }, ...request.messages],
      stream,
    };
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    return new ModelCall({
      url: joinUrl(o.baseUrl, "chat/completions"),
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

function textOfCompletion(value: unknown, call: ModelCall): string {
  const choice = isObject(value) && Array.isArray(value.choices) ? value.choices[0] : undefined;
  const message = isObject(choice) ? choice.message : undefined;
  if (isObject(message) && typeof message.content === "string") return message.content;
  throw call.protocolError("reply without choices[0].message.content");
}
