/**
 * What the user wrote: one workflow of `.flux/workflows.yaml` (or a built-in template), field names as in
 * the YAML. Nothing here is validated; {@linkcode buildWorkflowPlan} turns it into a `WorkflowPlan`.
 */

/** The step types the core knows; plugins add more (`kind: "step"`, `step_type` in plugin.json). */
export const StepType = {
  TOOL: "tool",
  COMMAND: "command",
  CONDITION: "condition",
  PARALLEL: "parallel",
  NOTIFY: "notify",
  WORKFLOW: "workflow",
} as const;

/** A built-in step type name or a plugin's `step_type`. */
export type StepType = typeof StepType[keyof typeof StepType] | (string & Record<never, never>);

/** `retry:` of a step: `attempts` tries in total, waiting `backoff` seconds (doubling) between them. */
export interface RetryDefinition {
  attempts: number;
  backoff?: number;
}

/** One step as written. */
export interface WorkflowStep {
  name: string;
  step_type: StepType;
  description?: string;
  /** `tool` steps: run_tests, lint, auto_fix, typecheck or build. */
  tool_name?: string;
  /** `command` steps: shell text run with `sh -c`. */
  command?: string;
  params?: Record<string, unknown>;
  /** Seed shorthand: `step_<name>_result`, true when that step ran and succeeded. */
  condition?: string;
  /** GitHub-style expression: `success()`, `failure()`, `always()`, `cancelled()`, `step_x_result`. */
  if?: string;
  parallel_steps?: WorkflowStep[];
  continue_on_error?: boolean;
  /** Seconds. */
  timeout?: number;
  retry?: RetryDefinition | number;
  env?: Record<string, string | number | boolean>;
  cwd?: string;
  /** Globs of the files the step reads; with them, the step is skipped while they are unchanged. */
  sources?: string[];
  /** Globs of the files the step makes; each must match a file for the step to be up to date. */
  generates?: string[];
  /** Environment variables whose values count in the step's fingerprint. */
  fingerprint_env?: string[];
  /** Runs the step's programs in the OS sandbox (`command` and `tool` steps; inherited by nested steps). */
  sandbox?: SandboxDefinition;
}

/**
 * `sandbox:` as written: `true` (read-only, no network), `false` (none; a step opting out of its
 * workflow's), or the project folders it may write and whether it may connect.
 */
export type SandboxDefinition = boolean | { write?: string[] | string; network?: boolean };

/** One workflow as written. */
export interface WorkflowDefinition {
  name: string;
  description?: string;
  /** Seconds for the whole run. */
  timeout?: number;
  /** Environment for every step; names listed in `secrets` are masked everywhere. */
  env?: Record<string, string | number | boolean>;
  /** Names of environment variables (or `.flux/secrets` entries) whose values are secret. */
  secrets?: string[];
  /** Runs every `command` and `tool` step in the OS sandbox unless a step says otherwise. */
  sandbox?: SandboxDefinition;
  steps: WorkflowStep[];
  on_success?: WorkflowStep[];
  on_failure?: WorkflowStep[];
}
