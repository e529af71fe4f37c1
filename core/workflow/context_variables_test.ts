import assert from "node:assert/strict";
import { fillText, placeholdersIn, rewriteCommand, variableName } from "./context_variables.ts";

Deno.test("variableName() maps a placeholder to its FLUX_ environment variable", () => {
  assert.equal(variableName("prev_step_result"), "FLUX_PREV_STEP_RESULT");
  assert.equal(variableName("steps.build.output"), "FLUX_STEPS_BUILD_OUTPUT");
  assert.equal(variableName("steps.run-tests.success"), "FLUX_STEPS_RUN_TESTS_SUCCESS");
});

Deno.test("rewriteCommand() quotes each reference for where it stands in the shell text", () => {
  assert.deepEqual(rewriteCommand("echo {prev_step_result}"), {
    command: 'echo "$FLUX_PREV_STEP_RESULT"',
    variables: ["prev_step_result"],
  });
  assert.equal(
    rewriteCommand('echo "v={steps.build.output}!"').command,
    'echo "v=${FLUX_STEPS_BUILD_OUTPUT}!"',
  );
  assert.equal(
    rewriteCommand("echo 'v={steps.build.output}'").command,
    `echo 'v='"$FLUX_STEPS_BUILD_OUTPUT"''`,
  );
  assert.equal(
    rewriteCommand(`echo \\'{prev_step_result}`).command,
    `echo \\'"$FLUX_PREV_STEP_RESULT"`,
  );
});

Deno.test("rewriteCommand() leaves other braces alone (awk programs, brace expansion)", () => {
  const text = "awk '{print $1}' f && echo {a,b} ${HOME} {steps.} ${prev_step_result}";
  assert.deepEqual(rewriteCommand(text), { command: text, variables: [] });
});

Deno.test("fillText() puts values in place in plain text and keeps unknown placeholders", () => {
  const values = new Map([["steps.build.output", "v1.2"], ["prev_step_result", "ok"]]);
  assert.equal(
    fillText("built {steps.build.output} ({prev_step_result}) {steps.x.output}", values),
    "built v1.2 (ok) {steps.x.output}",
  );
  assert.deepEqual(placeholdersIn("{workflow.name} {project_dir} {steps.a.outcome}"), [
    "workflow.name",
    "project_dir",
    "steps.a.outcome",
  ]);
});

Deno.test("buildWorkflowPlans() warns when a placeholder names a step that is missing or has not run yet", async () => {
  const { buildWorkflowPlan } = await import("./build_workflow_plans.ts");
  const plan = buildWorkflowPlan({
    name: "w",
    steps: [
      { name: "a", step_type: "command", command: "echo {steps.b.output} {steps.nope.output}" },
      { name: "b", step_type: "notify", params: { message: "a said {steps.a.output}" } },
    ],
  });
  assert.deepEqual(plan.warnings.map((w) => w.message), [
    'Step "a" uses the output of step "b", which has not finished when "a" starts: it is empty',
    'Step "a" uses the output of step "nope", which is not in workflow "w": it is empty',
  ]);
});
