/**
 * The OpenAI-compatible Chat Completions protocol: `POST {base}/chat/completions`, answered by OpenAI,
 * Ollama, LM Studio, vLLM and the llama.cpp server. Streaming replies are server-sent events whose data is a
 * `chat.completion.chunk` with `choices[0].delta.content`, ended by `data: [DONE]`.
 */
import type { SseEvent } from "./_sse.ts";
import type { ModelCall } from "./_model_call.ts";
import type { ModelRequest } from "./model_provider.ts";
import { ChatProvider, eventData, type WireRequest } from "./_chat_provider.ts";
import { describeError, isObject, joinUrl } from "./_wire.ts";

/** A model behind an OpenAI-compatible Chat Completions endpoint. */
export class OpenAiProvider extends ChatProvider {
  readonly protocol = "openai";

  protected wire(request: ModelRequest, stream: boolean): WireRequest {
    const headers: Record<string, string> = {};
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const body: Record<string, unknown> = {
      model: this.options.model,
      messages: [{ role: "system", content: request.system }, ...request.messages],
      stream,
    };
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    return { url: joinUrl(this.options.baseUrl, "chat/completions"), headers, body };
  }

  protected textOf(reply: unknown, call: ModelCall): string {
    const choice = isObject(reply) && Array.isArray(reply.choices) ? reply.choices[0] : undefined;
    const message = isObject(choice) ? choice.message : undefined;
    if (isObject(message) && typeof message.content === "string") return message.content;
    throw call.protocolError("reply without choices[0].message.content");
  }

  protected async *textOfStream(
    events: AsyncIterable<SseEvent>,
    call: ModelCall,
  ): AsyncGenerator<string> {
    let finished = false;
    for await (const event of events) {
      if (event.data.trim() === "[DONE]") return;
      const chunk = eventData(event, call);
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
  }
}
