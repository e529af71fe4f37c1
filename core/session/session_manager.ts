/**
 * Flux's memory of a project (seed section 1): what you were doing, the files you touched, the last test run
 * and errors, and everything said and run, kept in `.flux/sessions.db` across restarts.
 *
 * ```ts
 * const sessions = new SessionManager(projectDir);
 * const last = sessions.loadLastSession();
 * if (last) console.log(sessions.getSessionSummary(last));
 * else sessions.startNewSession();
 * sessions.recordEvent(EventType.FILE_EDIT, { file: "auth.ts", lines_changed: 42 });
 * ```
 */
import { requiredText } from "../api/required.ts";
import type { DatabaseSync } from "node:sqlite";
import { type EventType, EventType as Events } from "./event_type.ts";
import {
  damageReason,
  isUnreadable,
  openSessionDb,
  quickCheck,
  setAside,
} from "./open_session_db.ts";
import { type PendingEvent, SessionStore } from "./session_store.ts";
import { readSessionConfig } from "./session_config.ts";
import { rememberLastSession } from "./remember_last_session.ts";
import { absolutePath, closeQuietly, fileId, newSessionId } from "./_manager_helpers.ts";
import { applyEvent, changesState } from "./apply_event.ts";
import { serializeEventData } from "./serialize_event_data.ts";
import { TestHistory, type TestRunRecord } from "./test_history.ts";
import { redact } from "../secrets/redact.ts";
import { formatSessionSummary, SUMMARY_LIMITS } from "./format_session_summary.ts";
import { type AiContextOptions, buildAiContext } from "./build_ai_context.ts";
import { fitAiContext } from "./fit_ai_context.ts";
import { estimatedTokenCounter } from "../ai/token_counter.ts";
import {
  type AiContext,
  type BudgetedAiContext,
  type ContextChoice,
  emptyState,
  type Session,
  type SessionEvent,
  type SessionListing,
  type SessionState,
  type TestStatus,
} from "./session_types.ts";
import { projectRootOf } from "../fs/find_project_root.ts";

/** Options for {@linkcode SessionManager}. */
export interface SessionManagerOptions {
  /**
   * Record nothing: the store lives in memory. The last session is read from the project's database (which is
   * not changed) so that the resume banner and the AI context still show it.
   */
  incognito?: boolean;
  /** Clock, for tests. */
  now?: () => Date;
  /** Overrides `session.retention_days` of `.flux/config.yaml`; 0 keeps sessions forever. */
  retentionDays?: number;
  /** Values never written, on top of `session.secrets` and `.flux/secrets`. */
  secrets?: string[];
  /** Where one-line warnings go (default: stderr). */
  onWarning?: (message: string) => void;
  /**
   * Check the store with `PRAGMA quick_check` on open: `"report"` keeps what is wrong in
   * {@linkcode SessionManager.damage} for the caller to say, and never moves the store (a query that fails
   * then throws); `"set-aside"` moves a damaged store aside (one line) and starts a fresh one. Default: no
   * check at open (damage is still caught at a query).
   */
  verify?: "report" | "set-aside";
}

/** An event for {@linkcode SessionManager.recordEvents}. */
export interface EventInput {
  type: EventType;
  data: Record<string, unknown>;
}

/** Options for {@linkcode SessionManager.recentEvents}. */
export interface RecentEventsOptions {
  /** Most events returned (default 50). */
  limit?: number;
  /** Only these types (default: all). */
  types?: EventType[];
  /** A session id, or `"all"` for every session (default: the current session). */
  session?: string;
  /** Only events at or after this moment. */
  since?: Date;
}

/** What {@linkcode SessionManager.pruneSessions} removed, or would remove on a dry run. */
export interface PruneResult {
  dryRun: boolean;
  retentionDays: number;
  sessions: Array<Session & { eventCount: number }>;
  /** Events of those sessions. */
  events: number;
  /** Events older than the retention in sessions still in use (their state is kept). */
  oldEvents: number;
}

const DAY_MS = 86_400_000;
/** Events the banner lists as recent activity: tasks and errors have their own lines above it. */
const ACTIVITY_TYPES = Object.values(Events).filter((t) => t !== Events.TASK && t !== Events.ERROR);
/** Events the token-budget context weighs; older ones are counted, not read. */
export const CONTEXT_WINDOW = 1000;
/** Latest events of the last session an incognito run copies (banner, AI context, input history). */
const REMEMBERED_EVENTS = 1000;

/** Records a project's sessions and events and brings them back after a restart. */
export class SessionManager {
  /** The project folder this store belongs to. */
  readonly projectDir: string;
  /** The database file, or `":memory:"` in incognito mode. */
  readonly dbPath: string;
  readonly incognito: boolean;
  readonly retentionDays: number;
  #db: DatabaseSync;
  #store: SessionStore;
  #now: () => Date;
  #secrets: string[];
  #current: Session | null = null;
  #closed = false;
  #warn: (line: string) => void;
  /** Which file the connection has open (device and inode), to notice it was moved aside meanwhile. */
  #fileId: string | null = null;
  /** What `PRAGMA quick_check` found wrong with the store at open (`verify: "report"`), else null. */
  damage: string | null = null;
  #eventCounts = new Map<string, { count: number; lastId: number; oldest: number | null }>();

  constructor(projectDir: string, options: SessionManagerOptions = {}) {
    requiredText(projectDir, "SessionManager's projectDir", 'new SessionManager("/project")');
    this.projectDir = projectRootOf(absolutePath(projectDir));
    this.incognito = options.incognito ?? false;
    this.#now = options.now ?? (() => new Date());
    const config = readSessionConfig(this.projectDir);
    this.retentionDays = options.retentionDays ?? config.retentionDays;
    this.#secrets = [...config.secrets, ...(options.secrets ?? [])];
    const diskPath = `${this.projectDir}/.flux/sessions.db`;
    this.dbPath = this.incognito ? ":memory:" : diskPath;
    const warn = options.onWarning ?? ((line: string) => console.error(line));
    this.#warn = warn;
    this.#db = openSessionDb(this.dbPath, { now: this.#now, onWarning: warn });
    this.#store = new SessionStore(this.#db);
    this.#fileId = fileId(this.dbPath);
    if (options.verify && !this.incognito) this.#verify(options.verify);
    if (this.incognito) this.#remember(diskPath, warn);
    if (this.retentionDays > 0 && this.damage === null) this.pruneSessions();
  }

  /** The most recently active session, which becomes the current one; `null` when there is none. */
  loadLastSession(): Session | null {
    const session = this.#use((store) => store.latestSession());
    if (session) this.#current = session;
    return session;
  }

  /** Starts an empty session and makes it the current one. */
  startNewSession(): Session {
    const now = this.#now();
    return this.#use((store) => this.#insertNewSession(store, now));
  }

  #insertNewSession(store: SessionStore, now: Date): Session {
    for (;;) {
      const session: Session = {
        id: newSessionId(now),
        projectPath: this.projectDir,
        startTime: now,
        lastActive: now,
        name: null,
        pinned: false,
        state: emptyState(),
      };
      // Ids carry the second and 24 random bits; on the rare clash, draw again.
      if (!store.write(() => store.insertSession(session))) continue;
      this.#current = session;
      return session;
    }
  }

  /** The current session as stored now: the last one, or a new one when the project has none. */
  currentSession(): Session {
    if (this.#current) {
      const id = this.#current.id;
      const fresh = this.#use((store) => store.getSession(id));
      if (fresh) return this.#current = fresh;
    }
    return this.loadLastSession() ?? this.startNewSession();
  }

  /** Records one event in the current session; returns its id once it is committed. */
  recordEvent(type: EventType, data: Record<string, unknown>): number {
    return this.recordEvents([{ type, data }])[0] ?? 0;
  }

  /** Records events in one transaction (all or none); returns their ids once committed. */
  recordEvents(batch: EventInput[]): number[] {
    if (batch.length === 0) return [];
    const session = this.#current ?? this.currentSession();
    const pending: PendingEvent[] = batch.map((e) => ({
      type: e.type,
      json: serializeEventData(e.data, this.#secrets),
      timestamp: this.#now().getTime(),
    }));
    const last = pending[pending.length - 1]?.timestamp ?? Date.now();
    const stateful = batch.some((e) => changesState(e.type));
    // If the store turns out to be damaged, #use moves it aside and writes the batch to a fresh one.
    const { ids, state } = this.#use((store) =>
      store.write(() => {
        const stored = stateful ? store.readState(session.id) : null;
        const missing = stateful ? stored === null : !store.touch(session.id, last, null);
        // A session deleted meanwhile (or lost with a damaged store) comes back from what we know of it.
        if (missing) store.insertSession({ ...session, lastActive: new Date(last) });
        let state: SessionState | null = null;
        if (stateful) {
          state = stored ?? session.state;
          for (const p of pending) {
            if (!changesState(p.type)) continue;
            const data = JSON.parse(p.json) as Record<string, unknown>;
            state = applyEvent(state, p.type, data, p.timestamp) ?? state;
          }
          store.touch(session.id, last, state);
        }
        return { ids: pending.map((p) => store.insertEvent(session.id, p)), state };
      })
    );
    // Kept up to date so that a store started afresh after damage gets the latest task, files and tests.
    if (state !== null && this.#current?.id === session.id) this.#current = { ...session, state };
    return ids;
  }

  /** Records a test run and makes it the session's test status. */
  updateTestStatus(status: TestStatus): void {
    this.recordEvent(Events.TEST_RUN, { ...status });
  }

  /** Records every test of one run in the current session; returns the run id once committed. */
  recordTestRun(run: TestRunRecord): number {
    const session = this.#current ?? this.currentSession();
    const cases = run.cases.map((c) =>
      c.message === undefined
        ? c
        : { ...c, message: redact(c.message, this.#secrets).slice(0, 2000) }
    );
    return this.#use((store) =>
      store.write(() => {
        if (!store.touch(session.id, this.#now().getTime(), null)) store.insertSession(session);
        return new TestHistory(this.#db).insert(session.id, { ...run, cases });
      })
    );
  }

  /** Reads the recorded test runs (all sessions of the project). */
  readTests<T>(fn: (history: TestHistory) => T): T {
    return this.#use(() => fn(new TestHistory(this.#db)));
  }

  /**
   * Runs `fn` on this store's open database, for tables kept beside the sessions (workflow runs and
   * fingerprints), so that a writer of both opens the file once.
   */
  withDatabase<T>(fn: (db: DatabaseSync) => T): T {
    return this.#use(() => fn(this.#db));
  }

  /** Records an error and adds it to the session's recent errors. */
  recordError(error: { message: string; file?: string; line?: number; test?: string }): void {
    this.recordEvent(Events.ERROR, { ...error });
  }

  /** Records what you are working on; the resume summary shows it as the last task. */
  setCurrentTask(text: string): void {
    this.recordEvent(Events.TASK, { task: text });
  }

  /**
   * The current (else the last) session's context for a model. With `maxTokens`, filled by relevance up to
   * that many tokens of its JSON (counted by `tokenizer`, else estimated; see {@linkcode fitContextForAi});
   * otherwise within `maxChars` of JSON, the oldest activity dropped first.
   */
  getContextForAi(options: AiContextOptions & { maxTokens: number }): BudgetedAiContext;
  getContextForAi(options?: AiContextOptions): AiContext;
  getContextForAi(options: AiContextOptions = {}): AiContext | BudgetedAiContext {
    if (options.maxTokens !== undefined) {
      return this.fitContextForAi({ ...options, maxTokens: options.maxTokens }).context;
    }
    const currentId = this.#current?.id;
    const [session, recent] = this.#use((store) => {
      const found = currentId ? store.getSession(currentId) : store.latestSession();
      return [found, found ? store.recentEvents(found.id, 20) : []] as const;
    });
    return buildAiContext(session, recent, this.#now(), options);
  }

  /**
   * The token-budget context and, for each item weighed, whether it went in and why (`flux context
   * --explain`). Reads the newest {@linkcode CONTEXT_WINDOW} events; older ones are counted as left out.
   */
  fitContextForAi(
    options: AiContextOptions & { maxTokens: number },
  ): { context: BudgetedAiContext; choices: ContextChoice[] } {
    const currentId = this.#current?.id;
    const { session, window, total } = this.#use((store) => {
      const session = currentId ? store.getSession(currentId) : store.latestSession();
      if (!session) return { session, window: [], total: 0 };
      return {
        session,
        window: store.recentEvents(session.id, CONTEXT_WINDOW),
        total: this.#countEvents(store, session.id),
      };
    });
    return fitAiContext({
      projectDir: this.projectDir,
      session,
      window,
      totalEvents: total,
      now: this.#now(),
    }, { maxTokens: options.maxTokens, counter: options.tokenizer ?? estimatedTokenCounter });
  }

  /** A session's event count, kept between calls and brought up to date from the rows added since. */
  #countEvents(store: SessionStore, sessionId: string): number {
    const cached = this.#eventCounts.get(sessionId);
    const step = store.countEventsAfter(sessionId, cached?.lastId ?? 0);
    // Events pruned or deleted meanwhile (here or by another process) move the oldest: count afresh.
    if (cached && step.oldest === cached.oldest) {
      const next = { count: cached.count + step.count, lastId: step.lastId, oldest: step.oldest };
      this.#eventCounts.set(sessionId, next);
      return next.count;
    }
    const fresh = cached ? store.countEventsAfter(sessionId, 0) : step;
    this.#eventCounts.set(sessionId, fresh);
    return fresh.count;
  }

  /** The id of the newest event in the store, for watching it change without touching its files. */
  lastEventId(): number {
    return this.#use((store) => store.lastEventId());
  }

  /** Events of `types` (all when empty) recorded after the event `afterId`, oldest first. */
  eventsAfter(afterId: number, types: EventType[] = [], limit = 1000): SessionEvent[] {
    return this.#use((store) => store.eventsAfter(afterId, types, limit));
  }

  /** The "📂 Resuming session from 2 hours ago" banner for `session`. */
  getSessionSummary(session: Session): string {
    const recent = this.#use((store) =>
      // More than shown: monitor states that did not change are left out of the activity.
      store.recentEvents(session.id, SUMMARY_LIMITS.activity * 4, ACTIVITY_TYPES)
    );
    return formatSessionSummary(session, recent, this.#now());
  }

  /** The newest events, oldest first (of the current session unless `session` says otherwise). */
  recentEvents(options: RecentEventsOptions = {}): SessionEvent[] {
    const sessionId = options.session === "all"
      ? null
      : options.session ?? this.#current?.id ?? this.#use((store) => store.latestSession())?.id;
    if (sessionId === undefined) return [];
    return this.#use((store) =>
      store.recentEvents(
        sessionId,
        options.limit ?? 50,
        options.types ?? [],
        options.since?.getTime(),
      )
    );
  }

  /** Sessions, most recently active first, with their event counts. */
  listSessions(options: { limit?: number } = {}): SessionListing[] {
    return this.#use((store) => store.listSessions(options.limit ?? 1_000_000));
  }

  /** A session by id. */
  getSession(id: string): Session | null {
    return this.#use((store) => store.getSession(id));
  }

  /** How many events a session holds. */
  countEvents(sessionId: string): number {
    return this.#use((store) => store.eventCount(sessionId));
  }

  /** Sessions whose id starts with `ref` or whose name is `ref` (exact id first). */
  findSessions(ref: string): Session[] {
    return this.#use((store) => {
      const exact = store.getSession(ref);
      return exact ? [exact] : store.findSessions(ref);
    });
  }

  /** Events containing every word of `text` (prefix match), newest first. */
  searchEvents(text: string, options: { limit?: number } = {}): SessionEvent[] {
    return this.#use((store) => store.search(text, options.limit ?? 50));
  }

  /**
   * Deletes unpinned sessions inactive for longer than the retention, and older events of unpinned sessions
   * still in use, so that a project resumed every day does not grow forever. Nothing when retention is 0.
   */
  pruneSessions(options: { dryRun?: boolean; retentionDays?: number } = {}): PruneResult {
    const days = options.retentionDays ?? this.retentionDays;
    const dryRun = options.dryRun ?? false;
    const result: PruneResult = {
      dryRun,
      retentionDays: days,
      sessions: [],
      events: 0,
      oldEvents: 0,
    };
    if (days <= 0) return result;
    const cutoff = this.#now().getTime() - days * DAY_MS;
    const run = (store: SessionStore) => {
      const expired = store.expiredSessions(cutoff)
        .filter((s) => s.id !== this.#current?.id)
        .map((s) => ({ ...s, eventCount: store.eventCount(s.id) }));
      result.sessions = expired;
      result.events = expired.reduce((n, s) => n + s.eventCount, 0);
      if (!dryRun && expired.length > 0) store.deleteSessions(expired.map((s) => s.id));
      result.oldEvents = store.oldEvents(cutoff, !dryRun);
      if (!dryRun) new TestHistory(this.#db).deleteBefore(cutoff);
    };
    this.#use((store) => dryRun ? run(store) : store.write(() => run(store)));
    return result;
  }

  /** Pins (kept by retention) or unpins a session. */
  pinSession(id: string, pinned = true): void {
    this.#use((store) => store.write(() => store.setPinned(id, pinned)));
  }

  /** Names a session (`null` removes the name); the name is redacted like event data. */
  nameSession(id: string, name: string | null): void {
    const safe = name === null ? null : redact(name, this.#secrets);
    this.#use((store) => store.write(() => store.setName(id, safe)));
  }

  /** Checkpoints the WAL and closes the database; later calls fail. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#store.indexPending();
    } catch {
      // Another process holds the write lock for longer than the busy timeout: the next one catches up.
    }
    if (!this.incognito) this.#store.checkpoint("TRUNCATE");
    this.#db.close();
  }

  #verify(mode: "report" | "set-aside"): void {
    const problem = quickCheck(this.dbPath);
    if (problem === null) return;
    if (mode === "report") {
      this.damage = problem;
      return;
    }
    setAside(this.dbPath, problem, this.#db, { now: this.#now, onWarning: this.#warn });
    this.#db = openSessionDb(this.dbPath, { now: this.#now, onWarning: this.#warn });
    this.#store = new SessionStore(this.#db);
    this.#fileId = fileId(this.dbPath);
  }

  /** Incognito: copies the last session from disk into memory, so it shows and informs while nothing is written. */
  #remember(diskPath: string, warn: (line: string) => void): void {
    try {
      rememberLastSession(diskPath, this.#store, REMEMBERED_EVENTS);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      warn(`flux: cannot read the session store "${diskPath}" (${reason}); incognito starts empty`);
    }
  }

  /**
   * Runs `fn` on the store. Damage that only shows at a query (a corrupt page deep in the file) is handled as
   * at open: when the file fails `PRAGMA quick_check` opened alone, it is moved aside with a one-line
   * warning, a fresh store is started and `fn` runs again there, so an event being recorded is not lost.
   * When it passes, the connection is opened again and `fn` retried: a sound store is never moved.
   */
  #use<T>(fn: (store: SessionStore) => T): T {
    if (this.#closed) throw new Error("Session store is closed: create a new SessionManager");
    try {
      return fn(this.#store);
    } catch (error) {
      if (this.incognito || this.damage !== null || !isUnreadable(error)) throw error;
      if (fileId(this.dbPath) === this.#fileId) {
        const problem = quickCheck(this.dbPath);
        if (problem === null) closeQuietly(this.#db);
        else {
          const reason = damageReason(error, problem);
          setAside(this.dbPath, reason, this.#db, { now: this.#now, onWarning: this.#warn });
        }
      } else {
        // Another Flux process moved it aside already: the file there now is its fresh store.
        closeQuietly(this.#db);
      }
      this.#db = openSessionDb(this.dbPath, { now: this.#now, onWarning: this.#warn });
      this.#store = new SessionStore(this.#db);
      this.#fileId = fileId(this.dbPath);
      return fn(this.#store);
    }
  }
}
