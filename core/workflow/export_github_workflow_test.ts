import assert from "node:assert/strict";
import { parse } from "../deps/yaml.ts";
import { buildWorkflowPlan } from "./build_workflow_plans.ts";
import { exportGithubWorkflow } from "./export_github_workflow.ts";

interface GhStep {
  id?: string;
  if?: string;
  run?: string;
  env?: Record<string, string>;
  "continue-on-error"?: boolean;
  "timeout-minutes"?: number;
}

function stepsOf(yaml: string): GhStep[] {
  const doc = parse(yaml) as {
    jobs: Record<string, { steps: GhStep[]; "timeout-minutes"?: number }>;
  };
  return Object.values(doc.jobs)[0]!.steps;
}

Deno.test("exportGithubWorkflow() turns then/else into complementary if: expressions and handlers into success()/failure()", () => {
  const plan = buildWorkflowPlan({
    name: "full-validation",
    timeout: 300,
    steps: [
      { name: "tests", step_type: "tool", tool_name: "run_tests" },
      {
        name: "gate",
        step_type: "condition",
        params: {
          condition: "step_tests_result",
          then: [{ name: "deploy", step_type: "command", command: "./deploy.sh staging" }],
          else: [{ name: "warn", step_type: "notify", params: { message: "⚠️ skipped" } }],
        },
      },
    ],
    on_success: [{ name: "cleanup", step_type: "command", command: "./cleanup.sh" }],
    on_failure: [{ name: "rollback", step_type: "command", command: "./rollback.sh" }],
  });
  const yaml = exportGithubWorkflow(plan, {
    toolchains: [{ name: "python", markers: ["pyproject.toml"], tools: { test: ["pytest"] } }],
  });
  assert.equal(
    (parse(yaml) as { jobs: Record<string, { "timeout-minutes": number }> })
      .jobs["full-validation"]!["timeout-minutes"],
    5,
  );
  const steps = stepsOf(yaml);
  const byId = Object.fromEntries(steps.filter((s) => s.id).map((s) => [s.id, s]));
  assert.equal(byId.tests!.run, "python -m pytest");
  assert.equal(byId.deploy!.if, "success() && (steps.tests.outcome == 'success')");
  assert.equal(byId.warn!.if, "success() && (!(steps.tests.outcome == 'success'))");
  assert.equal(byId.warn!.run, "printf '%s\\n' '⚠️ skipped'");
  assert.equal(byId.flux_steps_passed!.run, "true");
  assert.equal(byId.flux_steps_passed!.if, undefined);
  assert.equal(byId.cleanup!.if, "success() && (steps.flux_steps_passed.outcome == 'success')");
  assert.equal(
    byId.rollback!.if,
    "(failure() && !(steps.flux_steps_passed.outcome == 'success'))",
  );
});

Deno.test("exportGithubWorkflow() makes a condition on a missing step false and reads a parallel step from a marker step", () => {
  const plan = buildWorkflowPlan({
    name: "refs",
    steps: [
      {
        name: "checks",
        step_type: "parallel",
        parallel_steps: [
          { name: "fmt", step_type: "command", command: "deno fmt --check" },
          { name: "lint", step_type: "command", command: "deno lint" },
        ],
      },
      {
        name: "gate",
        step_type: "condition",
        params: {
          condition: "step_run_tests_result",
          then: [{ name: "deploy", step_type: "command", command: "./deploy.sh" }],
          else: [{ name: "warn", step_type: "command", command: "echo {steps.run_tests.output}" }],
        },
      },
      { name: "after", step_type: "command", command: "true", condition: "step_checks_result" },
    ],
  });
  const steps = stepsOf(exportGithubWorkflow(plan, { toolchains: [] }));
  assert.deepEqual(steps.map((s) => s.id), [
    undefined,
    "fmt",
    "lint",
    "checks",
    "deploy",
    "warn",
    "after",
  ]);
  const byId = Object.fromEntries(steps.filter((s) => s.id).map((s) => [s.id, s]));
  assert.equal(byId.checks!.run, "true");
  assert.equal(byId.checks!.if, undefined);
  assert.equal(byId.deploy!.if, "success() && (false)");
  assert.equal(byId.warn!.if, "success() && (!(false))");
  assert.deepEqual(byId.warn!.env, { FLUX_STEPS_RUN_TESTS_OUTPUT: "" });
  assert.equal(byId.after!.if, "success() && (steps.checks.outcome == 'success')");
  // Every steps.<id> an expression reads is a step of the job.
  const ids = new Set(steps.map((s) => s.id));
  for (const s of steps) {
    for (const [, id] of JSON.stringify(s).matchAll(/steps\.([A-Za-z0-9_-]+)\./g)) {
      assert.ok(ids.has(id), `${s.id} reads steps.${id}`);
    }
  }
  assert.throws(
    () =>
      exportGithubWorkflow(
        buildWorkflowPlan({
          name: "x",
          steps: [
            ...plan.definition.steps,
            {
              name: "z",
              step_type: "command",
              command: "true",
              if: "always() && steps.checks.failed",
            },
          ],
        }),
        { toolchains: [] },
      ),
    /^Error: Cannot export a condition on whether step "checks" failed/,
  );
});

Deno.test("exportGithubWorkflow() passes context variables as step outputs and keeps retries, timeouts and continue_on_error", () => {
  const plan = buildWorkflowPlan({
    name: "vars",
    env: { REGION: "eu" },
    steps: [
      { name: "version", step_type: "command", command: "cat VERSION", env: { REGION: "us" } },
      {
        name: "tag",
        step_type: "command",
        command: "git tag v{prev_step_result}",
        retry: { attempts: 3, backoff: 2 },
        timeout: 90,
        continue_on_error: true,
      },
    ],
  });
  const steps = stepsOf(exportGithubWorkflow(plan, { toolchains: [] }));
  const version = steps.find((s) => s.id === "version")!;
  const tag = steps.find((s) => s.id === "tag")!;
  assert.ok(version.run!.includes('echo "output<<FLUX_EOF"'), version.run);
  // The workflow's env is set once on the job; a step repeats only what it changes.
  assert.deepEqual(version.env, { REGION: "us" });
  assert.deepEqual(tag.env, { FLUX_PREV_STEP_RESULT: "${{ steps.version.outputs.output }}" });
  assert.ok(tag.run!.startsWith('n=1\nuntil ( git tag v"$FLUX_PREV_STEP_RESULT" ); do'), tag.run);
  assert.equal(tag["timeout-minutes"], 2);
  assert.equal(tag["continue-on-error"], true);
});

Deno.test("exportGithubWorkflow() gives every step a unique id when a called workflow repeats step names", () => {
  const plan = buildWorkflowPlan(
    {
      name: "ci",
      steps: [
        { name: "build", step_type: "command", command: "make" },
        { name: "first", step_type: "workflow", params: { workflow: "check" } },
        { name: "second", step_type: "workflow", params: { workflow: "check" } },
        { name: "after", step_type: "command", command: "true", condition: "step_build_result" },
      ],
    },
    {
      others: [{
        name: "check",
        steps: [
          { name: "build", step_type: "command", command: "make check" },
          {
            name: "report",
            step_type: "command",
            command: "echo {steps.build.output}",
            condition: "step_build_result",
          },
        ],
      }],
    },
  );
  const steps = stepsOf(exportGithubWorkflow(plan, { toolchains: [] }));
  assert.deepEqual(steps.map((s) => s.id), [
    undefined,
    "build",
    "build_2",
    "report",
    "build_3",
    "report_2",
    "after",
  ]);
  const byId = Object.fromEntries(steps.filter((s) => s.id).map((s) => [s.id, s]));
  assert.equal(byId.report!.if, "success() && (steps.build_2.outcome == 'success')");
  assert.deepEqual(byId.report_2!.env, {
    FLUX_STEPS_BUILD_OUTPUT: "${{ steps.build_3.outputs.output }}",
  });
  // "build" of ci itself, not the called workflow's step of that name.
  assert.equal(byId.after!.if, "success() && (steps.build.outcome == 'success')");
});
