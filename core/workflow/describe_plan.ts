/** The text of `flux wf show` and `flux wf run --dry-run`: a workflow as an indented list of steps. */
import type { ConditionExpression } from "./condition_expression.ts";
import { rewriteCommand } from "./context_variables.ts";
import type { PlannedStep, WorkflowPlan } from "./workflow_plan.ts";

/** Lines describing `plan`. */
export function describePlan(plan: WorkflowPlan): string[] {
  const lines = [`${plan.name}${plan.description ? `: ${plan.description}` : ""}`];
  if (plan.timeoutMs !== undefined) lines.push(`  timeout: ${plan.timeoutMs / 1000}s`);
  // Not "secrets: NAME": the redactor would take the name for a value.
  if (plan.secrets.length > 0) lines.push(`  secrets (masked): ${plan.secrets.join(", ")}`);
  const walk = (steps: PlannedStep[], indent: string, numbered: boolean) => {
    steps.forEach((step, i) => {
      const head = numbered ? `${i + 1}.` : "-";
      lines.push(`${indent}${head} ${step.name} (${step.type})${detail(step)}${flags(step)}`);
      walk(step.parallel, `${indent}    `, false);
      if (step.then.length > 0) lines.push(`${indent}    then:`);
      walk(step.then, `${indent}      `, false);
      if (step.else.length > 0) lines.push(`${indent}    else:`);
      walk(step.else, `${indent}      `, false);
    });
  };
  walk(plan.steps, "  ", true);
  if (plan.onSuccess.length > 0) lines.push("  on_success:");
  walk(plan.onSuccess, "    ", false);
  if (plan.onFailure.length > 0) lines.push("  on_failure:");
  walk(plan.onFailure, "    ", false);
  return lines;
}

function detail(step: PlannedStep): string {
  if (step.command !== undefined) return `: ${rewriteCommand(step.command).command}`;
  if (step.toolName !== undefined) return `: ${step.toolName}`;
  if (step.branchCondition) return `: if ${showExpression(step.branchCondition)}`;
  if (step.calls) return `: runs ${step.calls.name}`;
  if (typeof step.params.message === "string") return `: "${step.params.message}"`;
  return "";
}

function flags(step: PlannedStep): string {
  const out: string[] = [];
  if (step.condition) out.push(`condition ${showExpression(step.condition)}`);
  if (step.ifExpression) out.push(`if ${showExpression(step.ifExpression)}`);
  if (step.continueOnError) out.push("continue_on_error");
  if (step.timeoutMs !== undefined) out.push(`timeout ${step.timeoutMs / 1000}s`);
  if (step.retry.attempts > 1) out.push(`retry ${step.retry.attempts}x`);
  if (step.cwd !== undefined) out.push(`cwd ${step.cwd}`);
  if (step.sources) out.push(`sources ${step.sources.join(" ")}`);
  if (step.generates) out.push(`generates ${step.generates.join(" ")}`);
  if (step.fingerprintEnv) out.push(`fingerprint_env ${step.fingerprintEnv.join(" ")}`);
  if (step.sandbox) {
    const writes = step.sandbox.write.length > 0
      ? `writes ${step.sandbox.write.join(" ")}`
      : "read-only";
    out.push(`sandbox ${writes}, ${step.sandbox.network ? "network" : "no network"}`);
  }
  return out.length > 0 ? `  [${out.join(", ")}]` : "";
}

/** An expression written back as text. */
export function showExpression(expr: ConditionExpression): string {
  switch (expr.type) {
    case "call":
      return `${expr.fn}()`;
    case "step":
      return expr.want === "success"
        ? `step_${expr.step}_result`
        : `steps.${expr.step}.${expr.want}`;
    case "literal":
      return String(expr.value);
    case "not":
      return `!${wrap(expr.operand)}`;
    case "and":
      return `${wrap(expr.left)} && ${wrap(expr.right)}`;
    case "or":
      return `${wrap(expr.left)} || ${wrap(expr.right)}`;
  }
}

function wrap(expr: ConditionExpression): string {
  return expr.type === "and" || expr.type === "or"
    ? `(${showExpression(expr)})`
    : showExpression(expr);
}
