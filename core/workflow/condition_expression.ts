/**
 * The small expression language of `condition:` and `if:`: `success()`, `failure()`, `always()`,
 * `cancelled()`, `step_<name>_result`, `steps.<name>.success|failed|skipped`, `true`, `false`, `!`, `&&`,
 * `||` and parentheses, optionally wrapped in `${{ }}` as on GitHub.
 */

/** A parsed expression. */
export type ConditionExpression =
  | { type: "call"; fn: "success" | "failure" | "always" | "cancelled" }
  | { type: "step"; step: string; want: "success" | "failed" | "skipped" }
  | { type: "literal"; value: boolean }
  | { type: "not"; operand: ConditionExpression }
  | { type: "and" | "or"; left: ConditionExpression; right: ConditionExpression };

/** What an expression is evaluated against. */
export interface ConditionState {
  /** True when no earlier step failed (a `continue_on_error` failure does not count). */
  ok: boolean;
  cancelled: boolean;
  /** Outcome of a step that has finished, or undefined when it did not run (yet). */
  outcome(step: string): "success" | "failed" | "skipped" | undefined;
}

const TOKEN = /\s*(\$\{\{|\}\}|&&|\|\||!|\(|\)|[A-Za-z_][A-Za-z0-9_.-]*)/y;
const CALLS = new Set(["success", "failure", "always", "cancelled"]);

/** Parses `text`; throws an `Error` whose message says what is wrong, for the caller to place. */
export function parseCondition(text: string): ConditionExpression {
  let source = text.trim();
  if (source.startsWith("${{") && source.endsWith("}}")) source = source.slice(3, -2);
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) {
      if (source.slice(start).trim() === "") break;
      throw new Error(`unexpected "${source.slice(start).trim()[0]}"`);
    }
    tokens.push(match[1] ?? "");
  }
  if (tokens.length === 0) throw new Error("condition is empty");
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    throw new Error(what);
  };
  const primary = (): ConditionExpression => {
    const token = tokens[pos++];
    if (token === undefined) return fail("unexpected end");
    if (token === "!") return { type: "not", operand: primary() };
    if (token === "(") {
      const inner = orExpr();
      if (tokens[pos++] !== ")") fail('missing ")"');
      return inner;
    }
    if (token === "true" || token === "false") return { type: "literal", value: token === "true" };
    if (CALLS.has(token) && peek() === "(") {
      pos++;
      if (tokens[pos++] !== ")") fail(`"${token}(" takes no arguments`);
      return { type: "call", fn: token as "success" };
    }
    const seed = /^step_(.+)_result$/.exec(token);
    if (seed?.[1]) return { type: "step", step: seed[1], want: "success" };
    const dotted = /^steps\.(.+)\.(success|failed|skipped)$/.exec(token);
    if (dotted?.[1]) {
      return { type: "step", step: dotted[1], want: dotted[2] as "success" };
    }
    return fail(`unknown name "${token}"`);
  };
  const andExpr = (): ConditionExpression => {
    let left = primary();
    while (peek() === "&&") {
      pos++;
      left = { type: "and", left, right: primary() };
    }
    return left;
  };
  const orExpr = (): ConditionExpression => {
    let left = andExpr();
    while (peek() === "||") {
      pos++;
      left = { type: "or", left, right: andExpr() };
    }
    return left;
  };
  const expr = orExpr();
  if (pos < tokens.length) fail(`unexpected "${tokens[pos]}"`);
  return expr;
}

/** Names of the steps an expression refers to. */
export function referencedSteps(expr: ConditionExpression): string[] {
  switch (expr.type) {
    case "step":
      return [expr.step];
    case "not":
      return referencedSteps(expr.operand);
    case "and":
    case "or":
      return [...referencedSteps(expr.left), ...referencedSteps(expr.right)];
    default:
      return [];
  }
}

/** True when the expression uses a status function; without one, `if:` also needs `success()`. */
export function usesStatusFunction(expr: ConditionExpression): boolean {
  switch (expr.type) {
    case "call":
      return true;
    case "not":
      return usesStatusFunction(expr.operand);
    case "and":
    case "or":
      return usesStatusFunction(expr.left) || usesStatusFunction(expr.right);
    default:
      return false;
  }
}

/** Evaluates `expr`; a step that did not run is neither success, failed nor skipped. */
export function evaluateCondition(expr: ConditionExpression, state: ConditionState): boolean {
  switch (expr.type) {
    case "call":
      if (expr.fn === "always") return true;
      if (expr.fn === "cancelled") return state.cancelled;
      if (state.cancelled) return false;
      return expr.fn === "success" ? state.ok : !state.ok;
    case "step":
      return state.outcome(expr.step) === expr.want;
    case "literal":
      return expr.value;
    case "not":
      return !evaluateCondition(expr.operand, state);
    case "and":
      return evaluateCondition(expr.left, state) && evaluateCondition(expr.right, state);
    case "or":
      return evaluateCondition(expr.left, state) || evaluateCondition(expr.right, state);
  }
}
