/**
 * How an event changes what a session remembers: a task sets the current task, a file edit moves the file to
 * the front of the active files, a test run replaces the test status, an error joins the recent errors.
 */
import type { EventType } from "./event_type.ts";
import type { SessionState, TestFailure, TestStatus } from "./session_types.ts";
import { emptyState } from "./session_types.ts";

/** Files and errors a session keeps in its state (all of them stay in the events). */
export const MAX_ACTIVE_FILES = 20;
export const MAX_RECENT_ERRORS = 10;
/**
 * Longest error or failure message kept in the state (the event keeps all of it). The state is rewritten by
 * every task, edit, test run and error, so ten long tracebacks in it would slow each of those eightfold.
 */
export const MAX_STATE_MESSAGE_CHARS = 1000;

/** True when events of `type` can change a session's state. */
export function changesState(type: EventType): boolean {
  return type === "task" || type === "file_edit" || type === "test_run" || type === "error";
}

/** Returns the state after the event, or `null` when the event leaves it unchanged. */
export function applyEvent(
  state: SessionState,
  type: EventType,
  data: Record<string, unknown>,
  at: number,
): SessionState | null {
  switch (type) {
    case "task": {
      const task = str(data.task) ?? str(data.text);
      return task === undefined ? null : { ...state, currentTask: task };
    }
    case "file_edit": {
      const files = [str(data.file), str(data.path), ...strings(data.files)]
        .filter((f): f is string => f !== undefined);
      if (files.length === 0) return null;
      const rest = state.activeFiles.filter((f) => !files.includes(f));
      return { ...state, activeFiles: [...files, ...rest].slice(0, MAX_ACTIVE_FILES) };
    }
    case "test_run": {
      const status = narrowTestStatus(data);
      if (status === null) return null;
      return { ...state, testStatus: status, recentErrors: stillFailing(state, data) };
    }
    case "error": {
      const message = str(data.message);
      if (message === undefined) return null;
      const test = str(data.test);
      const error = {
        message: clip(message),
        at,
        ...optionalWhere(data),
        ...(test ? { test } : {}),
      };
      return { ...state, recentErrors: [error, ...state.recentErrors].slice(0, MAX_RECENT_ERRORS) };
    }
    default:
      return null;
  }
}

/** Narrows the stored `sessions.data` (untrusted JSON) to a state. */
export function narrowState(value: unknown): SessionState {
  const state = emptyState();
  if (!isRecord(value)) return state;
  state.currentTask = str(value.currentTask) ?? null;
  state.activeFiles = strings(value.activeFiles).slice(0, MAX_ACTIVE_FILES);
  state.testStatus = isRecord(value.testStatus) ? narrowTestStatus(value.testStatus) : null;
  if (Array.isArray(value.recentErrors)) {
    for (const e of value.recentErrors) {
      if (!isRecord(e) || str(e.message) === undefined) continue;
      state.recentErrors.push({
        message: String(e.message),
        at: typeof e.at === "number" ? e.at : 0,
        ...optionalWhere(e),
        ...(str(e.test) !== undefined ? { test: String(e.test) } : {}),
      });
    }
  }
  return state;
}

/** Narrows a test run's data; `null` when it carries no counts. */
export function narrowTestStatus(data: Record<string, unknown>): TestStatus | null {
  const total = count(data.total);
  const failed = count(data.failed);
  const passed = count(data.passed);
  if (total === undefined && failed === undefined && passed === undefined) return null;
  const status: TestStatus = {
    total: total ?? (passed ?? 0) + (failed ?? 0),
    passed: passed ?? Math.max(0, (total ?? 0) - (failed ?? 0)),
    failed: failed ?? Math.max(0, (total ?? 0) - (passed ?? 0)),
  };
  if (Array.isArray(data.failures)) {
    const failures: TestFailure[] = [];
    for (const f of data.failures.slice(0, 50)) {
      if (!isRecord(f) || str(f.name) === undefined) continue;
      failures.push({
        name: String(f.name),
        ...optionalWhere(f),
        ...(str(f.message) !== undefined ? { message: clip(String(f.message)) } : {}),
      });
    }
    status.failures = failures;
  }
  return status;
}

/**
 * The recent errors minus those of tests that pass in this run: a run that lists its failures (every one,
 * by name) clears the errors of tests not among them; errors that name no test stay.
 */
function stillFailing(
  state: SessionState,
  data: Record<string, unknown>,
): SessionState["recentErrors"] {
  if (!Array.isArray(data.failures)) return state.recentErrors;
  const failing = new Set(
    data.failures.map((f) => isRecord(f) ? str(f.name) : str(f)).filter((n) => n !== undefined),
  );
  return state.recentErrors.filter((e) => e.test === undefined || failing.has(e.test));
}

function optionalWhere(data: Record<string, unknown>): { file?: string; line?: number } {
  const out: { file?: string; line?: number } = {};
  const file = str(data.file);
  if (file !== undefined) out.file = file;
  const line = count(data.line);
  if (line !== undefined) out.line = line;
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && !!v) : [];
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function clip(text: string): string {
  return text.length > MAX_STATE_MESSAGE_CHARS
    ? `${text.slice(0, MAX_STATE_MESSAGE_CHARS - 1)}…`
    : text;
}
