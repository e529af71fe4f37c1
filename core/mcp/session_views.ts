/**
 * The JSON an agent reads about the session and its tests, shared by the tools (`flux_test_status`) and the
 * resources (`flux://tests/last`, `flux://session/current`). Flux mcp runs no monitors: these are what a
 * running `flux watch` or TUI recorded, with the time they were recorded.
 */
import { EventType } from "../session/event_type.ts";
import { timeAgo } from "../session/time_ago.ts";
import type { SessionManager } from "../session/session_manager.ts";
import type { StoreWatch } from "./store_watch.ts";

const NO_RUN =
  "No test run recorded yet: start `flux watch` (or `flux`) in this project so the tests monitor runs";

/** The tests monitor's last verdict, the failures, when it ran and which files changed since. */
export function testStatusView(sessions: SessionManager, watch: StoreWatch, now = new Date()) {
  const session = sessions.loadLastSession();
  const status = session?.state.testStatus ?? null;
  const monitor = watch.monitors().find((m) => m.monitor === "tests") ?? null;
  const run = watch.lastTestRun();
  const changed = run && session
    ? sessions.recentEvents({
      session: session.id,
      types: [EventType.FILE_EDIT],
      since: new Date(run.timestamp.getTime() + 1),
      limit: 200,
    }).flatMap((e) => [
      e.data.file,
      e.data.path,
      ...(Array.isArray(e.data.files) ? e.data.files : []),
    ]).filter((f): f is string => typeof f === "string")
    : [];
  const verdict = monitor?.status ??
    (status ? (status.failed > 0 ? "fail" : "ok") : "unknown");
  return {
    verdict,
    summary: monitor?.summary ?? (typeof run?.data.summary === "string" ? run.data.summary : null),
    counts: status ? { total: status.total, passed: status.passed, failed: status.failed } : null,
    failures: status?.failures ?? [],
    last_run: run ? { at: run.timestamp.toISOString(), ago: timeAgo(run.timestamp, now) } : null,
    verdict_since: monitor?.since ?? null,
    files_changed_since_run: [...new Set(changed)],
    note: run
      ? changed.length > 0
        ? "Files changed after this run: the verdict may be stale until the tests monitor runs again"
        : "Recorded by the tests monitor of a running flux watch or TUI; no file changed since"
      : NO_RUN,
  };
}

/** The current session: its task, files, test status, errors and every monitor's state. */
export function sessionView(sessions: SessionManager, watch: StoreWatch, now = new Date()) {
  const session = sessions.loadLastSession();
  if (!session) return { session: null, note: "No session recorded yet in this project" };
  const state = session.state;
  return {
    session: {
      id: session.id,
      name: session.name,
      started: session.startTime.toISOString(),
      last_active: session.lastActive.toISOString(),
      last_active_ago: timeAgo(session.lastActive, now),
    },
    current_task: state.currentTask,
    active_files: state.activeFiles,
    test_status: state.testStatus,
    recent_errors: state.recentErrors.map((e) => ({
      message: e.message,
      ...(e.file !== undefined ? { file: e.file } : {}),
      ...(e.line !== undefined ? { line: e.line } : {}),
      when: timeAgo(new Date(e.at), now),
    })),
    monitors: watch.monitors().map((m) => ({
      monitor: m.monitor,
      status: m.status,
      summary: m.summary,
      since: m.since,
    })),
  };
}
