import assert from "node:assert/strict";
import { SessionManager } from "./session_manager.ts";
import { EventType } from "./event_type.ts";
import type { TestRunRecord } from "./test_history.ts";

function run(hash: string, outcome: "passed" | "failed", at: number, extra = {}): TestRunRecord {
  return {
    source: "monitor",
    stage: "full",
    tool: "pytest",
    status: outcome === "passed" ? "ok" : "fail",
    contentHash: hash,
    startedAt: at,
    durationMs: 10,
    cases: [
      {
        id: "t.py::test_a",
        outcome,
        durationMs: 5,
        ...(outcome === "failed" ? { message: "boom" } : {}),
      },
      { id: "t.py::test_b", outcome: "passed", durationMs: 50 },
    ],
    ...extra,
  };
}

Deno.test("TestHistory records every test and answers last, history, slow and flaky", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const sessions = new SessionManager(dir, { retentionDays: 0 });
    sessions.recordTestRun(run("h1", "passed", 1000));
    // Failed on other content: a regression, not a flake.
    sessions.recordTestRun(run("h2", "failed", 2000));
    assert.deepEqual(sessions.readTests((h) => h.flaky()), []);
    // Passed and failed on one content hash: flaky.
    sessions.recordTestRun(run("h2", "passed", 3000));
    const flaky = sessions.readTests((h) => h.flaky());
    assert.deepEqual(flaky, [{
      id: "t.py::test_a",
      failed: 1,
      runs: 3,
      flipRate: 1 / 3,
      flaky: true,
    }]);
    const last = sessions.readTests((h) => h.last());
    assert.equal(last?.results.length, 2);
    assert.equal(last?.contentHash, "h2");
    const history = sessions.readTests((h) => h.history("t.py::test_a"));
    assert.deepEqual(history.map((e) => e.outcome), ["passed", "failed", "passed"]);
    assert.equal(history[1]?.message, "boom");
    assert.deepEqual(sessions.readTests((h) => h.slow(1)).map((s) => s.id), ["t.py::test_b"]);
    assert.deepEqual(sessions.readTests((h) => h.matchIds("test_")), [
      "t.py::test_a",
      "t.py::test_b",
    ]);
    sessions.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("TestHistory.last() puts failures first and results follow session retention", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let now = new Date("2026-01-01T00:00:00Z");
    const sessions = new SessionManager(dir, { retentionDays: 7, now: () => now });
    sessions.recordTestRun(run("h1", "failed", now.getTime()));
    assert.deepEqual(
      sessions.readTests((h) => h.last()?.results.map((r) => r.outcome)),
      ["failed", "passed"],
    );
    now = new Date("2026-01-20T00:00:00Z");
    sessions.recordEvent(EventType.TASK, { text: "later" });
    sessions.pruneSessions();
    assert.equal(
      sessions.readTests((h) => h.count()),
      0,
      "results older than the retention are gone",
    );
    sessions.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
