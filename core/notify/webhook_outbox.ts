/**
 * Undelivered webhook messages, kept in `.flux/notify_outbox.json` so that they survive a restart. Each
 * change re-reads the file and applies only its own addition or removal (another Flux process may share
 * it), then replaces the file atomically (write a temp file, rename). Hooks are named by a hash of their
 * URL: the URL is a secret and never written here.
 */
import { ensureFluxGitignore } from "../session/ensure_flux_gitignore.ts";

/** One undelivered message. */
export interface OutboxEntry {
  id: string;
  /** {@linkcode hookId} of the webhook URL. */
  hook: string;
  text: string;
  /** ISO time it was queued. */
  created: string;
}

/** The outbox file of one project. */
export class WebhookOutbox {
  readonly file: string;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(projectDir: string) {
    this.file = `${projectDir}/.flux/notify_outbox.json`;
  }

  /** Every entry, oldest first; a missing file is empty, an unreadable one is moved aside. */
  async entries(): Promise<OutboxEntry[]> {
    return await this.#serial(() => this.#read());
  }

  /** Adds `entry` to the file; resolves once it is on disk. */
  async add(entry: OutboxEntry): Promise<void> {
    await this.#serial(async () => {
      const entries = await this.#read();
      entries.push(entry);
      await this.#write(entries);
    });
  }

  /** Removes the entries with the given ids. */
  async remove(ids: Iterable<string>): Promise<void> {
    const gone = new Set(ids);
    await this.#serial(async () => {
      const entries = await this.#read();
      const kept = entries.filter((e) => !gone.has(e.id));
      if (kept.length !== entries.length) await this.#write(kept);
    });
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(fn, fn);
    this.#chain = next.catch(() => {});
    return next;
  }

  async #read(): Promise<OutboxEntry[]> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.file);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return [];
      throw error;
    }
    try {
      const value: unknown = JSON.parse(text);
      const list = (value as { entries?: unknown })?.entries;
      if (!Array.isArray(list)) throw new Error("no entries list");
      return list.filter(isEntry);
    } catch {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      await Deno.rename(this.file, aside);
      console.error(
        `flux: ${this.file} was unreadable and is kept as ${aside}; starting a new outbox`,
      );
      return [];
    }
  }

  async #write(entries: OutboxEntry[]): Promise<void> {
    const dir = this.file.replace(/\/[^/]+$/, "");
    const created = await Deno.stat(dir).then(() => false, () => true);
    await Deno.mkdir(dir, { recursive: true });
    // A .flux/ made for the outbox (no session store yet) keeps it out of git, as the store would.
    if (created && dir.endsWith("/.flux")) ensureFluxGitignore(dir);
    const tmp = `${this.file}.${crypto.randomUUID()}.tmp`;
    await Deno.writeTextFile(tmp, JSON.stringify({ version: 1, entries }, null, 1), {
      mode: 0o600,
    });
    await Deno.rename(tmp, this.file);
  }
}

/** A stable, non-secret name for a webhook URL (first 16 hex digits of its SHA-256). */
export async function hookId(url: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(url));
  return [...new Uint8Array(digest)].slice(0, 8).map((b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === "string" && typeof v.hook === "string" && typeof v.text === "string" &&
    typeof v.created === "string";
}
