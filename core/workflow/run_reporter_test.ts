import assert from "node:assert/strict";
import { RunReporter, verdict } from "./run_reporter.ts";
import type { WorkflowProgress, WorkflowResult } from "./workflow_result.ts";

function progress(over: Partial<WorkflowProgress>): WorkflowProgress {
  return {
    current_step: 1,
    total_steps: 2,
    step_name: "build",
    status: "running",
    phase: "steps",
    workflow: "w",
    elapsed: 0,
    ...over,
  };
}

Deno.test("RunReporter prints plain lines without a terminal: start, output, end with time", () => {
  let text = "";
  const reporter = new RunReporter({ tty: false, color: false, write: (t) => text += t });
  reporter.progress(progress({}));
  reporter.output("compiling", "build");
  reporter.progress(progress({ status: "failed", duration: 1.25 }));
  reporter.progress(progress({ current_step: 2, step_name: "deploy", status: "skipped" }));
  reporter.progress(
    progress({ step_name: "rollback", phase: "on_failure", status: "success", duration: 0.1 }),
  );
  reporter.finish({
    success: false,
    workflow: "w",
    status: "failed",
    results: [],
    elapsed: 1.46,
    warnings: [],
    error: 'Step "build" failed: exit code 2',
  });
  assert.equal(
    text,
    [
      "[1/2] build …",
      "  │ build: compiling",
      "✗ [1/2] build failed (1.3s)",
      "↷ [2/2] deploy skipped",
      "✓ [on_failure] rollback (0.1s)",
      `❌ Workflow 'w' failed after 1.5s: Step "build" failed: exit code 2`,
      "",
    ].join("\n"),
  );
});

Deno.test("verdict() gives the seed's completed line", () => {
  const result: WorkflowResult = {
    success: true,
    workflow: "pr-ready",
    status: "success",
    results: [],
    elapsed: 12.34,
    warnings: [],
  };
  assert.equal(verdict(result), "✅ Workflow 'pr-ready' completed in 12.3s");
  assert.equal(
    verdict({ ...result, success: false, status: "cancelled", error: "Cancelled" }),
    "❌ Workflow 'pr-ready' was cancelled after 12.3s",
  );
  assert.equal(
    verdict({ ...result, success: false, status: "timed_out", error: "Timed out after 10s" }),
    "❌ Workflow 'pr-ready' timed out after 12.3s: its timeout is 10s",
  );
});

Deno.test("RunReporter prints a failed step's hint whether or not its output was shown", () => {
  for (const showOutput of [true, false]) {
    let text = "";
    const reporter = new RunReporter({
      tty: false,
      color: false,
      showOutput,
      write: (t) => text += t,
    });
    reporter.progress(
      progress({
        status: "failed",
        duration: 0.2,
        error: "exit code 1",
        details: { kind: "stderr", lines: ["no such host"], hint: "ran without network" },
      }),
    );
    assert.equal(
      text,
      [
        "✗ [1/2] build failed (0.2s): exit code 1",
        ...(showOutput ? [] : ["    no such host"]),
        "    ℹ️  ran without network",
        "",
      ].join("\n"),
    );
  }
});
