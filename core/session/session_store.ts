/**
 * The SQL side of the session store: rows in, typed sessions and events out. Every write runs in a
 * `BEGIN IMMEDIATE` transaction, so two Flux processes queue on the busy timeout instead of failing; a write
 * is acknowledged when its transaction has committed (WAL with `synchronous = NORMAL`: a killed process
 * loses nothing committed). The full-text index trails the events and is caught up in batches and before
 * every search. Rows are narrowed: the file may be old or edited.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import { type EventType, isEventType } from "./event_type.ts";
import { narrowState } from "./apply_event.ts";
import type { Session, SessionEvent, SessionListing, SessionState } from "./session_types.ts";

/** An event ready to be written: data already redacted and serialised. */
export interface PendingEvent {
  type: EventType;
  json: string;
  timestamp: number;
}

const SESSION_COLUMNS = "session_id, project_path, start_time, last_active, data, name, pinned";
/** Commits between explicit passive checkpoints (SQLite also checkpoints every 1000 pages itself). */
const CHECKPOINT_EVERY = 1000;
/** Commits between catching the full-text index up with the events. */
const INDEX_EVERY = 500;
const EVENT_TEXT = `event_type || ' ' || ifnull(
  (SELECT group_concat(value, ' ') FROM json_tree(events.data) WHERE type = 'text'), '')`;

/** Typed access to one open session database. */
export class SessionStore {
  #db: DatabaseSync;
  #statements = new Map<string, StatementSync>();
  #writesSinceCheckpoint = 0;
  #writesSinceIndex = 0;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Runs `fn` in a `BEGIN IMMEDIATE` transaction; it has committed when this returns. */
  write<T>(fn: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    let result: T;
    try {
      result = fn();
      this.#db.exec("COMMIT");
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw error;
    }
    if (++this.#writesSinceIndex >= INDEX_EVERY) this.indexPending();
    if (++this.#writesSinceCheckpoint >= CHECKPOINT_EVERY) this.checkpoint("PASSIVE");
    return result;
  }

  /** Adds the events written since the last catch-up to the full-text index (its own transaction). */
  indexPending(): void {
    this.#writesSinceIndex = 0;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      this.#run(
        `INSERT INTO events_fts (rowid, text) SELECT id, ${EVENT_TEXT} FROM events
         WHERE id > (SELECT value FROM session_meta WHERE key = 'fts_indexed_through') ORDER BY id`,
      );
      this.#run(
        `UPDATE session_meta SET value = (SELECT ifnull(max(id), 0) FROM events)
         WHERE key = 'fts_indexed_through'`,
      );
      this.#db.exec("COMMIT");
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Copies WAL pages into the database; TRUNCATE also empties the WAL when no one is reading. */
  checkpoint(mode: "PASSIVE" | "TRUNCATE"): void {
    this.#writesSinceCheckpoint = 0;
    try {
      if (mode === "TRUNCATE") this.#db.exec("PRAGMA busy_timeout = 0");
      this.#db.prepare(`PRAGMA wal_checkpoint(${mode})`).get();
    } catch {
      // A busy checkpoint is retried next time; it never fails a write.
    } finally {
      if (mode === "TRUNCATE") this.#db.exec("PRAGMA busy_timeout = 5000");
    }
  }

  /** Inserts a session row; false when one with that id exists already. */
  insertSession(session: Session): boolean {
    const result = this.#run(
      `INSERT OR IGNORE INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      session.id,
      session.projectPath,
      session.startTime.getTime(),
      session.lastActive.getTime(),
      JSON.stringify(session.state),
      session.name,
      session.pinned ? 1 : 0,
    );
    return Number(result.changes) > 0;
  }

  /** Reads a session's state inside the current transaction. */
  readState(sessionId: string): SessionState | null {
    const row = this.#get("SELECT data FROM sessions WHERE session_id = ?", sessionId);
    return row === undefined ? null : narrowState(parseJson(row.data));
  }

  /** Moves `last_active` forward (never back) and, when given, replaces the state; false if no such row. */
  touch(sessionId: string, at: number, state: SessionState | null): boolean {
    const result = state === null
      ? this.#run(
        "UPDATE sessions SET last_active = max(last_active, ?) WHERE session_id = ?",
        at,
        sessionId,
      )
      : this.#run(
        "UPDATE sessions SET last_active = max(last_active, ?), data = ? WHERE session_id = ?",
        at,
        JSON.stringify(state),
        sessionId,
      );
    return Number(result.changes) > 0;
  }

  insertEvent(sessionId: string, event: PendingEvent): number {
    const result = this.#run(
      "INSERT INTO events (session_id, timestamp, event_type, data) VALUES (?, ?, ?, ?)",
      sessionId,
      event.timestamp,
      event.type,
      event.json,
    );
    return Number(result.lastInsertRowid);
  }

  latestSession(): Session | null {
    const row = this.#get(
      `SELECT ${SESSION_COLUMNS} FROM sessions ORDER BY last_active DESC LIMIT 1`,
    );
    return row === undefined ? null : toSession(row);
  }

  getSession(id: string): Session | null {
    const row = this.#get(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE session_id = ?`, id);
    return row === undefined ? null : toSession(row);
  }

  /** Sessions whose id starts with `ref` or whose name is `ref`. */
  findSessions(ref: string): Session[] {
    const escaped = ref.replace(/[\\%_]/g, (c) => `\\${c}`);
    return this.#all(
      `SELECT ${SESSION_COLUMNS} FROM sessions
       WHERE session_id LIKE ? ESCAPE '\\' OR name = ? ORDER BY last_active DESC LIMIT 20`,
      `${escaped}%`,
      ref,
    ).map(toSession);
  }

  listSessions(limit: number): SessionListing[] {
    return this.#all(
      `SELECT ${SESSION_COLUMNS},
         (SELECT count(*) FROM events e WHERE e.session_id = s.session_id) AS event_count
       FROM sessions s ORDER BY last_active DESC LIMIT ?`,
      limit,
    ).map((row) => ({ ...toSession(row), eventCount: Number(row.event_count ?? 0) }));
  }

  /** The newest `limit` events (of `types`, of one session or all, at or after `since`), oldest first. */
  recentEvents(
    sessionId: string | null,
    limit: number,
    types: EventType[] = [],
    since?: number,
  ): SessionEvent[] {
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    if (since !== undefined) {
      where.push("timestamp >= ?");
      params.push(since);
    }
    if (sessionId !== null) {
      where.push("session_id = ?");
      params.push(sessionId);
    }
    if (types.length > 0) {
      where.push(`event_type IN (${types.map(() => "?").join(", ")})`);
      params.push(...types);
    }
    const sql = `SELECT id, session_id, timestamp, event_type, data FROM events
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY ${sessionId !== null ? "timestamp DESC, id DESC" : "id DESC"} LIMIT ?`;
    return this.#all(sql, ...params, limit).flatMap(toEvent).reverse();
  }

  /** Events whose text matches every word of `text` (as word prefixes), newest first. */
  search(text: string, limit: number): SessionEvent[] {
    this.indexPending();
    const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
    if (words.length === 0) return [];
    const query = words.map((w) => `"${w}"*`).join(" ");
    return this.#all(
      `SELECT e.id, e.session_id, e.timestamp, e.event_type, e.data FROM events_fts f
       JOIN events e ON e.id = f.rowid WHERE events_fts MATCH ?
       ORDER BY e.timestamp DESC, e.id DESC LIMIT ?`,
      query,
      limit,
    ).flatMap(toEvent);
  }

  /** Unpinned sessions last active before `cutoff` (epoch ms). */
  expiredSessions(cutoff: number): Session[] {
    return this.#all(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE last_active < ? AND pinned = 0
       ORDER BY last_active`,
      cutoff,
    ).map(toSession);
  }

  /**
   * Events before `cutoff` in unpinned sessions still in use (started before it, active after it);
   * `remove` deletes them. Returns how many there are (were).
   */
  oldEvents(cutoff: number, remove: boolean): number {
    const live = this.#all(
      "SELECT session_id FROM sessions WHERE pinned = 0 AND start_time < ? AND last_active >= ?",
      cutoff,
      cutoff,
    );
    let count = 0;
    for (const row of live) {
      const id = String(row.session_id);
      count += remove
        ? Number(
          this.#run("DELETE FROM events WHERE session_id = ? AND timestamp < ?", id, cutoff)
            .changes,
        )
        : Number(
          this.#get(
            "SELECT count(*) AS n FROM events WHERE session_id = ? AND timestamp < ?",
            id,
            cutoff,
          )
            ?.n ?? 0,
        );
    }
    if (remove) this.#lowerIndexMark();
    return count;
  }

  /** Deletes sessions and their events; returns the number of events deleted. */
  deleteSessions(ids: string[]): number {
    let events = 0;
    for (const id of ids) {
      events += Number(this.#run("DELETE FROM events WHERE session_id = ?", id).changes);
      this.#run("DELETE FROM sessions WHERE session_id = ?", id);
    }
    this.#lowerIndexMark();
    return events;
  }

  /** Ids of deleted events can be reused: never let the index mark skip a future event. */
  #lowerIndexMark(): void {
    this.#run(
      `UPDATE session_meta SET value = min(value, (SELECT ifnull(max(id), 0) FROM events))
       WHERE key = 'fts_indexed_through'`,
    );
  }

  /**
   * How many events of the session have an id above `afterId`, the highest such id, and the time of the
   * session's oldest event. From 0 this reads the session's index; from a later id only the rows after it.
   */
  countEventsAfter(
    sessionId: string,
    afterId: number,
  ): { count: number; lastId: number; oldest: number | null } {
    const row = afterId === 0
      ? this.#get(
        "SELECT count(*) AS n, max(id) AS last FROM events WHERE session_id = ?",
        sessionId,
      )
      : this.#get(
        "SELECT count(*) AS n, max(id) AS last FROM events WHERE id > ? AND +session_id = ?",
        afterId,
        sessionId,
      );
    const oldest = this.#get(
      "SELECT min(timestamp) AS t FROM events WHERE session_id = ?",
      sessionId,
    );
    return {
      count: Number(row?.n ?? 0),
      lastId: row?.last === null || row?.last === undefined ? afterId : Number(row.last),
      oldest: oldest?.t === null || oldest?.t === undefined ? null : Number(oldest.t),
    };
  }

  /** The id of the newest event of any session (0 when there is none): one step down the table's b-tree. */
  lastEventId(): number {
    return Number(this.#get("SELECT ifnull(max(id), 0) AS id FROM events")?.id ?? 0);
  }

  /** Events of `types` with an id above `afterId`, oldest first (reads only the rows after it). */
  eventsAfter(afterId: number, types: EventType[], limit: number): SessionEvent[] {
    const where = types.length > 0 ? ` AND event_type IN (${types.map(() => "?").join(", ")})` : "";
    return this.#all(
      `SELECT id, session_id, timestamp, event_type, data FROM events WHERE id > ?${where}
       ORDER BY id LIMIT ?`,
      afterId,
      ...types,
      limit,
    ).flatMap(toEvent);
  }

  eventCount(sessionId: string): number {
    const row = this.#get("SELECT count(*) AS n FROM events WHERE session_id = ?", sessionId);
    return Number(row?.n ?? 0);
  }

  setPinned(id: string, pinned: boolean): void {
    this.#run("UPDATE sessions SET pinned = ? WHERE session_id = ?", pinned ? 1 : 0, id);
  }

  setName(id: string, name: string | null): void {
    this.#run("UPDATE sessions SET name = ? WHERE session_id = ?", name, id);
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #run(sql: string, ...params: SQLInputValue[]) {
    return this.#statement(sql).run(...params);
  }

  #get(sql: string, ...params: SQLInputValue[]): Record<string, unknown> | undefined {
    const row: unknown = this.#statement(sql).get(...params);
    return row === undefined ? undefined : row as Record<string, unknown>;
  }

  #all(sql: string, ...params: SQLInputValue[]): Record<string, unknown>[] {
    return this.#statement(sql).all(...params) as Record<string, unknown>[];
  }
}

function toSession(row: Record<string, unknown>): Session {
  return {
    id: String(row.session_id),
    projectPath: String(row.project_path ?? ""),
    startTime: new Date(Number(row.start_time ?? 0)),
    lastActive: new Date(Number(row.last_active ?? 0)),
    name: typeof row.name === "string" ? row.name : null,
    pinned: Number(row.pinned ?? 0) === 1,
    state: narrowState(parseJson(row.data)),
  };
}

function toEvent(row: Record<string, unknown>): SessionEvent[] {
  const type = row.event_type;
  if (!isEventType(type)) return [];
  const data = parseJson(row.data);
  return [{
    id: Number(row.id),
    sessionId: String(row.session_id),
    timestamp: new Date(Number(row.timestamp ?? 0)),
    type,
    data: typeof data === "object" && data !== null && !Array.isArray(data)
      ? data as Record<string, unknown>
      : { value: data },
  }];
}

function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
