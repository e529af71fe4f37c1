/**
 * Which steps of an earlier run `--resume` does not run again: the main steps before its first failed step,
 * with everything inside them, and the branches of a failed parallel step that succeeded.
 */
import type { StoredRun, StoredStep } from "./workflow_history.ts";

/** Step name -> its stored outcome, for the steps to restore. */
export function restorableSteps(run: StoredRun): Map<string, StoredStep> {
  const main = run.steps.filter((s) => s.phase === "steps");
  const restore = new Map<string, StoredStep>();
  const keep = (step: StoredStep) => {
    restore.set(step.name, step);
    for (const inner of main.filter((s) => s.parent === step.name)) keep(inner);
  };
  for (const step of main.filter((s) => s.parent === undefined)) {
    if (!failed(step)) {
      keep(step);
      continue;
    }
    if (step.type === "parallel") {
      for (const branch of main.filter((s) => s.parent === step.name)) {
        if (branch.outcome === "success") keep(branch);
      }
    }
    break;
  }
  return restore;
}

function failed(step: StoredStep): boolean {
  return ["failed", "timed_out", "cancelled"].includes(step.status) && !step.continued;
}
