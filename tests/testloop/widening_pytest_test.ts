import assert from "node:assert/strict";
import { makeProject, processesIn, watchProject } from "../monitor/_helpers.ts";
import { names, next, note, stage } from "./_stages.ts";

const CALC = "def add(a, b):\n    return a + b\n";
const OTHER = "def mul(a, b):\n    return a * b\n";
const FILES = {
  "conftest.py": "",
  "calc.py": CALC,
  "other.py": OTHER,
  "tests/test_calc.py":
    "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\n" +
    "def test_add_zero():\n    assert add(0, 2) == 2\n",
  "tests/test_other.py": "from other import mul\n\n\ndef test_mul():\n    assert mul(2, 3) == 6\n",
  // The whole suite takes a while, so that what the early stages say can come before it ends.
  "tests/test_slow.py": "import time\n\n\ndef test_slow():\n    time.sleep(1.5)\n",
};

Deno.test("widening with pytest: affected tests first, still-failing tests first, everything on a conftest change, passing only after the whole suite", async () => {
  const dir = await makeProject(FILES);
  const w = await watchProject(dir, { tests: { interval: 0 } });
  const ev = w.events;
  try {
    await next(ev, 0, (e) => e.kind === "state_change" && e.to === "ok", "first whole run");

    // A leaf module breaks: stage 2 runs only its tests, and says so before the whole suite ends.
    let from = ev.length;
    await Deno.writeTextFile(`${dir}/calc.py`, CALC.replace("a + b", "a - b"));
    const affected = await next(ev, from, stage("affected"), "the affected stage");
    assert.equal(ev[affected]?.to, "fail");
    assert.equal(ev[affected]?.summary, "2 tests, 2 failed", "only the tests of calc.py ran");
    assert.deepEqual(names(ev[affected]), [
      "tests/test_calc.py::test_add",
      "tests/test_calc.py::test_add_zero",
    ]);
    const early = await next(
      ev,
      from,
      note(/^❌ 2 affected tests failing \(full suite still running\)$/),
      "the early notice",
    );
    const full = await next(ev, from, stage("full"), "the whole suite");
    assert.ok(affected < full && early < full, "stage 2 spoke before the whole suite ended");
    assert.equal(ev[full]?.summary, "4 tests, 2 failed");
    await next(ev, from, note(/^❌ Tests are now failing!$/), "the final verdict");

    // An unrelated save: the failing tests run first, before the whole suite.
    from = ev.length;
    await Deno.writeTextFile(`${dir}/other.py`, OTHER + "\n# edited\n");
    const failed = await next(ev, from, stage("failed"), "stage 1");
    assert.equal(ev[failed]?.to, "fail");
    assert.equal(ev[failed]?.summary, "2 tests, 2 failed");
    const other = await next(ev, from, stage("affected"), "stage 2");
    assert.equal(ev[other]?.summary, "1 test passed", "only test_other.py is affected by other.py");
    assert.ok(failed < (await next(ev, from, stage("full"), "the whole suite")));

    // conftest.py reaches every test: stage 2 is skipped for the whole suite.
    from = ev.length;
    await Deno.writeTextFile(`${dir}/conftest.py`, "# shared set-up\n");
    const all = await next(ev, from, stage("affected"), "stage 2 after conftest.py");
    assert.equal(ev[all]?.to, "unknown");
    assert.match(ev[all]?.summary ?? "", /everything is affected: conftest\.py changed/);
    await next(ev, from, stage("full"), "the whole suite after conftest.py");

    // The fix: stage 1 passes at once, but "now passing" waits for the whole suite.
    from = ev.length;
    await Deno.writeTextFile(`${dir}/calc.py`, CALC);
    const ok = await next(ev, from, note(/^✅ Tests are now passing!$/), "the passing notice");
    const fixed = ev.findIndex((e, i) => i >= from && stage("failed")(e));
    const lastFull = ev.findIndex((e, i) => i >= from && stage("full")(e) && e.to === "ok");
    assert.ok(fixed >= from && ev[fixed]?.to === "ok", "stage 1 saw the fix");
    assert.ok(lastFull > fixed && ok > lastFull, "now passing came after the whole suite passed");
  } finally {
    await w.stop();
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, [], "no process left behind");
  }
});
