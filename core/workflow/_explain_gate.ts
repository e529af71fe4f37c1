/**
 * Why a step's `if:` and `condition:` let it run or not, in words: each expression as written with its
 * value, the status functions' inputs (which step failed) and the outcomes of the steps it names.
 */
import {
  type ConditionState,
  evaluateCondition,
  referencedSteps,
  usesStatusFunction,
} from "./condition_expression.ts";
import type { PlannedStep } from "./workflow_plan.ts";

/** What the explanation needs besides the step. */
export interface GateFacts {
  state: ConditionState;
  /** The first step that failed so far in the run, if one did. */
  failed?: string;
}

/** `condition "step_build_result" is false (build: failed)`, `step "lint" failed before it`, ... */
export function explainGate(step: PlannedStep, facts: GateFacts, go: boolean): string {
  const { state, failed } = facts;
  const parts: string[] = [];
  const status = state.cancelled
    ? "the run was stopped"
    : failed
    ? `step "${failed}" failed`
    : "no step failed";
  if (step.ifExpression) {
    const value = evaluateCondition(step.ifExpression, state);
    const names = outcomes(referencedSteps(step.ifExpression), state);
    const why = usesStatusFunction(step.ifExpression) ? [status, ...names] : names;
    parts.push(`if "${step.ifText ?? String(value)}" is ${value}${list(why)}`);
    if (!usesStatusFunction(step.ifExpression) && (!state.ok || state.cancelled)) {
      parts.push(`without a status function it also needs success(): ${status}`);
    }
  } else if (!state.ok || state.cancelled) {
    parts.push(state.cancelled ? "the run was stopped" : `${status} before it`);
  }
  if (step.condition) {
    const value = evaluateCondition(step.condition, state);
    const names = outcomes(referencedSteps(step.condition), state);
    parts.push(`condition "${step.conditionText ?? String(value)}" is ${value}${list(names)}`);
  }
  if (parts.length === 0) return go ? "" : "its conditions are false";
  return parts.join("; ");
}

function outcomes(names: string[], state: ConditionState): string[] {
  return [...new Set(names)].map((n) => `${n}: ${state.outcome(n) ?? "did not run"}`);
}

function list(items: string[]): string {
  return items.length > 0 ? ` (${items.join(", ")})` : "";
}
