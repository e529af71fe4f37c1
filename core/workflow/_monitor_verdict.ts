/**
 * A `tool: run_tests` step may take the tests monitor's verdict instead of running the suite again: when the
 * monitor's last whole-suite run was on the same content (the same content hash of the project's files),
 * running it again would say the same. Only reads.
 */
import { contentHash } from "../toolchain/content_hash.ts";
import type { FailureDetails } from "./failure_details.ts";
import { clock, type WorkflowHistory } from "./workflow_history.ts";
import type { PlannedStep } from "./workflow_plan.ts";

/** The verdict to reuse, in the words the run shows. */
export interface MonitorVerdict {
  success: boolean;
  /** `reused the tests monitor's run from 12:03` */
  reason: string;
  why: string;
  /** `12 tests, 2 failed` */
  summary: string;
  contentHash: string;
  startedAt: number;
  details?: FailureDetails;
}

/** True for a plain `tool: run_tests` step, run where the monitor runs, with the tool it detects. */
export function mayReuseMonitor(step: PlannedStep): boolean {
  return step.type === "tool" && step.toolName === "run_tests" && step.cwd === undefined &&
    Object.keys(step.params).length === 0;
}

/** The monitor's verdict when its last whole run was on the content of `projectDir` now. */
export async function monitorVerdict(
  history: WorkflowHistory,
  projectDir: string,
): Promise<MonitorVerdict | undefined> {
  const last = history.monitorTestRun();
  if (!last || (last.status !== "ok" && last.status !== "fail")) return undefined;
  const { hash } = await contentHash(projectDir);
  if (hash !== last.contentHash) return undefined;
  const at = clock(last.startedAt);
  const failed = last.results.filter((r) => r.outcome === "failed" || r.outcome === "error");
  const total = last.results.length;
  const summary = failed.length > 0
    ? `${total} tests, ${failed.length} failed`
    : `${total} tests passed`;
  const reason = `reused the tests monitor's run from ${at}`;
  return {
    success: last.status === "ok",
    reason,
    why: `${reason} on the same content (content hash ${hash}): ${summary}; --force runs them`,
    summary,
    contentHash: hash,
    startedAt: last.startedAt,
    ...(failed.length > 0
      ? {
        details: {
          kind: "findings",
          lines: [
            ...failed.slice(0, 10).map((r) =>
              r.message ? `${r.id}: ${r.message.split("\n")[0]}` : r.id
            ),
            ...(failed.length > 10 ? [`… and ${failed.length - 10} more`] : []),
          ],
        },
      }
      : {}),
  };
}
