/**
 * What the coordinator does with the test cases a check reports (`data.cases`, `data.contentHash`): it
 * records every run in the session store's test tables, keeps the ids of the tests failing now (stage 1 of
 * the next check runs them first), and asks the recorded history which failures are known to be flaky.
 */
import type { MonitorResult } from "../plugin_host/types.ts";
import { type FlakyTest, narrowCases, type TestCaseResult } from "../session/test_history.ts";
import type { MonitorSessionStore } from "./_monitor_memory.ts";

/** The cases a result carries, narrowed (the plugin is untrusted); null when it carries none. */
export function resultCases(result: MonitorResult): TestCaseResult[] | null {
  return narrowCases((result.data as { cases?: unknown } | undefined)?.cases);
}

/** The stage data of a widening monitor's result. */
export function resultStage(
  result: MonitorResult,
): { name: string; skipped: boolean; reason?: string } | null {
  const stage = (result.data as { stage?: unknown } | undefined)?.stage;
  if (typeof stage !== "object" || stage === null) return null;
  const s = stage as Record<string, unknown>;
  if (typeof s.name !== "string") return null;
  return {
    name: s.name,
    skipped: s.skipped === true,
    ...(typeof s.reason === "string" ? { reason: s.reason } : {}),
  };
}

/** Ids of failed (or errored) cases. */
export function failedIds(cases: TestCaseResult[]): string[] {
  return cases.filter((c) => c.outcome === "failed" || c.outcome === "error").map((c) => c.id);
}

/** Records a run's cases when the result carries them; returns a one-line error or null. */
export function recordRun(
  store: MonitorSessionStore | undefined,
  result: MonitorResult,
  run: { source: string; stage: string; startedAt: number; durationMs: number },
): string | null {
  const cases = resultCases(result);
  if (!store?.recordTestRun || cases === null || result.status === "unknown") return null;
  const data = result.data as { contentHash?: unknown; tool?: unknown };
  try {
    store.recordTestRun({
      ...run,
      tool: typeof data.tool === "string" ? data.tool : "",
      status: result.status,
      contentHash: typeof data.contentHash === "string" ? data.contentHash : "",
      cases,
    });
    return null;
  } catch (error) {
    return `Cannot record the test results: ${error instanceof Error ? error.message : error}`;
  }
}

/** Failure rates and flaky marks of `ids` from the recorded history (empty without a store). */
export function flakyRates(
  store: MonitorSessionStore | undefined,
  ids: string[],
): Map<string, FlakyTest> {
  if (!store?.readTests || ids.length === 0) return new Map();
  try {
    return store.readTests((h) => h.rates(ids));
  } catch {
    return new Map();
  }
}

/** Those of `ids` that passed at least once in the recorded history (empty without a store). */
export function everPassed(store: MonitorSessionStore | undefined, ids: string[]): Set<string> {
  if (!store?.readTests || ids.length === 0) return new Set();
  try {
    return store.readTests((h) => h.everPassed(ids));
  } catch {
    return new Set();
  }
}

/** The ids failing in the last recorded run of the monitor (stage 1 after a restart). */
export function lastFailing(store: MonitorSessionStore | undefined): string[] {
  if (!store?.readTests) return [];
  try {
    const last = store.readTests((h) => h.last("full"));
    return last ? failedIds(last.results) : [];
  } catch {
    return [];
  }
}
