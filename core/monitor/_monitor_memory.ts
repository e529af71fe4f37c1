/**
 * What the coordinator writes to the session store (monitor_state on every state change, test_run and the
 * test status for the tests monitor, errors for new failures, notifications) and how a restart reads the
 * last state of each monitor back, so that an unchanged state is not announced again.
 */
import { EventType } from "../session/event_type.ts";
import type { MonitorItem, MonitorResult } from "../plugin_host/types.ts";
import type { MonitorState } from "./_transition.ts";
import type { MonitorEvent } from "./monitor_event.ts";
import type { TestHistory, TestRunRecord } from "../session/test_history.ts";

/** The part of `SessionManager` the coordinator uses. */
export interface MonitorSessionStore {
  recordEvent(type: EventType, data: Record<string, unknown>): unknown;
  updateTestStatus(status: {
    total: number;
    passed: number;
    failed: number;
    failures?: Array<{ name: string; file?: string; line?: number; message?: string }>;
  }): void;
  recordError(error: { message: string; file?: string; line?: number }): void;
  recentEvents(
    options: { limit?: number; types?: EventType[]; session?: string },
  ): Array<{ type: string; data: Record<string, unknown> }>;
  /** Records every test of a run (the test_results table). */
  recordTestRun?(run: TestRunRecord): unknown;
  /** Reads the recorded test runs. */
  readTests?<T>(fn: (history: TestHistory) => T): T;
}

const MAX_ITEMS = 50;

/** The last remembered state per monitor (from monitor_state events of any session). */
export function restoreStates(store: MonitorSessionStore): Map<string, MonitorState> {
  const states = new Map<string, MonitorState>();
  const events = store.recentEvents({
    types: [EventType.MONITOR_STATE],
    session: "all",
    limit: 500,
  });
  for (const event of events) {
    const d = event.data;
    if (typeof d.monitor !== "string" || !isStatus(d.to)) continue;
    states.set(d.monitor, {
      status: d.to,
      summary: typeof d.summary === "string" ? d.summary : "",
      items: Array.isArray(d.items) ? d.items.filter(isItem) : [],
      since: typeof d.time === "string" ? d.time : new Date(0).toISOString(),
    });
  }
  return states;
}

/** Records a state change, and for tests the run and its counts, and new failures as errors. */
export function rememberChange(
  store: MonitorSessionStore,
  event: MonitorEvent,
  result: MonitorResult,
): void {
  store.recordEvent(EventType.MONITOR_STATE, {
    time: event.time,
    monitor: event.monitor,
    from: event.from,
    to: event.to,
    summary: event.summary,
    items: (event.items ?? []).slice(0, MAX_ITEMS),
  });
  if (event.monitor === "tests") {
    const counts = testCounts(result);
    store.recordEvent(EventType.TEST_RUN, {
      status: result.status,
      summary: result.summary,
      ...(counts ?? {}),
      failures: (result.items ?? []).slice(0, 20).map((i) => i.name ?? i.message),
    });
    if (counts) {
      store.updateTestStatus({
        ...counts,
        failures: (result.items ?? []).slice(0, 20).map((i) => ({
          name: i.name ?? i.message,
          ...(i.file ? { file: i.file } : {}),
          ...(i.line ? { line: i.line } : {}),
          message: i.message,
        })),
      });
    }
  }
  if (event.to === "fail" && event.from !== "fail" && event.monitor !== "lint") {
    for (const item of (result.items ?? []).slice(0, 3)) {
      store.recordError({
        message: `${item.name ? `${item.name}: ` : ""}${item.message}`.slice(0, 500),
        ...(item.file ? { file: item.file } : {}),
        ...(item.line ? { line: item.line } : {}),
      });
    }
  }
}

/** Counts of a test result: from `data.counts` or `data`, else read from the summary. */
export function testCounts(
  result: MonitorResult,
): { total: number; passed: number; failed: number } | undefined {
  const data =
    (typeof result.data === "object" && result.data !== null ? result.data : {}) as Record<
      string,
      unknown
    >;
  const source =
    (typeof data.counts === "object" && data.counts !== null ? data.counts : data) as Record<
      string,
      unknown
    >;
  if (typeof source.total === "number" && typeof source.failed === "number") {
    const passed = typeof source.passed === "number" ? source.passed : source.total - source.failed;
    return { total: source.total, passed, failed: source.failed };
  }
  const passed = Number(result.summary.match(/(\d+) passed/)?.[1] ?? NaN);
  const failed = Number(
    result.summary.match(/(\d+) failed/)?.[1] ?? (result.status === "ok" ? 0 : NaN),
  );
  if (Number.isNaN(failed)) return undefined;
  const total = Number(
    result.summary.match(/(\d+) tests?/)?.[1] ?? (Number.isNaN(passed) ? NaN : passed + failed),
  );
  if (Number.isNaN(total)) return undefined;
  return { total, passed: Number.isNaN(passed) ? total - failed : passed, failed };
}

function isStatus(value: unknown): value is MonitorState["status"] {
  return value === "ok" || value === "fail" || value === "unknown";
}

function isItem(value: unknown): value is MonitorItem {
  return typeof value === "object" && value !== null &&
    typeof (value as { message?: unknown }).message === "string";
}
