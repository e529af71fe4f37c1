/** Records a finished run in the session store as one `workflow` event with each step's outcome and time. */
import { SessionManager } from "../session/session_manager.ts";
import { EventType } from "../session/event_type.ts";
import type { WorkflowResult } from "./workflow_result.ts";

/** Options for {@linkcode recordWorkflowRun}. */
export interface RecordWorkflowRunOptions {
  incognito?: boolean;
  /** Values never written (the run's secrets). */
  secrets?: string[];
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
  const store = new SessionManager(projectDir, { secrets: options.secrets ?? [] });
  try {
    store.recordEvent(EventType.WORKFLOW, workflowEventData(result));
  } finally {
    store.close();
  }
}
