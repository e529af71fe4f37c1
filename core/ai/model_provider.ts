/**
 * The provider seam: one interface, one implementation per wire protocol (OpenAI-compatible Chat
 * Completions, Anthropic Messages). Everything above it (questions, failure analysis) is protocol-agnostic.
 */

/** One turn of the conversation sent to the model. */
export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

/** What is sent to the model: instructions, then the conversation ending in the user's turn. */
export interface ModelRequest {
  system: string;
  messages: ChatMessage[];
  /** Upper bound on the answer's length, in tokens. */
  maxTokens?: number;
}

/** Per-call options. */
export interface ModelCallOptions {
  /** Cancels the call (the TUI's Esc, Ctrl-C). */
  signal?: AbortSignal;
  /** Overrides the provider's configured timeout for this call, in milliseconds. */
  timeoutMs?: number;
  /** Overrides the provider's idle timeout (longest gap between pieces of the reply), in milliseconds. */
  idleTimeoutMs?: number;
}

/** A model reachable over HTTP. */
export interface ModelProvider {
  /** "openai" or "anthropic": the wire protocol. */
  readonly protocol: ModelProtocol;
  /** The model name sent with every request. */
  readonly model: string;
  /** The API base URL (without credentials). */
  readonly baseUrl: string;
  /** Sends `request` and resolves with the whole answer. */
  complete(request: ModelRequest, options?: ModelCallOptions): Promise<string>;
  /** Sends `request` with streaming on and yields text chunks as they arrive. */
  stream(request: ModelRequest, options?: ModelCallOptions): AsyncGenerator<string>;
}

/** The wire protocols Flux speaks. */
export type ModelProtocol = "openai" | "anthropic";

/** True when `value` names a supported protocol. */
export function isModelProtocol(value: unknown): value is ModelProtocol {
  return value === "openai" || value === "anthropic";
}
