import assert from "node:assert/strict";
import { WorkflowManager } from "./workflow_manager.ts";
import { WorkflowSyntaxError } from "./workflow_diagnostic.ts";

const FILE = `# Team workflows: keep this comment
lint-only:
  description: Just lint   # trailing comment
  steps:
    # the linter
    - name: lint
      step_type: command
      command: ruff check .
`;

async function project(text?: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "flux_wfm_" });
  await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
  if (text !== undefined) {
    await Deno.mkdir(`${dir}/.flux`);
    await Deno.writeTextFile(`${dir}/.flux/workflows.yaml`, text);
  }
  return dir;
}

Deno.test("listWorkflows() gives the templates, then the file's own workflows", async () => {
  const dir = await project(FILE);
  try {
    const manager = new WorkflowManager(dir);
    assert.deepEqual(await manager.listWorkflows(), [
      "deploy-staging",
      "fix",
      "pr-ready",
      "quick-check",
      "lint-only",
    ]);
    const plan = await manager.getWorkflow("lint-only");
    assert.equal(plan?.steps[0]?.command, "ruff check .");
    assert.equal(await manager.getWorkflow("missing"), undefined);
    // Too big to read: it may define any name, so no template stands in for it.
    const file = await Deno.open(`${dir}/.flux/workflows.yaml`, { write: true, truncate: true });
    await file.truncate(2 * 1024 * 1024);
    file.close();
    await assert.rejects(() => manager.getWorkflow("quick-check"), /at most 1 MB/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("saveWorkflow() keeps the user's comments and formatting of everything it does not change", async () => {
  const dir = await project(FILE);
  try {
    const manager = new WorkflowManager(dir);
    await manager.saveWorkflow({
      name: "my-workflow",
      description: "Custom workflow",
      steps: [
        { name: "step1", step_type: "tool", tool_name: "run_tests" },
        {
          name: "step2",
          step_type: "command",
          command: 'echo "Done"',
          condition: "step_step1_result",
        },
      ],
    });
    const lint = (await manager.getWorkflow("lint-only"))!.definition;
    await manager.saveWorkflow({ ...lint, description: "Lint the code" });
    const text = await Deno.readTextFile(`${dir}/.flux/workflows.yaml`);
    assert.ok(text.startsWith("# Team workflows: keep this comment\nlint-only:\n"), text);
    assert.ok(text.includes("description: Lint the code # trailing comment"), text);
    assert.ok(text.includes("    # the linter\n    - name: lint\n"), text);
    assert.ok(text.includes("my-workflow:\n  description: Custom workflow\n"), text);
    const plan = await manager.getWorkflow("my-workflow");
    assert.equal(plan?.steps[1]?.condition?.type, "step");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("saveWorkflow() matches steps by name: a step inserted mid-list takes no other step's comment", async () => {
  const dir = await project(`ship:
  steps:
    # test first
    - name: test
      step_type: command
      command: deno test
    # build: keep this with the build step
    - name: build
      step_type: command
      command: make build # the real build
`);
  try {
    const manager = new WorkflowManager(dir);
    const ship = (await manager.getWorkflow("ship"))!.definition;
    const [test, build] = ship.steps;
    await manager.saveWorkflow({
      ...ship,
      steps: [test!, { name: "lint", step_type: "command", command: "deno lint" }, build!],
    });
    const text = await Deno.readTextFile(`${dir}/.flux/workflows.yaml`);
    assert.equal(
      text,
      `ship:
  steps:
    # test first
    - name: test
      step_type: command
      command: deno test
    - name: lint
      step_type: command
      command: deno lint
    # build: keep this with the build step
    - name: build
      step_type: command
      command: make build # the real build
`,
    );
    const plan = await manager.getWorkflow("ship");
    assert.deepEqual(plan?.steps.map((s) => s.name), ["test", "lint", "build"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("saveWorkflow() refuses an invalid workflow and a file it cannot parse, changing nothing", async () => {
  const dir = await project("broken: [\n");
  try {
    const manager = new WorkflowManager(dir);
    await assert.rejects(
      () => manager.saveWorkflow({ name: "x", steps: [{ name: "a", step_type: "nope" }] }),
      WorkflowSyntaxError,
    );
    await assert.rejects(
      () =>
        manager.saveWorkflow({
          name: "x",
          steps: [{ name: "a", step_type: "command", command: "true" }],
        }),
      (e: unknown) =>
        e instanceof WorkflowSyntaxError && e.message.startsWith(".flux/workflows.yaml:"),
    );
    assert.equal(await Deno.readTextFile(`${dir}/.flux/workflows.yaml`), "broken: [\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("getWorkflow() checks each workflow on its own: a broken one throws its errors, the others run with warnings", async () => {
  const dir = await project(
    "a:\n  steps:\n    - name: x\n      step_type: bad\nb:\n  steps: []\n" +
      "ok:\n  steps:\n    - name: y\n      step_type: command\n      command: 'true'\n" +
      "calls_a:\n  steps:\n    - name: z\n      step_type: workflow\n      params: { workflow: a }\n",
  );
  try {
    const manager = new WorkflowManager(dir);
    const error = await manager.getWorkflow("a").catch((e) => e);
    assert.ok(error instanceof WorkflowSyntaxError);
    assert.deepEqual(error.message.split("\n").map((l) => l.split(" ")[0]), [
      ".flux/workflows.yaml:4:18",
    ]);
    const called = await manager.getWorkflow("calls_a").catch((e) => e);
    assert.ok(called instanceof WorkflowSyntaxError, "a workflow calling a broken one cannot run");
    assert.ok(called.message.includes('Unknown step type "bad"'), called.message);
    for (const name of ["ok", "quick-check"]) {
      const plan = await manager.getWorkflow(name);
      assert.equal(plan?.name, name);
      assert.deepEqual(
        plan.warnings.map((w) => `${w.line}:${w.column} ${w.severity} ${w.workflow}`),
        ["4:18 warning a", "6:10 warning b"],
      );
      assert.match(plan.warnings[0]!.message, /\(workflow "a" cannot run until it is fixed\)$/);
    }
    await manager.saveWorkflow({
      name: "added",
      steps: [{ name: "w", step_type: "command", command: "true" }],
    });
    assert.equal((await manager.getWorkflow("added"))?.steps[0]?.command, "true");
    await assert.rejects(
      () =>
        manager.saveWorkflow({
          name: "added",
          steps: [{ name: "w", step_type: "workflow", params: { workflow: "a" } }],
        }),
      WorkflowSyntaxError,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("getWorkflow() runs a template when the file cannot be parsed, unless the file overrides it", async () => {
  const dir = await project("mine:\n  steps: [\n");
  try {
    const manager = new WorkflowManager(dir);
    const plan = await manager.getWorkflow("quick-check");
    assert.equal(plan?.name, "quick-check");
    assert.match(
      plan.warnings[0]!.message,
      /^Invalid YAML: .*\(the file's own workflows cannot run/,
    );
    await assert.rejects(() => manager.getWorkflow("mine"), WorkflowSyntaxError);
    await Deno.writeTextFile(`${dir}/.flux/workflows.yaml`, "quick-check:\n  steps: [\n");
    await assert.rejects(() => manager.getWorkflow("quick-check"), WorkflowSyntaxError);
    await Deno.writeTextFile(`${dir}/.flux/workflows.yaml`, "quick-check: just run it\n");
    await assert.rejects(() => manager.getWorkflow("quick-check"), WorkflowSyntaxError);
    assert.equal(await manager.getWorkflow("missing"), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
