/**
 * One HTTP exchange with a model server: the overall timeout, the idle timeout (the longest wait for the
 * reply's headers and then for each further piece of its body), the caller's cancel signal, one bounded
 * retry on a short Retry-After, and the translation of every failure into a one-line {@linkcode ModelError} that names
 * the server and the fix and never contains the API key.
 */
import { redact } from "../secrets/redact.ts";
import { ModelError, type ModelErrorDetails, oneLine } from "./model_error.ts";

/** How one call is made. */
export interface HttpCallOptions {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** Overall limit of the call, headers and whole body included. */
  timeoutMs: number;
  /** Longest wait for the headers and then between two pieces of the body; unset: only `timeoutMs`. */
  idleTimeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Values that must never appear in a message (the API key). */
  secrets: string[];
  /** The environment variable a person should check after a 401/403. */
  keyHint: string;
  /** The model name, for the hint after a 404. */
  model: string;
  /** Longest Retry-After honoured with one retry; longer ones fail fast. */
  maxRetryAfterMs?: number;
}

const DEFAULT_MAX_RETRY_AFTER_MS = 2_000;

/** A live call: `post()` once, then read the body under `signal`, mapping failures with `translate()`. */
export class ModelCall {
  readonly signal: AbortSignal;
  readonly origin: string;
  #options: HttpCallOptions;
  #timeout: AbortSignal;
  #idle = new AbortController();
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #received = false;

  constructor(options: HttpCallOptions) {
    this.#options = options;
    this.#timeout = AbortSignal.timeout(options.timeoutMs);
    const signals = [this.#timeout, this.#idle.signal];
    if (options.signal) signals.push(options.signal);
    this.signal = AbortSignal.any(signals);
    this.origin = safeOrigin(options.url);
  }

  /** Restarts the idle timer (on sending, on the headers, on each piece of the body). */
  #touch(): void {
    const idleMs = this.#options.idleTimeoutMs;
    if (idleMs === undefined || this.signal.aborted) return;
    clearTimeout(this.#idleTimer);
    const timer = setTimeout(() => this.#idle.abort(), idleMs);
    Deno.unrefTimer(timer);
    this.#idleTimer = timer;
  }

  /** Stops the idle timer: the call has ended (answered, failed or cancelled). */
  #settle(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  /** The response with a body that restarts the idle timer on each piece and stops it at the end. */
  #watched(response: Response): Response {
    const source = response.body;
    if (!source) {
      this.#settle();
      return response;
    }
    const reader = source.getReader();
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        try {
          // An abort (idle, overall timeout, cancel) must end the read even when the runtime does not
          // reject a pending body read for a fetch aborted after its headers (seen on a loaded machine).
          const { done, value } = await untilAborted(reader.read(), this.signal);
          if (done) {
            this.#settle();
            controller.close();
            return;
          }
          this.#received = true;
          this.#touch();
          controller.enqueue(value);
        } catch (error) {
          this.#settle();
          // Let the connection go now (not awaited: a stalled server must not hold the caller).
          reader.cancel(error).catch(() => {});
          controller.error(error);
        }
      },
      cancel: async (reason) => {
        this.#settle();
        await reader.cancel(reason).catch(() => {});
      },
    });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  /** Sends the request; resolves with a 2xx response, retrying once on a short Retry-After. */
  async post(): Promise<Response> {
    const limit = this.#options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    for (let attempt = 0;; attempt++) {
      let response: Response;
      try {
        this.#touch();
        response = await fetch(this.#options.url, {
          method: "POST",
          headers: this.#options.headers,
          body: JSON.stringify(this.#options.body),
          signal: this.signal,
        });
      } catch (error) {
        this.#settle();
        throw this.translate(error);
      }
      if (response.ok) {
        this.#touch();
        return this.#watched(response);
      }
      this.#settle();
      const retryAfterMs = parseRetryAfter(response.headers);
      if (
        attempt === 0 && (response.status === 429 || response.status === 503) &&
        retryAfterMs !== undefined && retryAfterMs <= limit
      ) {
        await response.body?.cancel().catch(() => {});
        try {
          await sleep(retryAfterMs, this.signal);
        } catch (error) {
          throw this.translate(error);
        }
        continue;
      }
      throw await this.#httpError(response, retryAfterMs);
    }
  }

  /** Builds a protocol error ("malformed JSON reply", "stream ended early") for this server. */
  protocolError(what: string): ModelError {
    return this.#error(
      `${what} from ${this.origin}: check that FLUX_BASE_URL points at the right kind of API`,
      { kind: "protocol" },
    );
  }

  /** Builds an error the server reported inside a 2xx reply (an `error` stream event). */
  serverError(detail: string): ModelError {
    return this.#error(`server error from ${this.origin} (${detail}): try again later`, {
      kind: "http",
    });
  }

  /** Maps anything thrown while posting or reading the body to a {@linkcode ModelError}. */
  translate(error: unknown): ModelError {
    this.#settle();
    if (error instanceof ModelError) return error;
    if (this.#timeout.aborted) {
      const what = this.#received
        ? `the answer from ${this.origin} was not complete`
        : `no answer from ${this.origin}`;
      return this.#error(
        `${what} within ${this.#options.timeoutMs} ms: check the server or raise ai.timeout_ms`,
        { kind: "timeout" },
      );
    }
    if (this.#idle.signal.aborted) {
      const what = this.#received ? "sent nothing more" : "did not start answering";
      return this.#error(
        `${this.origin} ${what} for ${this.#options.idleTimeoutMs} ms: ` +
          "check the server or raise ai.idle_timeout_ms",
        { kind: "timeout" },
      );
    }
    if (this.#options.signal?.aborted) {
      return this.#error(`cancelled while waiting for ${this.origin}`, { kind: "aborted" });
    }
    if (error instanceof SyntaxError) return this.protocolError("malformed JSON reply");
    const detail = error instanceof Error ? error.message : String(error);
    return this.#error(
      `cannot connect to ${this.origin} (${this.#clean(detail, 120)}): ` +
        "is the model server running? check FLUX_BASE_URL",
      { kind: "network" },
    );
  }

  async #httpError(response: Response, retryAfterMs: number | undefined): Promise<ModelError> {
    let detail = "";
    try {
      detail = errorDetail(await response.text());
    } catch {
      // The body is optional: the status line alone still makes a useful message.
    }
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
    const said = detail ? ` (${this.#clean(detail, 160)})` : "";
    const details: ModelErrorDetails = { kind: "http", status: response.status };
    if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
    return this.#error(
      `${status} from ${this.origin}${said}: ${this.#hint(response.status, retryAfterMs)}`,
      details,
    );
  }

  #hint(status: number, retryAfterMs: number | undefined): string {
    if (status === 401 || status === 403) return `check ${this.#options.keyHint}`;
    if (status === 404) {
      return `check the model "${this.#options.model}" (FLUX_MODEL) and FLUX_BASE_URL`;
    }
    if (status === 429) {
      return retryAfterMs === undefined
        ? "rate limited, try again later"
        : `rate limited, retry after ${Math.ceil(retryAfterMs / 1000)} s`;
    }
    if (status >= 500) return "the model server failed, try again later";
    return "check the model settings in .flux/config.yaml (ai:)";
  }

  #clean(text: string, max: number): string {
    return oneLine(redact(text, this.#options.secrets), max);
  }

  #error(text: string, details: ModelErrorDetails): ModelError {
    return new ModelError(redact(`Model request failed: ${text}`, this.#options.secrets), details);
  }
}

/** Extracts `error.message` (both protocols) from an error body, or a short plain-text body. */
function errorDetail(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && "error" in value) {
      const inner: unknown = value.error;
      if (typeof inner === "string") return inner;
      if (typeof inner === "object" && inner !== null && "message" in inner) {
        return typeof inner.message === "string" ? inner.message : "";
      }
    }
    return "";
  } catch {
    return /<[a-z!]/i.test(text) ? "" : text.trim();
  }
}

/** Retry-After (`retry-after-ms`, seconds or an HTTP date) in milliseconds, when present and valid. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const raw = headers.get("retry-after")?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "the configured base URL";
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Settles like `promise`, or rejects with the signal's reason as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const aborted = Promise.withResolvers<never>();
  const onAbort = () => aborted.reject(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  return Promise.race([promise, aborted.promise]).finally(() =>
    signal.removeEventListener("abort", onAbort)
  );
}
