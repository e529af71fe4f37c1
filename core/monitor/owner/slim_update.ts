/**
 * An update as it crosses the socket: a check's result keeps its status, summary, failures and test counts,
 * not the per-test data a tests monitor attaches (thousands of cases that only the owner records).
 */
import type { MonitorUpdate } from "./monitor_update.ts";

/** `update` without what only the owner needs. */
export function slimUpdate(update: MonitorUpdate): MonitorUpdate {
  if (update.type !== "run_finished") return update;
  const data = typeof update.result.data === "object" && update.result.data !== null
    ? update.result.data as Record<string, unknown>
    : undefined;
  const kept: Record<string, unknown> = {};
  for (const key of ["counts", "total", "passed", "failed"]) {
    if (data && data[key] !== undefined) kept[key] = data[key];
  }
  const { data: _data, ...rest } = update.result;
  return {
    ...update,
    result: { ...rest, ...(Object.keys(kept).length > 0 ? { data: kept } : {}) },
  };
}
