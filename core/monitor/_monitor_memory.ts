/**
 * What the coordinator writes to the session store (monitor_state on every state change, test_run and the
 * test status for the tests monitor, errors for new failures, notifications) and how a restart reads the
 * last state of each monitor back, so that an unchanged state is not announced again.
 */
import { EventType } from "../session/event_type.ts";
import type { MonitorItem, MonitorResult } from "../plugin_host/types.ts";
import { itemKey, type MonitorState } from "./_transition.ts";
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
  recordError(error: { message: string; file?: string; line?: number; test?: string }): void;
  recentEvents(
    options: { limit?: number; types?: EventType[]; session?: string },
  ): Array<{ type: string; data: Record<string, unknown> }>;
  /** Records every test of a run (the test_results table). */
  recordTestRun?(run: TestRunRecord): unknown;
  /** Reads the recorded test runs. */
  readTests?<T>(fn: (history: TestHistory) => T): T;
}

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

/**
 * Records a state change once: the monitor_state (with every item, so a restart restores the whole set of
 * failures), for tests one test_run with its counts and every failure, and an error per failure that is new
 * in this run. Returns false, recording nothing, when the store's last state of this monitor is already
 * this one: another Flux process on the project recorded the same result.
 */
export function rememberChange(
  store: MonitorSessionStore,
  event: MonitorEvent,
  result: MonitorResult,
  previous: MonitorItem[] = [],
): boolean {
  const items = event.items ?? [];
  if (alreadyRecorded(store, event)) return false;
  store.recordEvent(EventType.MONITOR_STATE, {
    time: event.time,
    monitor: event.monitor,
    from: event.from,
    to: event.to,
    summary: event.summary,
    items,
  });
  const tests = event.monitor === "tests";
  if (tests) {
    store.recordEvent(EventType.TEST_RUN, {
      status: result.status,
      summary: result.summary,
      ...(testCounts(result) ?? {}),
      failures: items.map((i) => ({
        name: i.name ?? i.message,
        ...(i.file ? { file: i.file } : {}),
        ...(i.line ? { line: i.line } : {}),
        message: i.message,
      })),
    });
  }
  if (event.to === "fail" && event.monitor !== "lint") {
    const before = new Set(event.from === "fail" ? previous.map(itemKey) : []);
    for (const item of items.filter((i) => !before.has(itemKey(i)))) {
      store.recordError({
        message: `${item.name ? `${item.name}: ` : ""}${item.message}`.slice(0, 500),
        ...(item.file ? { file: item.file } : {}),
        ...(item.line ? { line: item.line } : {}),
        ...(tests ? { test: item.name ?? item.message } : {}),
      });
    }
  }
  return true;
}

/** True when the newest recorded state of `event.monitor` (any session) equals the one in `event`. */
function alreadyRecorded(store: MonitorSessionStore, event: MonitorEvent): boolean {
  const last = store.recentEvents({ types: [EventType.MONITOR_STATE], session: "all", limit: 20 })
    .filter((e) => e.data.monitor === event.monitor).at(-1)?.data;
  if (!last || last.to !== event.to || last.summary !== event.summary) return false;
  const recorded = Array.isArray(last.items) ? last.items.filter(isItem).map(itemKey) : [];
  const now = (event.items ?? []).map(itemKey);
  return recorded.length === now.length && recorded.every((key, i) => key === now[i]);
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
