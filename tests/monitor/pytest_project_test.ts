import assert from "node:assert/strict";
import { makeProject, processesIn, titles, until, watchProject } from "./_helpers.ts";

const GOOD = "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n";
const TESTS = "from calc import add, sub\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\n" +
  "def test_sub():\n    assert sub(3, 1) == 2\n";

Deno.test("a pytest project goes passing -> failing -> passing with one notification per transition", async () => {
  const dir = await makeProject({
    "calc.py": GOOD,
    "tests/test_calc.py": TESTS,
    "conftest.py": "",
  });
  const w = await watchProject(dir, { tests: { interval: 0, strategy: "full" } });
  try {
    await until(
      () => w.events.some((e) => e.kind === "state_change" && e.to === "ok"),
      "first passing run",
    );

    await Deno.writeTextFile(`${dir}/calc.py`, GOOD.replace("a + b", "a - b"));
    await until(() => w.notes.length >= 1, "the failing notification");
    const failing = w.notes[0]!;
    assert.equal(failing.title, "❌ Tests are now failing!");
    assert.equal(failing.listTitle, "Failed tests:");
    assert.deepEqual(failing.lines, ["FAILED tests/test_calc.py::test_add - assert -1 == 3"]);
    assert.match(failing.analysis ?? "", /test_add.*expected 3, got -1/);
    assert.match(
      failing.text,
      /^={60}\n❌ Tests are now failing!\n={60}\n\n🔎 Analysis \(built-in rules, no AI\):\n/,
    );
    const change = w.events.find((e) => e.kind === "state_change" && e.to === "fail");
    assert.equal(change?.from, "ok");
    assert.equal(change?.items?.[0]?.name, "tests/test_calc.py::test_add");
    assert.equal(change?.items?.[0]?.line, 5);

    await Deno.writeTextFile(`${dir}/calc.py`, GOOD);
    await until(() => w.notes.length >= 2, "the passing notification");
    assert.equal(w.notes[1]?.title, "✅ Tests are now passing!");

    // Nothing more comes: not a re-run, not a held state.
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(titles(w.notes, "tests"), [
      "❌ Tests are now failing!",
      "✅ Tests are now passing!",
    ]);
  } finally {
    await w.stop();
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, [], "no process left behind");
  }
});
