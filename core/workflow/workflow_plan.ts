/** A validated, resolved workflow: what the executor runs. Built by {@linkcode buildWorkflowPlans}. */
import type { ConditionExpression } from "./condition_expression.ts";
import type { WorkflowDefinition } from "./workflow_definition.ts";
import type { WorkflowDiagnostic } from "./workflow_diagnostic.ts";

/** One step, with defaults applied and `env`/`cwd` inherited from its parents. */
export interface PlannedStep {
  name: string;
  type: string;
  toolName?: string;
  command?: string;
  /** `params` as written (nested step lists of `condition` steps removed). */
  params: Record<string, unknown>;
  /** The seed's `condition:` field. */
  condition?: ConditionExpression;
  /** `if:`; without a status function it is implicitly `success() && (...)`, as on GitHub. */
  ifExpression?: ConditionExpression;
  /** `condition:` and `if:` as written, for explanations. */
  conditionText?: string;
  ifText?: string;
  /** `sources:`: project-relative globs; a step with sources is skipped while it is up to date. */
  sources?: string[];
  /** `generates:`: globs that must each match a file for the step to be up to date. */
  generates?: string[];
  /** `fingerprint_env:`: variables from the environment whose values count in the fingerprint. */
  fingerprintEnv?: string[];
  continueOnError: boolean;
  timeoutMs?: number;
  retry: { attempts: number; backoffMs: number };
  env: Record<string, string>;
  cwd?: string;
  /** `sandbox:` (its own or its workflow's): the OS sandbox its programs run in; absent: none. */
  sandbox?: StepSandbox;
  /** `parallel` steps. */
  parallel: PlannedStep[];
  /** `condition` steps: `params.condition`, `params.then`, `params.else`. */
  branchCondition?: ConditionExpression;
  then: PlannedStep[];
  else: PlannedStep[];
  /** `workflow` steps: the workflow it runs. */
  calls?: WorkflowPlan;
}

/** `sandbox:` of a step, resolved: its `command`/`tool` programs run in the OS sandbox. */
export interface StepSandbox {
  /** Project-relative folders the programs may write (`.` for the whole project). */
  write: string[];
  /** True: the programs may use the network. */
  network: boolean;
}

/** A workflow ready to run. */
export interface WorkflowPlan {
  name: string;
  description: string;
  file: string;
  timeoutMs?: number;
  env: Record<string, string>;
  secrets: string[];
  steps: PlannedStep[];
  onSuccess: PlannedStep[];
  onFailure: PlannedStep[];
  /** The definition it was built from. */
  definition: WorkflowDefinition;
  /** Warnings found while building it (a condition naming a missing step, ...). */
  warnings: WorkflowDiagnostic[];
}

/** Steps of `steps` and everything nested in them, depth first. */
export function allSteps(steps: PlannedStep[]): PlannedStep[] {
  return steps.flatMap((
    s,
  ) => [s, ...allSteps(s.parallel), ...allSteps(s.then), ...allSteps(s.else)]);
}
