/**
 * Undelivered webhook messages, one row each in the `notify_outbox` table of the session store
 * (`.flux/sessions.db`), so that they survive a restart and several Flux processes add and remove them in
 * transactions. The outbox is bounded: at most `maxMessages` rows, none older than `maxAgeMs`; what is dropped
 * is counted in the store and said once per process. Each message is claimed by the sink that posts it; a
 * claim not renewed for `leaseMs` (its process died) is taken over by the next sink that starts. Hooks are
 * named by a hash of their URL: the URL is a secret and never written here.
 */
import { requiredText } from "../api/required.ts";
import type { DatabaseSync } from "node:sqlite";
import { openSessionDb } from "../session/open_session_db.ts";

/** One undelivered message. */
export interface OutboxEntry {
  id: string;
  /** {@linkcode hookId} of the webhook URL. */
  hook: string;
  text: string;
  /** ISO time it was queued. */
  created: string;
}

/** Options for {@linkcode WebhookOutbox}. */
export interface WebhookOutboxOptions {
  /** Most messages kept; the oldest beyond are dropped (default 1000). */
  maxMessages?: number;
  /** Oldest message kept, in milliseconds (default 7 days). */
  maxAgeMs?: number;
  /** How long a claim holds without renewal (default 2 minutes). */
  leaseMs?: number;
  /** Where the one-line notice of dropped messages goes (default: stderr). */
  onWarning?: (message: string) => void;
  /** Clock, for tests. */
  now?: () => number;
}

const defaults = {
  maxMessages: 1000,
  maxAgeMs: 7 * 86_400_000,
  leaseMs: 120_000,
} satisfies WebhookOutboxOptions;

/** The outbox of one project. */
export class WebhookOutbox {
  /** The database file that holds the outbox. */
  readonly file: string;
  readonly projectDir: string;
  #opts: WebhookOutboxOptions;
  #db: DatabaseSync | undefined;
  #warned = false;

  constructor(projectDir: string, options: WebhookOutboxOptions = {}) {
    requiredText(projectDir, "WebhookOutbox's projectDir", 'new WebhookOutbox("/project")');
    this.projectDir = projectDir;
    this.file = `${projectDir}/.flux/sessions.db`;
    this.#opts = options;
  }

  /** Every entry, oldest first. */
  entries(): Promise<OutboxEntry[]> {
    return Promise.resolve(this.#rows("SELECT * FROM notify_outbox ORDER BY queued_at, rowid"));
  }

  /**
   * Stores `entry` (claimed by `owner` when given) in one transaction that also applies the bounds; resolves
   * once it is committed.
   */
  add(entry: OutboxEntry, owner: string | null = null): Promise<void> {
    const db = this.#open();
    const now = this.#now();
    let dropped = 0;
    write(db, () => {
      db.prepare(
        `INSERT OR IGNORE INTO notify_outbox (id, hook, text, created, queued_at, claimed_by, claimed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(entry.id, entry.hook, entry.text, entry.created, now, owner, owner ? now : null);
      dropped = this.#applyBounds(db, now);
    });
    if (dropped > 0) this.#sayDropped();
    return Promise.resolve();
  }

  /** Removes the entries with the given ids. */
  remove(ids: Iterable<string>): Promise<void> {
    const list = [...ids];
    if (list.length === 0) return Promise.resolve();
    const db = this.#open();
    write(db, () => {
      const del = db.prepare("DELETE FROM notify_outbox WHERE id = ?");
      for (const id of list) del.run(id);
    });
    return Promise.resolve();
  }

  /**
   * Claims for `owner` the messages of `hook` that nobody holds (or whose claim lapsed, or that `owner`
   * holds already) and returns them, oldest first.
   */
  claim(hook: string, owner: string): Promise<OutboxEntry[]> {
    const db = this.#open();
    const now = this.#now();
    const lapsed = now - (this.#opts.leaseMs ?? defaults.leaseMs);
    let rows: OutboxEntry[] = [];
    write(db, () => {
      db.prepare(
        `UPDATE notify_outbox SET claimed_by = ?, claimed_at = ?
         WHERE hook = ? AND (claimed_by IS NULL OR claimed_by = ? OR claimed_at < ?)`,
      ).run(owner, now, hook, owner, lapsed);
      rows = this.#rows(
        "SELECT * FROM notify_outbox WHERE claimed_by = ? ORDER BY queued_at, rowid",
        owner,
      );
    });
    return Promise.resolve(rows);
  }

  /** Renews `owner`'s claims, so that another process does not take them over while it waits. */
  renew(owner: string): void {
    const db = this.#open();
    write(db, () => {
      db.prepare("UPDATE notify_outbox SET claimed_at = ? WHERE claimed_by = ?").run(
        this.#now(),
        owner,
      );
    });
  }

  /** Gives up `owner`'s claims (the sink stops): the next sink to start takes the messages over. */
  release(owner: string): void {
    const db = this.#open();
    write(db, () => {
      db.prepare(
        "UPDATE notify_outbox SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by = ?",
      )
        .run(owner);
    });
  }

  /** Messages dropped by the bounds since the store was created. */
  droppedCount(): number {
    const row = this.#open().prepare(
      "SELECT value FROM session_meta WHERE key = 'outbox_dropped'",
    ).get() as { value?: unknown } | undefined;
    return typeof row?.value === "number" ? row.value : 0;
  }

  /** Closes the connection (the next call opens it again). */
  close(): void {
    try {
      this.#db?.close();
    } catch {
      // closed already
    }
    this.#db = undefined;
  }

  #open(): DatabaseSync {
    if (this.#db?.isOpen) return this.#db;
    this.#db = openSessionDb(
      this.file,
      this.#opts.onWarning ? { onWarning: this.#opts.onWarning } : {},
    );
    importLegacyFile(this.#db, `${this.projectDir}/.flux/notify_outbox.json`, this.#now());
    return this.#db;
  }

  #now(): number {
    return (this.#opts.now ?? Date.now)();
  }

  #rows(sql: string, ...params: string[]): OutboxEntry[] {
    return this.#open().prepare(sql).all(...params).flatMap(toEntry);
  }

  /** Deletes what is too old or beyond the count; returns how many rows went, also added to the tally. */
  #applyBounds(db: DatabaseSync, now: number): number {
    const tooOld = now - (this.#opts.maxAgeMs ?? defaults.maxAgeMs);
    const max = this.#opts.maxMessages ?? defaults.maxMessages;
    const old = db.prepare("DELETE FROM notify_outbox WHERE queued_at < ?").run(tooOld).changes;
    const over = db.prepare(
      `DELETE FROM notify_outbox WHERE rowid IN (
         SELECT rowid FROM notify_outbox ORDER BY queued_at DESC, rowid DESC LIMIT -1 OFFSET ?)`,
    ).run(max).changes;
    const dropped = Number(old) + Number(over);
    if (dropped > 0) {
      db.prepare(
        `INSERT INTO session_meta (key, value) VALUES ('outbox_dropped', ?)
         ON CONFLICT(key) DO UPDATE SET value = value + excluded.value`,
      ).run(dropped);
    }
    return dropped;
  }

  #sayDropped(): void {
    if (this.#warned) return;
    this.#warned = true;
    const max = this.#opts.maxMessages ?? defaults.maxMessages;
    const days = Math.round((this.#opts.maxAgeMs ?? defaults.maxAgeMs) / 86_400_000 * 10) / 10;
    const total = this.droppedCount();
    (this.#opts.onWarning ?? console.error)(
      `flux: the webhook outbox keeps at most ${max} messages for ${days} days; ${total} undelivered ` +
        `message${
          total === 1 ? " was" : "s were"
        } dropped (oldest first): check the webhook_url in .flux/config.yaml`,
    );
  }
}

/** A stable, non-secret name for a webhook URL (first 16 hex digits of its SHA-256). */
export async function hookId(url: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(url));
  return [...new Uint8Array(digest)].slice(0, 8).map((b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

/** Runs `fn` in a `BEGIN IMMEDIATE` transaction (writers queue on the busy timeout). */
function write(db: DatabaseSync, fn: () => void): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    fn();
    db.exec("COMMIT");
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

/**
 * Flux before 0.2 kept the outbox in `.flux/notify_outbox.json`: its messages move into the table once, and
 * the file is renamed `.imported` (kept, never deleted).
 */
function importLegacyFile(db: DatabaseSync, file: string, now: number): void {
  let text: string;
  try {
    text = Deno.readTextFileSync(file);
  } catch {
    return;
  }
  let list: unknown[] = [];
  try {
    const value: unknown = JSON.parse(text);
    const entries = (value as { entries?: unknown })?.entries;
    if (Array.isArray(entries)) list = entries;
  } catch {
    // Unreadable: kept under its new name for the user to look at.
  }
  write(db, () => {
    const insert = db.prepare(
      `INSERT OR IGNORE INTO notify_outbox (id, hook, text, created, queued_at) VALUES (?, ?, ?, ?, ?)`,
    );
    for (const entry of list.flatMap(toEntry)) {
      insert.run(entry.id, entry.hook, entry.text, entry.created, now);
    }
  });
  try {
    Deno.renameSync(file, `${file}.imported`);
  } catch {
    // Another process imported and renamed it first (INSERT OR IGNORE kept the rows single).
  }
}

function toEntry(value: unknown): OutboxEntry[] {
  if (typeof value !== "object" || value === null) return [];
  const v = value as Record<string, unknown>;
  if (
    typeof v.id !== "string" || typeof v.hook !== "string" || typeof v.text !== "string" ||
    typeof v.created !== "string"
  ) return [];
  return [{ id: v.id, hook: v.hook, text: v.text, created: v.created }];
}
