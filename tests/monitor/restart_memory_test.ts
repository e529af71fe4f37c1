import assert from "node:assert/strict";
import { makeProject, until, watchProject } from "./_helpers.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";

const GOOD = "def add(a, b):\n    return a + b\n";
const TESTS = "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n";

Deno.test("after a restart an unchanged failing state is not announced again, and the fix is", async () => {
  const dir = await makeProject({
    "calc.py": GOOD.replace("a + b", "a - b"),
    "tests/test_calc.py": TESTS,
    "conftest.py": "",
  });
  try {
    // First run: the failure is new.
    let session = new SessionManager(dir, { retentionDays: 0 });
    let w = await watchProject(dir, { tests: { interval: 0 } }, { session });
    try {
      await until(() => w.notes.length >= 1, "the first failing notification");
      assert.equal(w.notes[0]?.title, "❌ Tests are failing!");
    } finally {
      await w.stop();
      session.close();
    }

    // Restart: same failure, nothing to say; the session store has the state, the run and the error.
    session = new SessionManager(dir, { retentionDays: 0 });
    const types = session.recentEvents({ session: "all" }).map((e) => e.type);
    for (
      const t of [
        EventType.MONITOR_STATE,
        EventType.TEST_RUN,
        EventType.ERROR,
        EventType.NOTIFICATION,
      ]
    ) {
      assert.ok(types.includes(t), `${t} recorded`);
    }
    w = await watchProject(dir, { tests: { interval: 0 } }, { session });
    try {
      assert.equal(
        w.monitor.getStatus().states.tests?.status,
        "fail",
        "the last state is known at start",
      );
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(w.notes.length, 0, "an unchanged state is not announced again");
      // The fix is a change from the remembered failing state: it is announced.
      await Deno.writeTextFile(`${dir}/calc.py`, GOOD);
      await until(() => w.notes.length >= 1, "the passing notification");
      assert.equal(w.notes[0]?.title, "✅ Tests are now passing!");
    } finally {
      await w.stop();
      session.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
