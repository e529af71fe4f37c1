/** The shapes the session store hands out: sessions, their running state, events and the AI context. */
import type { EventType } from "./event_type.ts";

/** One failing test, as far as the runner told us. */
export interface TestFailure {
  name: string;
  file?: string;
  line?: number;
  message?: string;
}

/** The latest test run of a session. */
export interface TestStatus {
  total: number;
  passed: number;
  failed: number;
  failures?: TestFailure[];
}

/** An error seen during the session (a failing build, an exception, a tool's error line). */
export interface ErrorRecord {
  message: string;
  file?: string;
  line?: number;
  /** The failing test it came from; the error leaves the recent errors when that test passes again. */
  test?: string;
  /** Epoch milliseconds. */
  at: number;
}

/** What a session remembers beyond its events: kept in `sessions.data`. */
export interface SessionState {
  currentTask: string | null;
  /** Files worked on, most recent first. */
  activeFiles: string[];
  testStatus: TestStatus | null;
  /** Most recent first. */
  recentErrors: ErrorRecord[];
}

/** One session of one project. A snapshot: read it again to see later events. */
export interface Session {
  id: string;
  projectPath: string;
  startTime: Date;
  lastActive: Date;
  name: string | null;
  pinned: boolean;
  state: SessionState;
}

/** One recorded event. `data` has been redacted before it was written. */
export interface SessionEvent {
  id: number;
  sessionId: string;
  timestamp: Date;
  type: EventType;
  data: Record<string, unknown>;
}

/** One line of recent activity in the AI context. */
export interface AiActivity {
  type: EventType;
  summary: string;
  when: string;
}

/** The session context handed to a model; keys in the seed's snake_case. */
export interface AiContext {
  current_task: string | null;
  active_files: string[];
  test_status: TestStatus | null;
  recent_errors: Array<{ message: string; file?: string; line?: number; when: string }>;
  recent_activity: AiActivity[];
}

/**
 * The context within a token budget (`getContextForAi({ maxTokens })`): the seed's keys plus the files in
 * failing tests' stack traces, the files changed since the last green run, the budget as counted, and one
 * line per part that lost items. Keys are in the order they are written: the most important first and last.
 */
export interface BudgetedAiContext extends AiContext {
  /** `file:line` from the failing tests and their stack traces, inside the project. */
  failure_files: string[];
  /** Files edited after the last green test run (`since`: its time; `null` when none was seen). */
  changed_since_green: { since: string | null; files: string[] };
  budget: {
    max_tokens: number;
    /** Tokens of `JSON.stringify(context)` by `tokenizer`. */
    used_tokens: number;
    /** `"o200k_base"`, `"cl100k_base"` or `"estimate"`. */
    tokenizer: string;
    /** False when the count is an estimate. */
    exact: boolean;
  };
  /** What did not fit, counted: "12 older events left out". */
  left_out: string[];
}

/** Whether one candidate item went into a {@linkcode BudgetedAiContext}, and why. */
export interface ContextChoice {
  section: string;
  item: string;
  tokens: number;
  included: boolean;
  reason: string;
}

/** A session as listed by `flux session list`. */
export interface SessionListing extends Session {
  eventCount: number;
}

/** The state of a session that has seen nothing yet. */
export function emptyState(): SessionState {
  return { currentTask: null, activeFiles: [], testStatus: null, recentErrors: [] };
}
