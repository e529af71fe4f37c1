/** Checks across steps and workflows: duplicate names, what conditions and placeholders refer to, cycles. */
import { referencedSteps } from "./condition_expression.ts";
import { stepsNamedIn } from "./context_variables.ts";
import type { PlanChecker } from "./_plan_checker.ts";
import type { ValuePath } from "./parse_workflows_text.ts";
import { allSteps, type PlannedStep, type WorkflowPlan } from "./workflow_plan.ts";

/** Duplicate step names, then what each condition refers to. */
export function checkNames(checker: PlanChecker, plan: WorkflowPlan): void {
  const every = [...allSteps(plan.steps), ...allSteps(plan.onSuccess), ...allSteps(plan.onFailure)];
  const seen = new Map<string, PlannedStep>();
  for (const step of every) {
    const first = seen.get(step.name);
    if (first) {
      const { line } = checker.locate(checker.paths.get(first) ?? []);
      checker.error(
        [...(checker.paths.get(step) ?? []), "name"],
        `Duplicate step name "${step.name}" in workflow "${plan.name}" (first used on line ${line}): rename one`,
      );
    } else seen.set(step.name, step);
  }
  const walk = (
    steps: PlannedStep[],
    done: Set<string>,
    outer: Set<string>,
    concurrent: Set<string>,
  ) => {
    for (const step of steps) {
      const inside = new Set(allSteps([step]).map((s) => s.name));
      for (
        const [field, expr] of [
          ["condition", step.condition],
          ["if", step.ifExpression],
          ["params.condition", step.branchCondition],
        ] as const
      ) {
        if (!expr) continue;
        const where = [...(checker.paths.get(step) ?? []), ...field.split(".")];
        for (const ref of referencedSteps(expr)) {
          const says = `"${field}" of step "${step.name}" names step "${ref}"`;
          if (!seen.has(ref)) {
            const effect = step.type === "condition" && field === "params.condition"
              ? "the else branch runs"
              : "the step is skipped";
            checker.warning(
              where,
              `${
                cap(says)
              }, which is not in workflow "${plan.name}": it counts as false, so ${effect}`,
            );
          } else if (inside.has(ref) || outer.has(ref)) {
            checker.error(
              where,
              `${cap(says)}, which contains or is this step (a cycle): name an earlier step`,
            );
          } else if (concurrent.has(ref)) {
            checker.error(
              where,
              `${cap(says)}, which runs at the same time (parallel): name an earlier step`,
            );
          } else if (!done.has(ref)) {
            checker.error(
              where,
              `${cap(says)}, which runs later: move "${ref}" before "${step.name}"`,
            );
          }
        }
      }
      const text = step.command ?? JSON.stringify(step.params);
      for (const ref of new Set(stepsNamedIn(text))) {
        const where = [...(checker.paths.get(step) ?? []), step.command ? "command" : "params"];
        const says = `Step "${step.name}" uses the output of step "${ref}"`;
        if (!seen.has(ref)) {
          checker.warning(where, `${says}, which is not in workflow "${plan.name}": it is empty`);
        } else if (!done.has(ref)) {
          checker.warning(
            where,
            `${says}, which has not finished when "${step.name}" starts: it is empty`,
          );
        }
      }
      const within = new Set([...outer, step.name]);
      for (const child of step.parallel) {
        const others = new Set(
          step.parallel.filter((c) => c !== child).flatMap((c) => allSteps([c]).map((s) => s.name)),
        );
        walk([child], new Set(done), within, new Set([...concurrent, ...others]));
      }
      walk(step.then, new Set(done), within, concurrent);
      walk(step.else, new Set(done), within, concurrent);
      for (const name of inside) done.add(name);
    }
  };
  const done = new Set<string>();
  walk(plan.steps, done, new Set(), new Set());
  walk(plan.onSuccess, new Set(done), new Set(), new Set());
  walk(plan.onFailure, new Set(done), new Set(), new Set());
}

/** `workflow` steps: the target exists and no workflow calls itself. */
export function checkCalls(
  checker: PlanChecker,
  built: Map<string, { plan: WorkflowPlan; errors: number }>,
) {
  const edges = new Map<string, { step: PlannedStep; target: string }[]>();
  for (const [name, { plan }] of built) {
    const calls = [
      ...allSteps(plan.steps),
      ...allSteps(plan.onSuccess),
      ...allSteps(plan.onFailure),
    ]
      .filter((s) => s.type === "workflow" && typeof s.params.workflow === "string")
      .map((step) => ({ step, target: step.params.workflow as string }));
    edges.set(name, calls);
  }
  const bad = (name: string) => {
    const entry = built.get(name);
    if (entry) entry.errors++;
  };
  for (const [name, calls] of edges) {
    for (const { step, target } of calls) {
      const where: ValuePath = [...(checker.paths.get(step) ?? []), "params", "workflow"];
      if (!built.has(target)) {
        checker.error(where, `Step "${step.name}" runs workflow "${target}", which does not exist`);
        bad(name);
        continue;
      }
      const cycle = findPath(edges, target, name);
      if (cycle) {
        checker.error(where, `Workflow "${name}" calls itself: ${[name, ...cycle].join(" -> ")}`);
        bad(name);
      }
    }
  }
  for (const calls of edges.values()) {
    for (const { step, target } of calls) {
      const called = built.get(target)?.plan;
      if (called) step.calls = called;
    }
  }
}

function findPath(
  edges: Map<string, { target: string }[]>,
  from: string,
  to: string,
  seen = new Set<string>(),
): string[] | undefined {
  if (from === to) return [to];
  if (seen.has(from)) return undefined;
  seen.add(from);
  for (const { target } of edges.get(from) ?? []) {
    const rest = findPath(edges, target, to, seen);
    if (rest) return [from, ...rest];
  }
  return undefined;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
