/**
 * A known-flaky test steered by a file under `.flux/` (which neither the content hash nor the watcher
 * sees): the outcomes are chosen, not drawn. A real regression made while the flaky test fails is announced when
 * the whole run sees it, before any confirmation rerun; fixing it while only the flaky test still fails
 * is said as fixed, never as the flaky test "more failing".
 */
import assert from "node:assert/strict";
import { makeProject, processesIn, until, watchProject } from "../monitor/_helpers.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import type { MonitorEvent } from "../../core/monitor/monitor_event.ts";
import { LEAN_PYTEST_INI, next, stage } from "./_stages.ts";

const CALC = "def add(a, b):\n    return a + b\n";

Deno.test("a real failure fixed while only a known-flaky test fails is said as fixed, and a regression is said before its confirmation reruns", async () => {
  const dir = await makeProject({
    ".flux/coin": "pass",
    "conftest.py": "",
    "pytest.ini": LEAN_PYTEST_INI,
    "calc.py": CALC,
    "tests/test_coin.py": 'def test_coin():\n    assert open(".flux/coin").read() == "pass"\n',
    "tests/test_calc.py": "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
  });
  const session = new SessionManager(dir, { retentionDays: 0 });
  const ev: MonitorEvent[] = [];
  /** Confirmation reruns recorded when the regression's state change was emitted. */
  let rerunsAtVerdict = -1;
  const reruns = () =>
    session.readTests((h) => h.history("tests/test_calc.py::test_add"))
      .filter((e) => e.stage === "rerun").length;
  const w = await watchProject(dir, { tests: { interval: 0 } }, {
    session,
    onEvent: (e) => {
      ev.push(e);
      if (e.kind === "state_change" && e.to === "fail" && rerunsAtVerdict < 0) {
        rerunsAtVerdict = reruns();
      }
    },
  });
  const notes = (from: number) =>
    ev.slice(from).filter((e) => e.kind === "notification").map((e) => ({
      level: e.level,
      title: e.title ?? "",
    }));
  const settle = async (at: number, what: string) => {
    await next(ev, at, stage("full"), what);
    await until(() => !w.monitor.busy("tests"), `${what} to finish`);
  };
  try {
    await settle(0, "the first whole run");
    assert.equal(w.monitor.getStatus().states.tests?.status, "ok");

    // The same content, another outcome: test_coin is flaky, and said as such.
    await Deno.writeTextFile(`${dir}/.flux/coin`, "fail");
    let at = ev.length;
    w.monitor.recheck("tests");
    await settle(at, "the run where test_coin fails");
    await until(() => notes(at).length > 0, "the flaky notice");
    assert.deepEqual(notes(at).map((n) => n.level), ["warning"]);
    assert.match(notes(at)[0]!.title, /^⚠️ flaky test failed: tests\/test_coin\.py::test_coin/);

    // A real regression while test_coin fails: told by the whole run before any confirmation rerun.
    at = ev.length;
    await Deno.writeTextFile(`${dir}/calc.py`, CALC.replace("a + b", "a - b"));
    await settle(at, "the run after the regression");
    assert.equal(rerunsAtVerdict, 0, "the verdict came before the confirmation reruns");
    assert.ok(reruns() > 0, "the regression was still run again to rule out a flaky draw");
    const failing = notes(at).filter((n) => n.level === "error").map((n) => n.title);
    assert.ok(failing.length > 0, "the regression alerted");
    assert.ok(failing.every((t) => /test_add|affected|failing/.test(t)), failing.join("\n"));
    assert.deepEqual(
      w.monitor.getStatus().states.tests?.items.map((i) => i.name).sort(),
      ["tests/test_calc.py::test_add", "tests/test_coin.py::test_coin"],
    );

    // The fix, while test_coin still fails (with another message, as a random draw gives): the news is
    // the fix, not test_coin as "1 more failing".
    await Deno.writeTextFile(`${dir}/.flux/coin`, "fail again");
    at = ev.length;
    await Deno.writeTextFile(`${dir}/calc.py`, CALC);
    await settle(at, "the run after the fix");
    await until(() => notes(at).length > 0, "the notice of the fix");
    const said = notes(at);
    assert.deepEqual(said.filter((n) => n.level === "error"), [], "no red after the fix");
    assert.ok(said.some((n) => /fixed/.test(n.title)), JSON.stringify(said));
    assert.ok(said.every((n) => !/more .*failing/.test(n.title)), JSON.stringify(said));
    assert.deepEqual(
      w.monitor.getStatus().states.tests?.items.map((i) => i.name),
      ["tests/test_coin.py::test_coin"],
    );
  } finally {
    await w.stop();
    session.close();
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, [], "no process left behind");
  }
});
