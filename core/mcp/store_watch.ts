/**
 * Follows the session store from the MCP server without touching its files: every `intervalMs` one indexed
 * query (`max(id)` of the events, a single step down the table's b-tree) says whether anything was recorded;
 * only then are the new rows read. No file watcher on `sessions.db*`, so no descriptors opened and closed
 * beside the writers (issue 10 §1). Keeps the last state of each monitor, the last test run and the last run
 * of each workflow, and says which resources changed.
 */
import { EventType } from "../session/event_type.ts";
import type { SessionManager } from "../session/session_manager.ts";
import type { SessionEvent } from "../session/session_types.ts";

/** A monitor's state as the last `monitor_state` event recorded it. */
export interface MonitorSnapshot {
  monitor: string;
  status: string;
  summary: string;
  /** When it entered this state (ISO time). */
  since: string;
  items: unknown[];
}

/** What changed since the last poll. */
export interface StoreChange {
  /** A monitor changed state (`monitors` names them). */
  monitors: string[];
  /** A test run was recorded or the tests monitor changed state. */
  tests: boolean;
  /** The session's state may have changed (task, files, tests, errors, monitors). */
  session: boolean;
}

/** Options for {@linkcode StoreWatch}. */
export interface StoreWatchOptions {
  intervalMs?: number;
  onChange?: (change: StoreChange) => void;
  /** Where a failing poll is reported (it is retried next interval). */
  onError?: (message: string) => void;
}

const TRACKED: EventType[] = [
  EventType.MONITOR_STATE,
  EventType.TEST_RUN,
  EventType.WORKFLOW,
  EventType.TASK,
  EventType.ERROR,
  EventType.FILE_EDIT,
];
/** Newest tracked events read at start to learn the current states. */
const INITIAL_SCAN = 1000;
const BATCH = 1000;

const defaults = { intervalMs: 500 } satisfies StoreWatchOptions;

/** The store's latest monitor states, test run and workflow runs, kept up to date by polling. */
export class StoreWatch {
  #sessions: SessionManager;
  #options: StoreWatchOptions & typeof defaults;
  #lastId = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #monitors = new Map<string, MonitorSnapshot>();
  #lastTestRun: SessionEvent | null = null;
  #workflows = new Map<string, SessionEvent>();

  constructor(sessions: SessionManager, options: StoreWatchOptions = {}) {
    this.#sessions = sessions;
    this.#options = { ...defaults, ...options };
  }

  /** Reads the current states once, then polls until {@linkcode stop}. */
  start(): void {
    this.#lastId = this.#sessions.lastEventId();
    const types = [EventType.MONITOR_STATE, EventType.TEST_RUN, EventType.WORKFLOW];
    const known = this.#sessions.recentEvents({ session: "all", limit: INITIAL_SCAN, types });
    for (const event of known) this.#ingest(event);
    this.#timer = setInterval(() => this.poll(), this.#options.intervalMs);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Reads what was recorded since the last poll; calls `onChange` when something tracked changed. */
  poll(): void {
    try {
      const change: StoreChange = { monitors: [], tests: false, session: false };
      let newest = this.#sessions.lastEventId();
      while (newest > this.#lastId) {
        const events = this.#sessions.eventsAfter(this.#lastId, TRACKED, BATCH);
        for (const event of events) {
          this.#ingest(event, change);
        }
        const last = events.at(-1)?.id ?? newest;
        this.#lastId = events.length === BATCH ? last : Math.max(newest, last);
        if (events.length < BATCH) newest = this.#lastId;
      }
      if (change.monitors.length > 0 || change.tests || change.session) {
        this.#options.onChange?.(change);
      }
    } catch (error) {
      this.#options.onError?.(error instanceof Error ? error.message : String(error));
    }
  }

  /** Every monitor's last recorded state, by name. */
  monitors(): MonitorSnapshot[] {
    return [...this.#monitors.values()].sort((a, b) => a.monitor.localeCompare(b.monitor));
  }

  /** The last recorded test run, of any session. */
  lastTestRun(): SessionEvent | null {
    return this.#lastTestRun;
  }

  /** The last recorded run of `workflow`. */
  lastWorkflowRun(workflow: string): SessionEvent | undefined {
    return this.#workflows.get(workflow);
  }

  #ingest(event: SessionEvent, change?: StoreChange): void {
    const d = event.data;
    switch (event.type) {
      case EventType.MONITOR_STATE: {
        if (typeof d.monitor !== "string") return;
        this.#monitors.set(d.monitor, {
          monitor: d.monitor,
          status: typeof d.to === "string" ? d.to : "unknown",
          summary: typeof d.summary === "string" ? d.summary : "",
          since: typeof d.time === "string" ? d.time : event.timestamp.toISOString(),
          items: Array.isArray(d.items) ? d.items : [],
        });
        if (change) {
          change.monitors.push(d.monitor);
          change.session = true;
          if (d.monitor === "tests") change.tests = true;
        }
        return;
      }
      case EventType.TEST_RUN:
        this.#lastTestRun = event;
        if (change) change.tests = change.session = true;
        return;
      case EventType.WORKFLOW:
        if (typeof d.workflow === "string") this.#workflows.set(d.workflow, event);
        return;
      default:
        if (change) change.session = true;
    }
  }
}
