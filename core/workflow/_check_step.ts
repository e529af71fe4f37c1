/** Checks one step as written and turns it into a {@linkcode PlannedStep}. */
import { type ConditionExpression, parseCondition } from "./condition_expression.ts";
import { describe, isRecord, type PlanChecker } from "./_plan_checker.ts";
import type { ValuePath } from "./parse_workflows_text.ts";
import type { PlannedStep, StepSandbox } from "./workflow_plan.ts";
import { checkSandbox, SANDBOXABLE_STEP_TYPES } from "./_check_sandbox.ts";

/** Tools a `tool` step may name. */
export const TOOL_NAMES = [
  "run_tests",
  "lint",
  "format",
  "auto_fix",
  "typecheck",
  "build",
] as const;

const COMMON = [
  "name",
  "step_type",
  "description",
  "params",
  "condition",
  "if",
  "continue_on_error",
  "timeout",
  "retry",
  "env",
  "cwd",
  "sources",
  "generates",
  "fingerprint_env",
  "sandbox",
] as const;
/** Fields that make a step skippable when up to date (plugin steps only). */
const FINGERPRINT_FIELDS = ["sources", "generates", "fingerprint_env"] as const;
const EXTRA: Record<string, readonly string[]> = {
  tool: ["tool_name"],
  command: ["command"],
  parallel: ["parallel_steps"],
};
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** What a step inherits from its parents. */
export interface Inherited {
  env: Record<string, string>;
  cwd?: string;
  /** The workflow's (or an enclosing step's) `sandbox:`; `null`: `sandbox: false`. */
  sandbox?: StepSandbox | null;
}

/** Checks a list of steps; a missing list is empty. */
export function checkSteps(
  checker: PlanChecker,
  raw: unknown,
  path: ValuePath,
  inherited: Inherited,
  what: string,
): PlannedStep[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    checker.error(path, `${what} must be a list of steps, not ${describe(raw)}`);
    return [];
  }
  return raw.flatMap((item, i) => checkStep(checker, item, [...path, i], inherited) ?? []);
}

/** Checks one step; undefined when it is too broken to plan (errors are recorded). */
export function checkStep(
  checker: PlanChecker,
  raw: unknown,
  path: ValuePath,
  inherited: Inherited,
): PlannedStep | undefined {
  if (!isRecord(raw)) {
    checker.error(
      path,
      `A step must be a mapping with "name" and "step_type", not ${describe(raw)}`,
    );
    return undefined;
  }
  const name = checker.string(raw, "name", path, "Step field");
  const label = name ? `step "${name}"` : "this step";
  if (name === undefined) {
    if (raw.name === undefined) checker.error(path, 'Step has no "name": add name: <step name>');
  } else if (!NAME.test(name)) {
    checker.error(
      [...path, "name"],
      `Step name "${name}" may only use letters, digits, "_" and "-"`,
    );
  }
  const type = checker.string(raw, "step_type", path, `Field of ${label}:`);
  if (type === undefined && raw.step_type === undefined) {
    checker.error(path, `${cap(label)} has no "step_type": add step_type: command (or tool, ...)`);
  }
  const blocked = type === undefined ? undefined : checker.unavailable.get(type);
  if (type !== undefined && !checker.stepTypes.has(type) && blocked !== undefined) {
    checker.error([...path, "step_type"], `Step type "${type}" of ${label} cannot run: ${blocked}`);
  } else if (type !== undefined && !checker.stepTypes.has(type)) {
    checker.error(
      [...path, "step_type"],
      `Unknown step type "${type}" in ${label}: use one of ${[...checker.stepTypes].join(", ")}`,
    );
  }
  const known = type !== undefined && checker.stepTypes.has(type);
  if (known) {
    const allowed = [...COMMON, ...(EXTRA[type] ?? [])];
    for (const [other, fields] of Object.entries(EXTRA)) {
      for (const field of fields) {
        if (other !== type && field in raw) {
          checker.error(
            [...path, field],
            `Field "${field}" is for ${other} steps, not ${type} ${label}: remove it`,
            true,
          );
          allowed.push(field);
        }
      }
    }
    checker.unknownFields(raw, allowed, path, label);
  }

  const params = raw.params ?? {};
  if (!isRecord(params)) {
    checker.error([...path, "params"], `"params" of ${label} must be a mapping`);
  }
  const p = isRecord(params) ? params : {};
  const env = { ...inherited.env, ...checker.env(raw, path, `Field of ${label}:`) };
  const cwd = checker.string(raw, "cwd", path, `Field of ${label}:`) ?? inherited.cwd;
  const continueOnError = raw.continue_on_error ?? false;
  if (typeof continueOnError !== "boolean") {
    checker.error(
      [...path, "continue_on_error"],
      `"continue_on_error" of ${label} must be true or false, not ${describe(continueOnError)}`,
    );
  }
  const ownSandbox = checkSandbox(checker, raw, path, label);
  if (ownSandbox !== undefined && known && !SANDBOXABLE_STEP_TYPES.includes(type)) {
    checker.error(
      [...path, "sandbox"],
      `"sandbox" does not apply to ${type} ${label}: it confines command and tool steps (and the steps inside parallel and condition steps)`,
      true,
    );
  }
  const sandbox = ownSandbox === undefined ? inherited.sandbox : ownSandbox;
  const step: PlannedStep = {
    name: name ?? `#${path.join(".")}`,
    type: type ?? "",
    params: { ...p },
    continueOnError: continueOnError === true,
    retry: checkRetry(checker, raw.retry, [...path, "retry"], label, type),
    env,
    parallel: [],
    then: [],
    else: [],
    ...(cwd === undefined ? {} : { cwd }),
    ...(sandbox && (type === "command" || type === "tool") ? { sandbox } : {}),
  };
  checker.paths.set(step, path);
  const timeoutMs = checker.seconds(raw, "timeout", path, `Field of ${label}:`);
  if (timeoutMs !== undefined) step.timeoutMs = timeoutMs;
  const condition = expression(checker, raw, "condition", path, label);
  if (condition) step.condition = condition;
  const ifExpression = expression(checker, raw, "if", path, label);
  if (ifExpression) step.ifExpression = ifExpression;
  if (typeof raw.condition === "string") step.conditionText = raw.condition;
  if (typeof raw.if === "string") step.ifText = raw.if;
  checkFingerprintFields(checker, raw, step, path, label);
  if (!known) return step;

  const child: Inherited = {
    env,
    ...(cwd === undefined ? {} : { cwd }),
    ...(sandbox === undefined ? {} : { sandbox }),
  };
  if (type === "tool") {
    const tool = checker.string(raw, "tool_name", path, `Field of ${label}:`);
    if (raw.tool_name === undefined) {
      checker.error(
        path,
        `Tool ${label} has no "tool_name": add tool_name: ${TOOL_NAMES.join(" | ")}`,
      );
    } else if (tool !== undefined && !(TOOL_NAMES as readonly string[]).includes(tool)) {
      checker.error(
        [...path, "tool_name"],
        `Unknown tool "${tool}" in ${label}: use one of ${TOOL_NAMES.join(", ")}`,
      );
    }
    if (tool !== undefined) step.toolName = tool;
  } else if (type === "command") {
    const command = checker.string(raw, "command", path, `Field of ${label}:`);
    if (raw.command === undefined) {
      checker.error(path, `Command ${label} has no "command": add command: <shell command>`);
    } else if (command !== undefined && command.trim() === "") {
      checker.error([...path, "command"], `"command" of ${label} is empty`);
    }
    if (command !== undefined) step.command = command;
  } else if (type === "parallel") {
    const list = raw.parallel_steps;
    if (list === undefined) {
      checker.error(
        path,
        `Parallel ${label} has no "parallel_steps": list the steps to run at once`,
      );
    } else if (Array.isArray(list) && list.length === 0) {
      checker.error([...path, "parallel_steps"], `"parallel_steps" of ${label} is empty`);
    }
    step.parallel = checkSteps(
      checker,
      list,
      [...path, "parallel_steps"],
      child,
      `"parallel_steps" of ${label}`,
    );
  } else if (type === "condition") {
    const cond = expression(checker, p, "condition", [...path, "params"], label);
    if (p.condition === undefined) {
      checker.error(
        path,
        `Condition ${label} has no "params.condition": add condition: step_<name>_result`,
      );
    }
    if (cond) step.branchCondition = cond;
    step.then = checkSteps(
      checker,
      p.then,
      [...path, "params", "then"],
      child,
      `"then" of ${label}`,
    );
    step.else = checkSteps(
      checker,
      p.else,
      [...path, "params", "else"],
      child,
      `"else" of ${label}`,
    );
    delete step.params.then;
    delete step.params.else;
  } else if (type === "notify") {
    if (p.message === undefined) {
      checker.error(
        path,
        `Notify ${label} has no "params.message": add params: { message: "..." }`,
      );
    } else if (typeof p.message !== "string") {
      checker.error([...path, "params", "message"], `"message" of ${label} must be text`);
    }
  } else if (type === "workflow") {
    if (typeof p.workflow !== "string") {
      checker.error(path, `Workflow ${label} has no "params.workflow": name the workflow to run`);
    }
  }
  return step;
}

/** `sources:`, `generates:` (project-relative globs) and `fingerprint_env:` (variable names). */
function checkFingerprintFields(
  checker: PlanChecker,
  raw: Record<string, unknown>,
  step: PlannedStep,
  path: ValuePath,
  label: string,
): void {
  for (const field of FINGERPRINT_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (["parallel", "condition", "workflow"].includes(step.type)) {
      checker.error(
        [...path, field],
        `"${field}" does not apply to ${step.type} ${label}: put it on the steps inside`,
      );
      continue;
    }
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || list.some((v) => typeof v !== "string" || v.trim() === "")) {
      checker.error(
        [...path, field],
        `"${field}" of ${label} must be a list of ${
          field === "fingerprint_env" ? "variable names" : "globs"
        }, not ${describe(value)}`,
      );
      continue;
    }
    const items = list as string[];
    if (field === "fingerprint_env") {
      const bad = items.find((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
      if (bad !== undefined) {
        checker.error(
          [...path, field],
          `"${bad}" in "${field}" of ${label} is not a variable name`,
        );
      } else step.fingerprintEnv = items;
      continue;
    }
    const outside = items.find((g) => g.startsWith("/") || g.split("/").includes(".."));
    if (outside !== undefined) {
      checker.error(
        [...path, field],
        `"${outside}" in "${field}" of ${label} leaves the project: write a glob relative to the project`,
      );
      continue;
    }
    if (field === "sources") step.sources = items;
    else step.generates = items;
  }
  if (step.generates && !step.sources) {
    checker.error(
      [...path, "generates"],
      `"generates" of ${label} needs "sources": list the files it is made from`,
    );
  }
}

function expression(
  checker: PlanChecker,
  obj: Record<string, unknown>,
  field: string,
  path: ValuePath,
  label: string,
): ConditionExpression | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return { type: "literal", value };
  if (typeof value !== "string") {
    checker.error([...path, field], `"${field}" of ${label} must be text, not ${describe(value)}`);
    return undefined;
  }
  try {
    return parseCondition(value);
  } catch (e) {
    checker.error(
      [...path, field],
      `"${field}" of ${label} is not a valid condition: ${
        (e as Error).message
      }; use step_<name>_result, steps.<name>.success, success(), failure() or always()`,
    );
    return undefined;
  }
}

function checkRetry(
  checker: PlanChecker,
  raw: unknown,
  path: ValuePath,
  label: string,
  type: string | undefined,
): { attempts: number; backoffMs: number } {
  const none = { attempts: 1, backoffMs: 0 };
  if (raw === undefined || raw === null) return none;
  if (type === "parallel" || type === "condition") {
    checker.error(path, `"retry" does not apply to ${type} ${label}: put it on the steps inside`);
    return none;
  }
  const attempts = typeof raw === "number" ? raw : isRecord(raw) ? raw.attempts : undefined;
  const backoff = isRecord(raw) ? raw.backoff ?? 1 : 1;
  if (isRecord(raw)) {
    checker.unknownFields(raw, ["attempts", "backoff"], path, `"retry" of ${label}`);
  }
  if (
    typeof attempts !== "number" || !Number.isInteger(attempts) || attempts < 1 || attempts > 100
  ) {
    checker.error(
      isRecord(raw) && raw.attempts !== undefined ? [...path, "attempts"] : path,
      `"retry.attempts" of ${label} must be a whole number from 1 to 100, not ${
        describe(attempts)
      }`,
    );
    return none;
  }
  if (typeof backoff !== "number" || !(backoff >= 0) || backoff > 3600) {
    checker.error(
      [...path, "backoff"],
      `"retry.backoff" of ${label} must be seconds from 0 to 3600, not ${describe(backoff)}`,
    );
    return none;
  }
  return { attempts, backoffMs: Math.round(backoff * 1000) };
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
