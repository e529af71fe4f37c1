import assert from "node:assert/strict";
import { formatSessionSummary } from "./format_session_summary.ts";
import { describeEvent } from "./describe_event.ts";
import { emptyState, type Session } from "./session_types.ts";

const now = new Date("2026-11-25T12:00:00Z");

function session(overrides: Partial<Session> = {}): Session {
  return {
    id: "20261125-100000-abcdef",
    projectPath: "/p",
    startTime: new Date("2026-11-24T09:00:00Z"),
    lastActive: new Date("2026-11-24T10:00:00Z"),
    name: null,
    pinned: false,
    state: emptyState(),
    ...overrides,
  };
}

Deno.test("formatSessionSummary() prints only the banner line for an empty session", () => {
  assert.equal(formatSessionSummary(session(), [], now), "📂 Resuming session from yesterday");
});

Deno.test("formatSessionSummary() names the session, counts extra files and shows passing tests", () => {
  const text = formatSessionSummary(
    session({
      name: "login bug",
      lastActive: new Date(now.getTime() - 3 * 86_400_000),
      state: {
        ...emptyState(),
        activeFiles: ["a.ts", "b.ts", "c.ts", "d.ts", "e.ts", "f.ts", "g.ts"],
        testStatus: { total: 15, passed: 15, failed: 0 },
      },
    }),
    [],
    now,
  );
  assert.equal(
    text,
    [
      '📂 Resuming session "login bug" from 3 days ago',
      "",
      "📝 Working on: a.ts, b.ts, c.ts, d.ts, e.ts (+2 more)",
      "✅ Tests: 15 passing",
    ].join("\n"),
  );
});

Deno.test("describeEvent() gives one short line for each event type", () => {
  assert.equal(describeEvent("file_edit", { file: "auth.py", lines_changed: 4 }), "auth.py");
  assert.equal(
    describeEvent("test_run", { total: 15, passed: 12, failed: 3 }),
    "15 tests, 3 failed",
  );
  assert.equal(
    describeEvent("test_run", { total: 15, passed: 15, failed: 0 }),
    "15 tests, all passed",
  );
  assert.equal(describeEvent("error", { message: "boom", file: "a.ts", line: 3 }), "boom (a.ts:3)");
  assert.equal(describeEvent("command", { command: "pytest -x" }), "pytest -x");
  assert.equal(describeEvent("message", { role: "user", content: "hi\nthere" }), "user: hi there");
  assert.equal(
    describeEvent("workflow", { workflow: "deploy", status: "failed" }),
    "deploy failed",
  );
  assert.equal(describeEvent("task", { task: "Fix login" }), "Fix login");
  assert.equal(describeEvent("notification", { title: "Tests broke" }), "Tests broke");
  assert.equal(
    describeEvent("monitor_state", { monitor: "tests", state: "failing" }),
    "tests failing",
  );
  assert.equal(
    describeEvent("monitor_state", {
      monitor: "tests",
      from: "ok",
      to: "fail",
      summary: "3 failed",
    }),
    "tests ok → fail (3 failed)",
  );
  assert.equal(describeEvent("test_run", { status: "fail", summary: "3 failed" }), "3 failed");
  assert.equal(describeEvent("command", { input: "/run deploy", source: "tui" }), "/run deploy");
  assert.equal(describeEvent("workflow", { workflow: "ci", success: true }), "ci succeeded");
  assert.equal(describeEvent("message", { content: "x".repeat(200) }).length, 80);
});
