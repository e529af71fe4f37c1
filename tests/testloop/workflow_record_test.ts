import assert from "node:assert/strict";
import { makeProject, runWorkflow } from "../workflow/_helpers.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { recordWorkflowRun } from "../../core/workflow/record_workflow_run.ts";

Deno.test("a workflow's test step records every test with the content hash it ran on", async () => {
  const dir = await makeProject({
    "deno.json": "{}\n",
    "a_test.ts": 'Deno.test("ok", () => {});\nDeno.test("no", () => { throw new Error("x"); });\n',
  });
  try {
    const { result } = await runWorkflow(dir, {
      name: "tests",
      steps: [{ name: "tests", step_type: "tool", tool_name: "run_tests" }],
    }, { record: (r) => recordWorkflowRun(dir, r) });
    assert.equal(result.success, false);
    const sessions = new SessionManager(dir, { retentionDays: 0 });
    try {
      const last = sessions.readTests((h) => h.last());
      assert.equal(last?.source, "workflow");
      assert.equal(last?.stage, "step");
      assert.match(last?.contentHash ?? "", /^[0-9a-f]{16}$/);
      assert.deepEqual(last?.results.map((r) => [r.id, r.outcome]), [
        ["a_test.ts::no", "failed"],
        ["a_test.ts::ok", "passed"],
      ]);
    } finally {
      sessions.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
