import assert from "node:assert/strict";
import { rememberChange } from "./_monitor_memory.ts";
import { type MonitorState, transition } from "./_transition.ts";
import { SessionManager } from "../session/session_manager.ts";
import { EventType } from "../session/event_type.ts";
import type { MonitorResult } from "../plugin_host/types.ts";

const NOW = new Date("2026-01-01T00:00:00Z");

function tests(failing: string[], total = 20): MonitorResult {
  return {
    status: failing.length > 0 ? "fail" : "ok",
    summary: failing.length > 0
      ? `${total} tests, ${failing.length} failed`
      : `${total} tests passed`,
    items: failing.map((name) => ({ name, file: "test_x.py", message: `${name} broke` })),
    data: { counts: { total, passed: total - failing.length, failed: failing.length } },
  };
}

/** Applies results as the coordinator does (transition, then record the change). */
function recorder(sessions: SessionManager, monitor = "tests") {
  let state: MonitorState | undefined;
  return (result: MonitorResult) => {
    const prev = state;
    const t = transition(monitor, prev, result, NOW);
    state = t.next;
    return t.event ? rememberChange(sessions, t.event, result, prev?.items) : false;
  };
}

async function withStore(fn: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/.flux`);
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

Deno.test("rememberChange() records a run once with all of its failures, an error per new failure", async () => {
  await withStore((dir) => {
    const sessions = new SessionManager(dir);
    try {
      const record = recorder(sessions);
      record(tests([]));
      record(tests(names(13)));
      const runs = sessions.recentEvents({ types: [EventType.TEST_RUN] });
      assert.equal(runs.length, 2, "one test_run per recorded run");
      assert.equal((runs[1]?.data.failures as unknown[]).length, 13);
      assert.equal(sessions.recentEvents({ types: [EventType.ERROR] }).length, 13);
      const state = sessions.recentEvents({ types: [EventType.MONITOR_STATE] }).at(-1);
      assert.equal((state?.data.items as unknown[]).length, 13);
      assert.equal(sessions.currentSession().state.testStatus?.failures?.length, 13);
      record(tests([...names(13), "t13"]));
      assert.equal(
        sessions.recentEvents({ types: [EventType.ERROR] }).length,
        14,
        "only t13 is new",
      );
    } finally {
      sessions.close();
    }
  });
});

Deno.test("rememberChange() lets recent errors of tests that pass again go, and keeps the others", async () => {
  await withStore((dir) => {
    const sessions = new SessionManager(dir);
    try {
      const record = recorder(sessions);
      record(tests(["a", "b"]));
      sessions.recordError({ message: "deploy.sh: permission denied" });
      record(tests(["b"]));
      assert.deepEqual(
        sessions.currentSession().state.recentErrors.map((e) => e.message),
        ["deploy.sh: permission denied", "b: b broke"],
      );
      record(tests([]));
      assert.deepEqual(
        sessions.currentSession().state.recentErrors.map((e) => e.message),
        ["deploy.sh: permission denied"],
      );
      const summary = sessions.getSessionSummary(sessions.currentSession());
      assert.doesNotMatch(summary, /b: b broke/);
    } finally {
      sessions.close();
    }
  });
});

Deno.test("a git summary change (ok -> ok) is recorded but is not recent activity", async () => {
  await withStore((dir) => {
    const sessions = new SessionManager(dir);
    try {
      const record = recorder(sessions, "git");
      sessions.recordEvent(EventType.FILE_EDIT, { file: "auth.py" });
      record({ status: "ok", summary: "main: clean" });
      for (let i = 1; i <= 6; i++) record({ status: "ok", summary: `main: ${i} changed` });
      const summary = sessions.getSessionSummary(sessions.currentSession());
      assert.doesNotMatch(summary, /ok → ok/);
      assert.match(summary, /monitor_state: git unknown → ok/);
      assert.match(summary, /file_edit: auth\.py/);
    } finally {
      sessions.close();
    }
  });
});

Deno.test("two Flux processes on one project record the same monitor result once", async () => {
  await withStore((dir) => {
    const first = new SessionManager(dir);
    const second = new SessionManager(dir);
    try {
      const a = recorder(first);
      const b = recorder(second);
      assert.equal(a(tests(["x"])), true);
      assert.equal(b(tests(["x"])), false, "the second process sees it recorded");
      assert.equal(b(tests(["x", "y"])), true);
      assert.equal(a(tests(["x", "y"])), false);
      const all = first.recentEvents({ types: [EventType.TEST_RUN], session: "all" });
      assert.equal(all.length, 2);
      assert.equal(
        first.recentEvents({ types: [EventType.MONITOR_STATE], session: "all" }).length,
        2,
      );
    } finally {
      first.close();
      second.close();
    }
  });
});
