/** Tool steps and users' own step types, through the real plugin host. */
import { assert, assertEquals } from "./_assert.ts";
import { makeProject, runWorkflow, stepOf } from "./_helpers.ts";
import { PluginHost } from "../../core/plugin_host/plugin_host.ts";
import { workflowTemplates } from "../../core/workflow/workflow_templates.ts";

Deno.test("execute() runs tool steps with the project's own tools (deno test, deno fmt)", async () => {
  const dir = await makeProject({
    "deno.json": "{}\n",
    "a_test.ts": 'Deno.test("ok", () => {});\n',
    "messy.ts": "export const  a=1\n",
  });
  try {
    const { result } = await runWorkflow(dir, {
      name: "tools",
      steps: [
        { name: "format", step_type: "tool", tool_name: "auto_fix" },
        { name: "tests", step_type: "tool", tool_name: "run_tests" },
        { name: "lint", step_type: "tool", tool_name: "lint" },
      ],
    });
    assertEquals(result.success, true, result.error);
    assertEquals(await Deno.readTextFile(`${dir}/messy.ts`), "export const a = 1;\n");
    assertEquals((stepOf(result, "tests").result.data as { tool: string }).tool, "deno_test");
    await Deno.writeTextFile(
      `${dir}/a_test.ts`,
      'Deno.test("no", () => { throw new Error("x"); });\n',
    );
    const { result: failing } = await runWorkflow(dir, {
      name: "tools2",
      steps: [{ name: "tests", step_type: "tool", tool_name: "run_tests" }],
    });
    assertEquals(stepOf(failing, "tests").status, "failed");
    assert(/fail/i.test(failing.error ?? ""), failing.error);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() runs a user's kind: step plugin once it is trusted", async () => {
  const dir = await makeProject({
    "plugins/shout/plugin.json": JSON.stringify({
      name: "shout",
      kind: "step",
      step_type: "shout",
      entry: "mod.ts",
      description: "Upper-cases a word",
      permissions: { read: [], write: [], run: [], net: [], env: [] },
    }),
    "plugins/shout/mod.ts":
      "export default { run(ctx) { const w = String(ctx.options.word); ctx.log(w.toUpperCase()); return { success: w !== 'fail', output: w.toUpperCase() }; } };\n",
  });
  try {
    const host = new PluginHost(dir, { onWarning: () => {} });
    await host.trust("shout");
    await host.close();
    const { result, lines } = await runWorkflow(dir, {
      name: "custom",
      steps: [
        { name: "hello", step_type: "command", command: "echo hello" },
        { name: "loud", step_type: "shout", params: { word: "{prev_step_result}" } },
        { name: "bad", step_type: "shout", params: { word: "fail" }, continue_on_error: true },
      ],
    });
    assertEquals(stepOf(result, "loud").result.output, "HELLO");
    assertEquals(stepOf(result, "bad").status, "failed");
    assert(lines.some((l) => l.step === "loud" && l.line === "HELLO"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("workflowTemplates() adapt to the project: deno fmt for Deno, black for a black-configured Python project", async () => {
  const deno = await makeProject({ "deno.json": "{}\n" });
  const python = await makeProject({
    "pyproject.toml": "[tool.black]\nline-length = 100\n",
    "app.py": "x = 1\n",
  });
  try {
    const d = await workflowTemplates(deno);
    assertEquals(
      d.get("quick-check")!.description,
      "Quick check: Format check (deno fmt) → Tests (deno test)",
    );
    // Checks only: no template commits, and the description names only steps that run.
    assertEquals(
      d.get("pr-ready")!.steps.map((s) => s.name),
      ["format", "lint", "typecheck", "tests"],
    );
    assertEquals(
      d.get("pr-ready")!.description,
      "Check a branch is ready for review: Format check (deno fmt) → Lint (deno lint) → Typecheck (deno check) → Tests (deno test)",
    );
    assertEquals(d.get("pr-ready")!.steps.map((s) => s.tool_name), [
      "format",
      "lint",
      "typecheck",
      "run_tests",
    ]);
    assertEquals(d.get("fix")!.steps.map((s) => s.tool_name), ["auto_fix"]);
    const p = await workflowTemplates(python);
    assertEquals(
      p.get("quick-check")!.description,
      "Quick check: Format check (black) → Tests (pytest)",
    );
    assertEquals(p.get("pr-ready")!.steps.map((s) => s.name), ["format", "lint", "tests"]);
    assertEquals(
      p.get("pr-ready")!.description,
      "Check a branch is ready for review: Format check (black) → Lint (ruff or pylint) → Tests (pytest)",
    );
    assertEquals(
      d.get("deploy-staging")!.steps.map((s) => s.name),
      ["run_tests", "build", "deploy", "verify", "notify"],
    );
  } finally {
    await Deno.remove(deno, { recursive: true });
    await Deno.remove(python, { recursive: true });
  }
});
