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

/** Most levels of workflows calling workflows; deeper chains are refused (the run would nest that deep). */
export const MAX_CALL_DEPTH = 50;

/** `workflow` steps: the target exists, no workflow calls itself, and calls nest at most 50 deep. */
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
  checkDepth(checker, edges, bad);
  for (const calls of edges.values()) {
    for (const { step, target } of calls) {
      const called = built.get(target)?.plan;
      if (called) step.calls = called;
    }
  }
}

/**
 * Refuses workflows whose calls nest deeper than {@linkcode MAX_CALL_DEPTH}, with one error at the
 * outermost of them (a chain of 3,000 is one line, not 2,950).
 */
function checkDepth(
  checker: PlanChecker,
  edges: Map<string, { step: PlannedStep; target: string }[]>,
  bad: (name: string) => void,
): void {
  const depth = callDepths(edges);
  const deep = [...depth].filter(([, d]) => d > MAX_CALL_DEPTH).map(([name]) => name);
  if (deep.length === 0) return;
  const called = new Set(deep.flatMap((name) => (edges.get(name) ?? []).map((c) => c.target)));
  for (const name of deep) {
    bad(name);
    if (called.has(name)) continue;
    const first = (edges.get(name) ?? []).find((c) => (depth.get(c.target) ?? 0) >= MAX_CALL_DEPTH);
    const where: ValuePath = first
      ? [...(checker.paths.get(first.step) ?? []), "params", "workflow"]
      : [name];
    checker.error(
      where,
      `Workflow "${name}" calls workflows ${
        depth.get(name)
      } levels deep: at most ${MAX_CALL_DEPTH} are supported; run the inner workflows from fewer levels`,
    );
  }
}

/** Levels of each workflow (1 without calls), without recursion; a call back into a cycle counts 0. */
function callDepths(edges: Map<string, { target: string }[]>): Map<string, number> {
  const depth = new Map<string, number>();
  const open = new Set<string>();
  for (const root of edges.keys()) {
    if (depth.has(root)) continue;
    const stack: { name: string; next: number }[] = [{ name: root, next: 0 }];
    open.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const calls = edges.get(top.name) ?? [];
      if (top.next < calls.length) {
        const target = calls[top.next++]!.target;
        if (!depth.has(target) && !open.has(target) && edges.has(target)) {
          open.add(target);
          stack.push({ name: target, next: 0 });
        }
        continue;
      }
      const below = Math.max(0, ...calls.map((c) => depth.get(c.target) ?? 0));
      depth.set(top.name, below + 1);
      open.delete(top.name);
      stack.pop();
    }
  }
  return depth;
}

/** A path of calls from `from` to `to`, found without recursion (breadth first). */
function findPath(
  edges: Map<string, { target: string }[]>,
  from: string,
  to: string,
): string[] | undefined {
  const parent = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i]!;
    if (name === to) {
      const path: string[] = [];
      for (let at: string | null = name; at !== null; at = parent.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const { target } of edges.get(name) ?? []) {
      if (parent.has(target)) continue;
      parent.set(target, name);
      queue.push(target);
    }
  }
  return undefined;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
