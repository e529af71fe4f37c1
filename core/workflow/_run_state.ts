/** The state of one run and of one step while it runs, and how a finished run is summed up. */
import {
  type ConditionExpression,
  type ConditionState,
  evaluateCondition,
  usesStatusFunction,
} from "./condition_expression.ts";
import type { WorkflowSecrets } from "./load_workflow_secrets.ts";
import type { ToolResolver } from "./step_fingerprint.ts";
import type { FingerprintToSave, StoredFingerprint, StoredStep } from "./workflow_history.ts";
import type { StepRunner } from "./step_runner.ts";
import { formatDiagnostic } from "./workflow_diagnostic.ts";
import type { PlannedStep, WorkflowPlan } from "./workflow_plan.ts";
import type { StepPhase, StepRunRecord, StepStatus, WorkflowResult } from "./workflow_result.ts";

/** One run of one workflow. */
export interface Run {
  plan: WorkflowPlan;
  runner: StepRunner;
  started: number;
  external: AbortSignal;
  main: AbortController;
  timedOut: boolean;
  ok: boolean;
  phase: StepPhase;
  outcomes: Map<string, { status: StepStatus; output: string }>;
  results: StepRunRecord[];
  secrets: WorkflowSecrets;
  /** Prefix of `FLUX_RUN_MARK` of everything this run starts. */
  mark: string;
  /** `--force`: steps with `sources:` run even when up to date. */
  force: boolean;
  /** `--resume`: steps whose outcome comes from the run being resumed, and when that run ended. */
  restore: Map<string, StoredStep>;
  restoredFrom: number;
  /** Last successful fingerprints of this plan's steps. */
  fingerprints: Map<string, StoredFingerprint>;
  /** Fingerprints of steps that succeeded, to keep (shared with called workflows). */
  toSave: FingerprintToSave[];
  resolveTool: ToolResolver;
}

export interface StepEnd {
  /** False when the step failed and stops the steps after it. */
  chainOk: boolean;
  output: string;
  success: boolean;
}

/** Where a step runs: its signal, its top-level position, its parent and the step before it. */
export interface StepScope {
  signal: AbortSignal;
  top: number;
  parent?: string;
  prev?: { output: string; success: boolean };
}

/** Whether a step runs: `if:` (GitHub semantics), then the seed's `condition:`. */
export function decide(step: PlannedStep, state: ConditionState): { go: boolean; reason: string } {
  const ifExpr: ConditionExpression | undefined = step.ifExpression;
  const statusGate = ifExpr && usesStatusFunction(ifExpr)
    ? evaluateCondition(ifExpr, state)
    : !state.cancelled && state.ok && (ifExpr ? evaluateCondition(ifExpr, state) : true);
  if (!statusGate) {
    const reason = state.cancelled
      ? "the run was stopped"
      : ifExpr
      ? "its if: is false"
      : "an earlier step failed";
    return { go: false, reason };
  }
  if (step.condition && !evaluateCondition(step.condition, state)) {
    return { go: false, reason: "its condition is false" };
  }
  return { go: true, reason: "" };
}

export function seconds(since: number): number {
  return Math.round(performance.now() - since) / 1000;
}

/** How the main steps and the handlers went. */
export interface RunOutcome {
  mainOk: boolean;
  handlersOk: boolean;
  cancelled: boolean;
}

/** The result of a finished run: status, the first failure in one line, elapsed seconds. */
export function summarize(run: Run, outcome: RunOutcome): WorkflowResult {
  const success = outcome.mainOk && outcome.handlersOk;
  // The innermost failure names the cause: the step inside a parallel or condition step, not its container.
  const failures = run.results.filter((r) =>
    (r.status === "failed" || r.status === "timed_out") && !r.continued
  );
  const failed = failures.find((r) => !failures.some((o) => o.parent === r.step)) ?? failures[0];
  const status = outcome.cancelled
    ? "cancelled"
    : !outcome.mainOk && run.main.signal.aborted
    ? "timed_out"
    : success
    ? "success"
    : "failed";
  const error = status === "cancelled"
    ? "Cancelled"
    : status === "timed_out"
    ? `Timed out after ${(run.plan.timeoutMs ?? 0) / 1000}s`
    : failed?.status === "timed_out" && failed.result.error
    ? `Step "${failed.step}" ${failed.result.error.replace(/^Timed/, "timed")}`
    : failed
    ? `Step "${failed.step}" failed${failed.result.error ? `: ${failed.result.error}` : ""}`
    : undefined;
  return {
    success,
    workflow: run.plan.name,
    status,
    results: run.results,
    elapsed: seconds(run.started),
    warnings: run.plan.warnings.map(formatDiagnostic),
    ...(error === undefined ? {} : { error }),
  };
}
