/**
 * The state machine of one monitor: given what it last reported and a new result, what changed, which
 * event to emit and what (if anything) to tell the person. Pure; the coordinator does the side effects.
 */
import type { MonitorItem, MonitorResult } from "../plugin_host/types.ts";
import type { MonitorEvent, MonitorStatus } from "./monitor_event.ts";

/** A monitor's last known state. */
export interface MonitorState {
  status: MonitorStatus;
  summary: string;
  items: MonitorItem[];
  /** ISO time the status last changed. */
  since: string;
}

/**
 * What to announce: a failure, a recovery, new lint issues, or new information (git). While a monitor keeps
 * failing, the set of failures is the state: `worse` when failures were added to what the person was last
 * told ("❌ 28 more tests failing"), `better` when some were fixed and none added ("✅ 3 fixed, 1 still
 * failing"). Transitions announce `fail`; delivery frames it against what was last told (`_failure_set.ts`).
 */
export type Announcement =
  | { type: "fail"; first: boolean }
  | { type: "worse"; added: MonitorItem[]; fixed: MonitorItem[] }
  | { type: "better"; fixed: MonitorItem[] }
  | { type: "ok" }
  | { type: "new_items"; items: MonitorItem[]; first: boolean }
  | { type: "info" }
  /** An early stage of a widening check found failures; the whole check is still running. */
  | { type: "stage_fail"; stage: string; items: MonitorItem[]; still: boolean }
  /** Only known-flaky tests failed: said instead of "now failing". */
  | { type: "flaky"; tests: Array<{ name: string; failed: number; runs: number }> };

/** The outcome of one result. */
export interface Transition {
  next: MonitorState;
  event?: MonitorEvent;
  announce?: Announcement;
}

/** Monitors whose summary is the news (a changed branch or count), not a pass/fail state. */
const INFO_MONITORS = new Set(["git"]);

/** Applies `result` to `prev` (undefined on the first run without a remembered state). */
export function transition(
  monitor: string,
  prev: MonitorState | undefined,
  result: MonitorResult,
  now: Date,
): Transition {
  const items = fullItems(result);
  const from = prev?.status ?? "unknown";
  const to = result.status;
  const next: MonitorState = {
    status: to,
    summary: result.summary,
    items,
    since: from === to && prev ? prev.since : now.toISOString(),
  };
  const prevKeys = new Set((prev?.items ?? []).map(itemKey));
  const itemsChanged = prevKeys.size !== new Set(items.map(itemKey)).size ||
    items.some((i) => !prevKeys.has(itemKey(i)));
  const event: MonitorEvent = {
    time: now.toISOString(),
    monitor,
    kind: "state_change",
    from,
    to,
    summary: result.summary,
    items,
  };

  if (INFO_MONITORS.has(monitor) && to !== "fail") {
    if (prev && prev.summary === result.summary && from === to) return { next };
    return { next, event, ...(prev && to === "ok" ? { announce: { type: "info" } as const } : {}) };
  }
  if (to === "fail") {
    if (monitor === "lint") {
      const fresh = prev?.status === "fail"
        ? items.filter((i) => !prevKeys.has(itemKey(i)))
        : items;
      if (from === "fail" && !itemsChanged) return { next };
      return {
        next,
        event: { ...event, new_items: fresh },
        ...(fresh.length > 0
          ? { announce: { type: "new_items", items: fresh, first: from === "unknown" } as const }
          : {}),
      };
    }
    if (from === "fail" && !itemsChanged) return { next };
    return { next, event, announce: { type: "fail", first: from === "unknown" } };
  }
  if (from === to) return { next };
  return {
    next,
    event,
    ...(from === "fail" && to === "ok" ? { announce: { type: "ok" } as const } : {}),
  };
}

/**
 * Every current finding. A lint monitor may report only its new issues as `items` and the whole list as
 * `data.issues`; the state keeps the whole list so that "new" is decided here, against the last state.
 */
export function fullItems(result: MonitorResult): MonitorItem[] {
  const issues = (result.data as { issues?: unknown } | undefined)?.issues;
  if (Array.isArray(issues) && issues.every(isItem)) return issues;
  return result.items ?? [];
}

function isItem(value: unknown): value is MonitorItem {
  return typeof value === "object" && value !== null &&
    typeof (value as { message?: unknown }).message === "string";
}

/** Identity of a finding across runs: the line is left out, as edits above it move it. */
export function itemKey(item: MonitorItem): string {
  return `${item.file ?? ""}\u0000${item.name ?? ""}\u0000${item.message}`;
}
