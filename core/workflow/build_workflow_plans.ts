/**
 * Validates a parsed workflows file (or one definition) and resolves it into {@linkcode WorkflowPlan}s.
 * Every problem is collected, not only the first; warnings never stop a run.
 */
import { requiredObject } from "../api/required.ts";
import { checkSteps } from "./_check_step.ts";
import { checkSandbox } from "./_check_sandbox.ts";
import { checkCalls, checkNames } from "./_check_references.ts";
import { describe, isRecord, PlanChecker } from "./_plan_checker.ts";
import { type Locator, parseWorkflowsText } from "./parse_workflows_text.ts";
import { stringify } from "../deps/yaml.ts";
import type { WorkflowDefinition } from "./workflow_definition.ts";
import { type WorkflowDiagnostic, WorkflowSyntaxError } from "./workflow_diagnostic.ts";
import { allSteps, type WorkflowPlan } from "./workflow_plan.ts";

/** Step types handled by the executor itself. */
export const CORE_STEP_TYPES = ["condition", "parallel", "workflow"] as const;
/** Step types of the plugins shipped in `plugins/`. */
export const BUILTIN_PLUGIN_STEP_TYPES = ["command", "tool", "notify"] as const;

/** Options for {@linkcode buildWorkflowPlans}. */
export interface BuildPlansOptions {
  file: string;
  locate?: Locator;
  /** Step types of the discovered plugins; defaults to the built-in ones. */
  stepTypes?: Iterable<string>;
  /** Step types of plugins that cannot run now, with the reason. */
  unavailableStepTypes?: ReadonlyMap<string, string>;
}

/** The result: definitions as written, plans of the workflows without errors, all diagnostics. */
export interface BuiltPlans {
  definitions: Map<string, WorkflowDefinition>;
  plans: Map<string, WorkflowPlan>;
  diagnostics: WorkflowDiagnostic[];
}

const WORKFLOW_FIELDS = [
  "description",
  "timeout",
  "env",
  "secrets",
  "steps",
  "on_success",
  "on_failure",
  "sandbox",
] as const;
const WORKFLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Checks every workflow in `value` (the whole file: a mapping of name to workflow). */
export function buildWorkflowPlans(value: unknown, options: BuildPlansOptions): BuiltPlans {
  requiredObject(
    options,
    "buildWorkflowPlans's options",
    'buildWorkflowPlans(parsedYaml, { file: ".flux/workflows.yaml" })',
  );
  const types = new Set([...CORE_STEP_TYPES, ...(options.stepTypes ?? BUILTIN_PLUGIN_STEP_TYPES)]);
  const checker = new PlanChecker(
    options.file,
    options.locate ?? (() => ({ line: 1, column: 1 })),
    types,
    options.unavailableStepTypes,
  );
  const definitions = new Map<string, WorkflowDefinition>();
  const built = new Map<string, { plan: WorkflowPlan; errors: number }>();
  if (value === undefined || value === null) {
    return { definitions, plans: new Map(), diagnostics: [] };
  }
  if (!isRecord(value)) {
    checker.error([], `The file must map workflow names to workflows, not ${describe(value)}`);
    return { definitions, plans: new Map(), diagnostics: checker.diagnostics };
  }
  for (const [name, raw] of Object.entries(value)) {
    const start = checker.diagnostics.length;
    const plan = checkWorkflow(checker, name, raw);
    const own = checker.diagnostics.slice(start);
    const errors = own.filter((d) => d.severity === "error").length;
    if (plan) {
      plan.warnings = own.filter((d) => d.severity === "warning");
      built.set(name, { plan, errors });
      definitions.set(name, { ...(raw as Omit<WorkflowDefinition, "name">), name });
    }
  }
  checkCalls(checker, built);
  checker.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  const plans = new Map<string, WorkflowPlan>();
  const runnable = runnableNames(built);
  for (const [name, { plan }] of built) {
    if (runnable.has(name)) plans.set(name, plan);
  }
  return { definitions, plans, diagnostics: checker.diagnostics };
}

/**
 * The workflows that run: no errors, and none in any workflow they call, directly or not. Worked out
 * without recursion (a chain of thousands of calls must not overflow the stack): what cannot run is
 * spread from each broken workflow to its callers.
 */
function runnableNames(built: Map<string, { plan: WorkflowPlan; errors: number }>): Set<string> {
  const callers = new Map<string, string[]>();
  const blocked: string[] = [];
  for (const [name, { plan, errors }] of built) {
    if (errors > 0) blocked.push(name);
    const { steps, onSuccess, onFailure } = plan;
    for (const step of allSteps([...steps, ...onSuccess, ...onFailure])) {
      if (step.type !== "workflow" || typeof step.params.workflow !== "string") continue;
      const target = step.params.workflow;
      if (!built.has(target)) blocked.push(name);
      callers.set(target, [...(callers.get(target) ?? []), name]);
    }
  }
  const stopped = new Set(blocked);
  for (let i = 0; i < blocked.length; i++) {
    for (const caller of callers.get(blocked[i]!) ?? []) {
      if (stopped.has(caller)) continue;
      stopped.add(caller);
      blocked.push(caller);
    }
  }
  return new Set([...built.keys()].filter((name) => !stopped.has(name)));
}

/** Plans one definition (from code); throws {@linkcode WorkflowSyntaxError} listing every error. */
export function buildWorkflowPlan(
  definition: WorkflowDefinition,
  options: { stepTypes?: Iterable<string>; others?: WorkflowDefinition[] } = {},
): WorkflowPlan {
  requiredObject(
    definition,
    "buildWorkflowPlan's definition",
    "buildWorkflowPlan({ name, steps: [...] })",
  );
  const file = `<workflow ${definition.name}>`;
  const all: Record<string, unknown> = {};
  for (const d of [...(options.others ?? []), definition]) {
    const { name: _name, ...rest } = d;
    all[d.name] = rest;
  }
  const parsed = parseWorkflowsText(stringify(all), file);
  const built = buildWorkflowPlans(parsed.value, {
    file,
    locate: parsed.locate,
    ...(options.stepTypes ? { stepTypes: options.stepTypes } : {}),
  });
  const plan = built.plans.get(definition.name);
  const errors = [...parsed.diagnostics, ...built.diagnostics].filter((d) =>
    d.severity === "error"
  );
  // Only its own errors stop it; a broken workflow it calls keeps it from having a plan at all.
  const own = errors.filter((d) => d.workflow === undefined || d.workflow === definition.name);
  if (!plan || own.length > 0) throw new WorkflowSyntaxError(own.length > 0 ? own : errors);
  return plan;
}

function checkWorkflow(checker: PlanChecker, name: string, raw: unknown): WorkflowPlan | undefined {
  const path = [name];
  if (!WORKFLOW_NAME.test(name)) {
    checker.error(
      path,
      `Workflow name "${name}" may only use letters, digits, ".", "_" and "-"`,
      true,
    );
  }
  if (!isRecord(raw)) {
    checker.error(path, `Workflow "${name}" must be a mapping with "steps", not ${describe(raw)}`);
    return undefined;
  }
  const what = `workflow "${name}"`;
  checker.unknownFields(raw, WORKFLOW_FIELDS, path, what);
  const description = checker.string(raw, "description", path, `Field of ${what}:`) ?? "";
  const timeoutMs = checker.seconds(raw, "timeout", path, `Field of ${what}:`);
  const env = checker.env(raw, path, `Field of ${what}:`);
  const secrets: string[] = [];
  if (raw.secrets !== undefined) {
    if (!Array.isArray(raw.secrets) || raw.secrets.some((s) => typeof s !== "string")) {
      checker.error([...path, "secrets"], `"secrets" of ${what} must be a list of variable names`);
    } else secrets.push(...raw.secrets);
  }
  if (raw.steps === undefined) {
    checker.error(path, `Workflow "${name}" has no "steps": add a list of steps`, true);
  } else if (Array.isArray(raw.steps) && raw.steps.length === 0) {
    checker.error([...path, "steps"], `"steps" of ${what} is empty: add at least one step`);
  }
  const sandbox = checkSandbox(checker, raw, path, what);
  const inherited = { env, ...(sandbox ? { sandbox } : {}) };
  const plan: WorkflowPlan = {
    name,
    description,
    file: checker.file,
    env,
    secrets,
    steps: checkSteps(checker, raw.steps, [...path, "steps"], inherited, `"steps" of ${what}`),
    onSuccess: checkSteps(
      checker,
      raw.on_success,
      [...path, "on_success"],
      inherited,
      `"on_success" of ${what}`,
    ),
    onFailure: checkSteps(
      checker,
      raw.on_failure,
      [...path, "on_failure"],
      inherited,
      `"on_failure" of ${what}`,
    ),
    definition: { ...(raw as Omit<WorkflowDefinition, "name">), name },
    warnings: [],
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
  checkNames(checker, plan);
  return plan;
}
