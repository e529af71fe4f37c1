import assert from "node:assert/strict";
import {
  type ConditionState,
  evaluateCondition,
  parseCondition,
  referencedSteps,
  usesStatusFunction,
} from "./condition_expression.ts";

function state(
  outcomes: Record<string, "success" | "failed" | "skipped">,
  ok = true,
  cancelled = false,
): ConditionState {
  return { ok, cancelled, outcome: (name) => outcomes[name] };
}

Deno.test("parseCondition() reads the seed's step_<name>_result, including names with underscores", () => {
  const expr = parseCondition("step_run_tests_result");
  assert.deepEqual(expr, { type: "step", step: "run_tests", want: "success" });
  assert.equal(evaluateCondition(expr, state({ run_tests: "success" })), true);
  assert.equal(evaluateCondition(expr, state({ run_tests: "failed" })), false);
  assert.equal(evaluateCondition(expr, state({})), false);
});

Deno.test("evaluateCondition() follows GitHub's status functions, cancelled included", () => {
  const check = (text: string, ok: boolean, cancelled: boolean) =>
    evaluateCondition(parseCondition(text), state({}, ok, cancelled));
  assert.deepEqual(
    ["success()", "failure()", "always()", "cancelled()"].map((t) => [
      check(t, true, false),
      check(t, false, false),
      check(t, true, true),
    ]),
    [[true, false, false], [false, true, false], [true, true, true], [false, false, true]],
  );
});

Deno.test("parseCondition() combines with !, &&, || and parentheses and strips ${{ }}", () => {
  const expr = parseCondition("${{ !(step_a_result && steps.b.failed) || steps.c.skipped }}");
  assert.deepEqual(referencedSteps(expr), ["a", "b", "c"]);
  assert.equal(usesStatusFunction(expr), false);
  assert.equal(evaluateCondition(expr, state({ a: "success", b: "failed" })), false);
  assert.equal(evaluateCondition(expr, state({ a: "success", b: "success" })), true);
  assert.equal(evaluateCondition(expr, state({ a: "success", b: "failed", c: "skipped" })), true);
  assert.equal(usesStatusFunction(parseCondition("always() && step_a_result")), true);
});

Deno.test("parseCondition() throws a short reason for text it cannot read", () => {
  assert.throws(() => parseCondition("step_a_result &&"), /^Error: unexpected end$/);
  assert.throws(() => parseCondition("tests_passed"), /^Error: unknown name "tests_passed"$/);
  assert.throws(() => parseCondition("success(1)"), /unexpected "1"/);
  assert.throws(() => parseCondition("a == b"), /unexpected "="/);
  assert.throws(() => parseCondition("  "), /condition is empty/);
});
