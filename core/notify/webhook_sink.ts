/**
 * Slack and Discord incoming webhooks. Every message goes to the outbox (a table of the session store) first,
 * so nothing is lost to a crash or a long outage; a pump then posts at most one message per `minIntervalMs`
 * per hook, joining what queued up meanwhile into one post (a burst becomes one message), honours 429 with
 * Retry-After (nothing is sent before the time it names, clamped to {@linkcode MAX_RETRY_AFTER_MS}), backs off
 * exponentially on other failures and on a Retry-After it cannot read, and removes what was delivered.
 */
import { requiredObject } from "../api/required.ts";
import type { Notification, NotificationSink } from "./notification.ts";
import { hookId, type OutboxEntry, type WebhookOutbox } from "./webhook_outbox.ts";
import { redact } from "../secrets/redact.ts";

/** Options for {@linkcode WebhookSink}. */
export interface WebhookSinkOptions {
  kind: "slack" | "discord";
  /** The incoming webhook URL (a secret: never logged). */
  url: string;
  outbox: WebhookOutbox;
  /** Milliseconds between two posts to this hook. */
  minIntervalMs?: number;
  /** Longest text per post (Discord allows 2000 characters). */
  maxChars?: number;
  /** Milliseconds one HTTP request may take. */
  timeoutMs?: number;
  /** Called with a one-line, redacted description of each delivery problem. */
  onError?(message: string): void;
  /** Declared secret values (`session.secrets`, `.flux/secrets`), masked before the outbox. */
  secrets?: string[];
}

const defaults = { minIntervalMs: 1000, timeoutMs: 10_000 };
const MAX_CHARS = { slack: 30_000, discord: 1_900 };
const MAX_BACKOFF_MS = 5 * 60_000;
/** The longest wait a server's Retry-After can impose (a larger value is clamped to it). */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** Longest single timer: beyond 2^31-1 ms `setTimeout` fires at once. The sink renews its claims this often. */
const WAIT_SLICE_MS = 60_000;

/** One webhook; see the module comment. */
export class WebhookSink implements NotificationSink {
  readonly name: string;
  #opts: WebhookSinkOptions;
  #hook: Promise<string>;
  #queue: OutboxEntry[] = [];
  #nextAt = 0;
  #failures = 0;
  #pumping: Promise<void> | undefined;
  #closed = new AbortController();
  /** This sink's name on the messages it claims in the outbox. */
  #owner = `${Deno.pid}-${crypto.randomUUID()}`;

  constructor(options: WebhookSinkOptions) {
    requiredObject(options, "WebhookSink's options", 'new WebhookSink({ kind: "slack", url })');
    this.#opts = options;
    this.name = options.kind;
    this.#hook = hookId(options.url);
  }

  /** Messages not yet delivered by this sink. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Queues what the outbox still holds for this hook (from an earlier run) and starts sending it. */
  async start(): Promise<void> {
    const hook = await this.#hook;
    const known = new Set(this.#queue.map((e) => e.id));
    const old = (await this.#opts.outbox.claim(hook, this.#owner)).filter((e) => !known.has(e.id));
    this.#queue.unshift(...old);
    this.#pump();
  }

  /** Stores the message in the outbox, then queues it; resolves once it is safely stored. */
  async send(notification: Notification): Promise<void> {
    if (this.#closed.signal.aborted) return;
    const entry: OutboxEntry = {
      id: crypto.randomUUID(),
      hook: await this.#hook,
      // Test output can hold tokens: what leaves the machine is redacted like what goes to the DB.
      text: redact(notification.text, [this.#opts.url, ...(this.#opts.secrets ?? [])]),
      created: notification.time,
    };
    await this.#opts.outbox.add(entry, this.#owner);
    this.#queue.push(entry);
    this.#pump();
  }

  /** Waits up to `flushMs` for the queue to drain, then stops; the rest stays in the outbox. */
  async close(flushMs = 1500): Promise<void> {
    if (flushMs > 0 && this.#queue.length > 0) {
      await Promise.race([this.#drained(), delay(flushMs)]);
    }
    this.#closed.abort();
    await this.#pumping;
    try {
      this.#opts.outbox.release(this.#owner);
    } finally {
      this.#opts.outbox.close();
    }
  }

  async #drained(): Promise<void> {
    while (this.#queue.length > 0 && !this.#closed.signal.aborted) await delay(20);
  }

  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = this.#run().finally(() => {
      this.#pumping = undefined;
      if (this.#queue.length > 0 && !this.#closed.signal.aborted) this.#pump();
    });
  }

  async #run(): Promise<void> {
    const signal = this.#closed.signal;
    while (this.#queue.length > 0 && !signal.aborted) {
      for (let wait = this.#nextAt - Date.now(); wait > 0; wait = this.#nextAt - Date.now()) {
        await delay(Math.min(wait, WAIT_SLICE_MS), signal);
        if (signal.aborted) return;
        if (this.#nextAt - Date.now() > 0) this.#opts.outbox.renew(this.#owner);
      }
      const batch = this.#batch();
      const outcome = await this.#post(batch.map((e) => e.text).join("\n\n"));
      if (outcome.ok) {
        this.#failures = 0;
        this.#nextAt = Date.now() + (this.#opts.minIntervalMs ?? defaults.minIntervalMs);
        const ids = new Set(batch.map((e) => e.id));
        // Leave the queue only once the outbox no longer holds them: `pending` 0 means delivered and saved.
        try {
          await this.#opts.outbox.remove(ids);
        } finally {
          this.#queue = this.#queue.filter((e) => !ids.has(e.id));
        }
      } else {
        this.#failures++;
        // A 429 that named no usable wait starts higher: the server did ask to slow down.
        const base = outcome.throttled ? 5000 : 2000;
        const backoff = Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(this.#failures - 1, 9));
        this.#nextAt = Date.now() + (outcome.retryAfterMs ?? backoff);
        this.#opts.outbox.renew(this.#owner);
        this.#opts.onError?.(redact(outcome.error, [this.#opts.url]));
      }
    }
  }

  /** The oldest messages that fit in one post (at least one, cut to the limit). */
  #batch(): OutboxEntry[] {
    const max = this.#opts.maxChars ?? MAX_CHARS[this.#opts.kind];
    const batch: OutboxEntry[] = [];
    let size = 0;
    for (const entry of this.#queue) {
      const add = entry.text.length + (batch.length > 0 ? 2 : 0);
      if (batch.length > 0 && size + add > max) break;
      batch.push(entry);
      size += add;
    }
    return batch;
  }

  async #post(
    text: string,
  ): Promise<
    { ok: true } | { ok: false; error: string; retryAfterMs?: number; throttled?: boolean }
  > {
    const max = this.#opts.maxChars ?? MAX_CHARS[this.#opts.kind];
    const body = text.length > max ? `${text.slice(0, max - 1)}…` : text;
    const payload = this.#opts.kind === "slack" ? { text: body } : { content: body };
    let response: Response;
    try {
      response = await fetch(this.#opts.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.any([
          this.#closed.signal,
          AbortSignal.timeout(this.#opts.timeoutMs ?? defaults.timeoutMs),
        ]),
      });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { ok: false, error: `Cannot reach the ${this.name} webhook: ${why}; will retry` };
    }
    const reply = await response.text().catch(() => "");
    if (response.ok) return { ok: true };
    const base = `The ${this.name} webhook answered ${response.status}`;
    if (response.status === 429) {
      const retryAfterMs = retryAfter(response.headers.get("retry-after"), reply);
      if (retryAfterMs === null) {
        return {
          ok: false,
          error: `${base} without a usable Retry-After: backing off`,
          throttled: true,
        };
      }
      return { ok: false, error: `${base}: waiting ${retryAfterMs} ms as asked`, retryAfterMs };
    }
    const detail = reply.trim().split("\n")[0]?.slice(0, 200) ?? "";
    return {
      ok: false,
      error: `${base}${detail ? ` (${detail})` : ""}; check the webhook_url in .flux/config.yaml`,
    };
  }
}

/**
 * Milliseconds to wait from a Retry-After header (seconds or HTTP date) or a JSON `retry_after`, the larger
 * of the two, clamped to {@linkcode MAX_RETRY_AFTER_MS}; `null` when neither gives a usable, positive wait
 * (the caller then backs off exponentially).
 */
export function retryAfter(header: string | null, body: string): number | null {
  const waits: number[] = [];
  const text = header?.trim() ?? "";
  if (/^\d+(\.\d+)?$/.test(text)) waits.push(Number(text) * 1000);
  else if (text !== "") waits.push(Date.parse(text) - Date.now());
  try {
    const value: unknown = JSON.parse(body);
    const inBody = (value as { retry_after?: unknown })?.retry_after;
    if (typeof inBody === "number") waits.push(inBody * 1000);
  } catch {
    // not JSON
  }
  const usable = waits.filter((ms) => Number.isFinite(ms) && ms > 0);
  if (usable.length === 0) return null;
  return Math.ceil(Math.min(MAX_RETRY_AFTER_MS, Math.max(...usable)));
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    signal?.addEventListener("abort", done, { once: true });
  });
}
