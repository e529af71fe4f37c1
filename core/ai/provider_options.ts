/** What both providers are constructed with. */

/** Settings of one provider instance; the key is held in memory only. */
export interface ProviderOptions {
  model: string;
  /** API base URL, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl: string;
  /** The API key; absent for local servers that need none. */
  apiKey?: string;
  /** Environment variable the key came from, named in 401/403 messages. */
  apiKeyEnv?: string;
  /** Overall time limit of a call (the whole answer), in milliseconds. */
  timeoutMs?: number;
  /**
   * Longest wait for the reply to start and then between two pieces of it, in milliseconds; unset: only
   * `timeoutMs` applies. Lets a slow local model stream a long answer while a stalled one fails early.
   */
  idleTimeoutMs?: number;
  /** Longest Retry-After honoured with one retry, in milliseconds (default 2000). */
  maxRetryAfterMs?: number;
}

/** Default time limit of a call. */
export const DEFAULT_TIMEOUT_MS = 120_000;
