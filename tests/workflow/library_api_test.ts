/** The seed's library usage, in TypeScript naming: manager, executor, progress, custom workflows. */
import { assert, assertEquals } from "./_assert.ts";
import { makeProject, standIns } from "./_helpers.ts";
import { WorkflowManager } from "../../core/workflow/workflow_manager.ts";
import { WorkflowExecutor } from "../../core/workflow/workflow_executor.ts";
import { StepType, type WorkflowDefinition } from "../../core/workflow/workflow_definition.ts";
import type { WorkflowProgress } from "../../core/workflow/workflow_result.ts";
import { SessionManager } from "../../core/session/session_manager.ts";

Deno.test("the seed's usage works: list, get, execute with progress, save a custom workflow, run it", async () => {
  const dir = await makeProject({
    "deno.json": "{}\n",
    "ok_test.ts": 'Deno.test("ok", () => {});\n',
    ...standIns(["npm"]),
  });
  try {
    const manager = new WorkflowManager(dir);
    // The seed's three templates, plus `fix`, the one that writes (issue 11: named for it, never implied).
    assertEquals(await manager.listWorkflows(), [
      "deploy-staging",
      "fix",
      "pr-ready",
      "quick-check",
    ]);

    const custom: WorkflowDefinition = {
      name: "my-workflow",
      description: "Custom workflow",
      steps: [
        { name: "step1", step_type: StepType.TOOL, tool_name: "run_tests" },
        {
          name: "step2",
          step_type: StepType.COMMAND,
          command: 'echo "Done"',
          condition: "step_step1_result",
        },
      ],
    };
    await manager.saveWorkflow(custom);
    assertEquals(await manager.listWorkflows(), [
      "deploy-staging",
      "fix",
      "pr-ready",
      "quick-check",
      "my-workflow",
    ]);

    const workflow = await manager.getWorkflow("my-workflow");
    const executor = new WorkflowExecutor({ projectDir: dir });
    const seen: WorkflowProgress[] = [];
    executor.addProgressCallback((p) => seen.push(p));
    const result = await executor.execute(workflow!);
    assertEquals(result.success, true, result.error);
    assertEquals(result.workflow, "my-workflow");
    assertEquals(result.results.map(({ step, success }) => ({ step, success })), [
      { step: "step1", success: true },
      { step: "step2", success: true },
    ]);
    assertEquals(result.results[1]!.result.output, "Done\n");
    assert(typeof result.elapsed === "number" && result.elapsed > 0);
    assertEquals(
      seen.filter((p) => p.status !== "running").map((p) =>
        `[${p.current_step}/${p.total_steps}] ${p.step_name}`
      ),
      [
        "[1/2] step1",
        "[2/2] step2",
      ],
    );
    const store = new SessionManager(dir);
    try {
      assertEquals(store.recentEvents({ types: ["workflow"] }).length, 1);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
