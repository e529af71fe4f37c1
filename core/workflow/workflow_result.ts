import type { FailureDetails } from "./failure_details.ts";

/** What a workflow run returns and reports while it runs (the seed's shapes, plus status fields). */

/** How a step ended. `failed` with `continued: true` is a `continue_on_error` failure. */
export type StepStatus = "success" | "failed" | "skipped" | "cancelled" | "timed_out";

/** Where a step belongs: the main list or a handler. */
export type StepPhase = "steps" | "on_success" | "on_failure";

/** One step of a run. Skipped steps count as successful (`success: true, status: "skipped"`). */
export interface StepRunRecord {
  step: string;
  success: boolean;
  status: StepStatus;
  type: string;
  phase: StepPhase;
  /** The enclosing parallel, condition or workflow step. */
  parent?: string;
  /** True when the step failed but `continue_on_error` let the run go on. */
  continued?: boolean;
  /** Seconds. */
  elapsed: number;
  result: {
    output?: string;
    data?: unknown;
    error?: string;
    attempts?: number;
    /** Why a step was skipped or how a condition went. */
    reason?: string;
    branch?: "then" | "else";
    /** Why the step ran or was skipped, in words (`--explain`, `flux wf why`). */
    why?: string;
    /** A step with `sources:`: its fingerprint now and that of its last successful run. */
    fingerprint?: { now: string; previous?: string };
    /** Skipped because it is up to date: when its last successful run ended (ms since the epoch). */
    upToDateSince?: number;
    /** Not run again by `--resume`: its outcome and output come from the run it resumes. */
    restored?: boolean;
    /** A `run_tests` step that took the tests monitor's verdict on the same content instead of running. */
    reusedMonitorRun?: { startedAt: number; contentHash: string };
    /** A failed step: what failed, in lines a person reads (failing tests, findings, stderr's end). */
    details?: FailureDetails;
  };
}

/** What `execute()` resolves to. `elapsed` is in seconds. */
export interface WorkflowResult {
  success: boolean;
  workflow: string;
  status: "success" | "failed" | "timed_out" | "cancelled";
  results: StepRunRecord[];
  elapsed: number;
  /** Validation warnings, one line each. */
  warnings: string[];
  /** Why the run failed, in one line. */
  error?: string;
}

/** A progress report, sent when a step starts and when it ends. */
export interface WorkflowProgress {
  current_step: number;
  total_steps: number;
  step_name: string;
  status: "running" | StepStatus;
  phase: StepPhase;
  workflow: string;
  /** Seconds since the run started. */
  elapsed: number;
  /** Seconds the step took, when it has ended. */
  duration?: number;
  /** Why the step failed or timed out, when it did. */
  error?: string;
  /** Why a skipped step was skipped ("up to date (sources unchanged since 12:03)"). */
  reason?: string;
  /** What failed, when the step failed and its result says. */
  details?: FailureDetails;
}
