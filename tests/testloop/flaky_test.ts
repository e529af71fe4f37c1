/**
 * A flaky fixture: a test that fails about 30% of the time by a random draw. Over 30 runs it never fires
 * "Tests are now failing!" (it is confirmed flaky by passing again on the same content), it is listed by
 * `flux tests flaky`, and a real regression made during those runs still alerts on its first run.
 */
import assert from "node:assert/strict";
import { makeProject, processesIn, REPO, until, watchProject } from "../monitor/_helpers.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { LEAN_PYTEST_INI, next, stage } from "./_stages.ts";

const CALC = "def add(a, b):\n    return a + b\n";

Deno.test("a 30% flaky test never fires now failing over 30 runs, is listed as flaky, and a real regression still alerts at once", async () => {
  const dir = await makeProject({
    "conftest.py": "",
    "pytest.ini": LEAN_PYTEST_INI,
    "calc.py": CALC,
    "tests/test_flaky.py":
      "import random\n\n\ndef test_coin():\n    assert random.random() >= 0.3\n",
    "tests/test_calc.py": "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
  });
  const session = new SessionManager(dir, { retentionDays: 0 });
  const w = await watchProject(dir, { tests: { interval: 0 } }, { session });
  const ev = w.events;
  const errors = (from: number, to = ev.length) =>
    ev.slice(from, to).filter((e) => e.kind === "notification" && e.level === "error")
      .map((e) => e.title ?? "");
  /** Waits for the whole run after `at` and for its confirmation runs and verdict. */
  const settle = async (at: number, what: string) => {
    await next(ev, at, stage("full"), what);
    await until(() => !w.monitor.busy("tests"), `${what} to finish`);
  };
  try {
    await settle(0, "whole run 1");
    for (let run = 2; run <= 20; run++) {
      const at = ev.length;
      w.monitor.recheck("tests");
      await settle(at, `whole run ${run}`);
    }
    assert.deepEqual(errors(0), [], "the flaky test alone never said failing");

    // A real regression: the first check after the save alerts, whatever the flaky test does.
    const saved = ev.length;
    await Deno.writeTextFile(`${dir}/calc.py`, CALC.replace("a + b", "a - b"));
    await settle(saved, "the run after the regression");
    await until(() => errors(saved).length > 0, "the regression's alert");
    assert.match(errors(saved)[0]!, /^❌ (1 affected test failing|Tests are now failing!)/);
    assert.equal(ev.slice(saved).filter(stage("full")).length, 1, "alerted on its first run");

    const fixed = ev.length;
    await Deno.writeTextFile(`${dir}/calc.py`, CALC);
    await settle(fixed, "the run after the fix");
    for (let run = 22; run <= 30; run++) {
      const at = ev.length;
      w.monitor.recheck("tests");
      await settle(at, `whole run ${run}`);
    }
    assert.deepEqual(
      errors(fixed).filter((t) => /failing/.test(t)),
      [],
      "after the fix the flaky test alone never said failing",
    );
    assert.deepEqual(session.readTests((h) => h.flaky()).map((f) => f.id), [
      "tests/test_flaky.py::test_coin",
    ]);
  } finally {
    await w.stop();
    session.close();
  }
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        `${REPO}/main.ts`,
        "--project",
        dir,
        "tests",
        "flaky",
        "--json",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const listed = JSON.parse(new TextDecoder().decode(out.stdout)) as Array<
      { id: string; flipRate: number }
    >;
    assert.equal(listed.length, 1);
    assert.equal(listed[0]?.id, "tests/test_flaky.py::test_coin");
    assert.ok(listed[0]!.flipRate > 0 && listed[0]!.flipRate < 1);
  } finally {
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, [], "no process left behind");
  }
});
