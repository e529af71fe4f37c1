import { deepEqual, equal } from "node:assert/strict";
import { LintTracker } from "./lint_tracker.ts";
import type { Finding, ToolRun } from "./types.ts";

function lintRun(findings: Finding[], status: ToolRun["status"] = findings.length ? "fail" : "ok") {
  return {
    tool: "ruff",
    command: ["ruff"],
    status,
    summary: "",
    findings,
    output: "",
    durationMs: 1,
  };
}

const f401: Finding = {
  file: "auth.py",
  line: 1,
  message: "`os` imported but unused",
  name: "F401",
  severity: "error",
};
const e501: Finding = {
  file: "auth.py",
  line: 9,
  message: "line too long",
  name: "E501",
  severity: "error",
};

Deno.test("LintTracker.update() reports only new issues, also after a restart", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_lint_tracker_" });
  try {
    const first = await new LintTracker(dir).update(lintRun([f401]));
    equal(first.summary, "1 new lint issue (1 in all)");
    // A new tracker (a restarted worker) reads the previous set from .flux/tmp.
    const restarted = new LintTracker(dir);
    const second = await restarted.update(lintRun([f401, e501]));
    equal(second.status, "fail");
    equal(second.summary, "1 new lint issue (2 in all)");
    deepEqual(second.items, [{ message: "line too long", file: "auth.py", line: 9, name: "E501" }]);
    const third = await restarted.update(lintRun([]));
    equal(third.status, "ok");
    equal(third.summary, "no lint issues");
    equal((third.data as { resolved: number }).resolved, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("LintTracker.update() keeps the previous set when the linter could not run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_lint_tracker_" });
  try {
    const tracker = new LintTracker(dir);
    await tracker.update(lintRun([f401]));
    const broken = await tracker.update(lintRun([], "unknown"));
    equal(broken.status, "unknown");
    const back = await tracker.update(lintRun([f401]));
    equal(back.summary, "1 lint issue, none new");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
