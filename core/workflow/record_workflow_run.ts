/** Records a finished run in the session store as one `workflow` event with each step's outcome and time. */
import { SessionManager } from "../session/session_manager.ts";
import { EventType } from "../session/event_type.ts";
import type { WorkflowResult } from "./workflow_result.ts";
import { narrowCases } from "../session/test_history.ts";

/** Options for {@linkcode recordWorkflowRun}. */
export interface RecordWorkflowRunOptions {
  incognito?: boolean;
  /** Values never written (the run's secrets). */
  secrets?: string[];
  /** An open store to write to (the caller closes it); by default one is opened and closed here. */
  store?: SessionManager;
}

/** The event data: no step output beyond a short tail, every string masked by the store. */
export function workflowEventData(result: WorkflowResult): Record<string, unknown> {
  return {
    workflow: result.workflow,
    success: result.success,
    status: result.status,
    elapsed: result.elapsed,
    ...(result.error ? { error: result.error } : {}),
    steps: result.results.map((r) => ({
      name: r.step,
      type: r.type,
      status: r.status,
      success: r.success,
      elapsed: r.elapsed,
      phase: r.phase,
      ...(r.parent ? { parent: r.parent } : {}),
      ...(r.continued ? { continued: true } : {}),
      ...(r.result.attempts && r.result.attempts > 1 ? { attempts: r.result.attempts } : {}),
      ...(r.result.error ? { error: r.result.error } : {}),
    })),
  };
}

/** Writes the event; a store that cannot be opened is reported by the caller, not hidden. */
export function recordWorkflowRun(
  projectDir: string,
  result: WorkflowResult,
  options: RecordWorkflowRunOptions = {},
): void {
  if (options.incognito) return;
  const store = options.store ?? new SessionManager(projectDir, { secrets: options.secrets ?? [] });
  try {
    store.recordEvent(EventType.WORKFLOW, workflowEventData(result));
    // Every test of a test step goes to the test history too (flux tests, flaky detection).
    for (const r of result.results) {
      const data = r.result.data as Record<string, unknown> | undefined;
      const cases = narrowCases(data?.cases);
      if (!data || cases === null || typeof data.contentHash !== "string") continue;
      store.recordTestRun({
        source: "workflow",
        stage: "step",
        tool: typeof data.tool === "string" ? data.tool : "",
        status: typeof data.status === "string" ? data.status : r.status,
        contentHash: data.contentHash,
        startedAt: typeof data.startedAt === "number" ? data.startedAt : Date.now(),
        durationMs: typeof data.durationMs === "number" ? data.durationMs : 0,
        cases,
      });
    }
  } finally {
    if (!options.store) store.close();
  }
}
