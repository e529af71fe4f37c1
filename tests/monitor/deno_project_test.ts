import assert from "node:assert/strict";
import { atomicSave, makeProject, processesIn, titles, until, watchProject } from "./_helpers.ts";

const GOOD = "export function add(a: number, b: number): number {\n  return a + b;\n}\n";
const TEST = 'import assert from "node:assert/strict";\nimport { add } from "./math.ts";\n\n' +
  'Deno.test("add() sums two numbers", () => {\n  assert.equal(add(1, 2), 3);\n});\n\n' +
  'Deno.test("add() keeps zero", () => {\n  assert.equal(add(0, 0), 0);\n});\n';

function project() {
  return makeProject({ "deno.json": "{}\n", "math.ts": GOOD, "math_test.ts": TEST });
}

Deno.test("a deno test project goes passing -> failing -> passing with one notification per transition", async () => {
  const dir = await project();
  const w = await watchProject(dir, { tests: { interval: 0, strategy: "full" } });
  try {
    await until(
      () => w.events.some((e) => e.kind === "state_change" && e.to === "ok"),
      "first passing run",
    );
    await Deno.writeTextFile(`${dir}/math.ts`, GOOD.replace("a + b", "a * b"));
    await until(() => w.notes.length >= 1, "the failing notification");
    const failing = w.notes[0]!;
    assert.equal(failing.title, "❌ Tests are now failing!");
    assert.equal(failing.lines.length, 1);
    assert.match(failing.lines[0] ?? "", /^FAILED .*add\(\) sums two numbers/);
    assert.match(failing.analysis ?? "", /expected 3, got 2/);

    await Deno.writeTextFile(`${dir}/math.ts`, GOOD);
    await until(() => w.notes.length >= 2, "the passing notification");
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

Deno.test("an atomic save (temp file renamed over the original) re-runs the tests", async () => {
  const dir = await project();
  const w = await watchProject(dir, {
    tests: { interval: 0, strategy: "full" },
    file_changes: {},
  });
  try {
    await until(
      () => w.events.some((e) => e.kind === "state_change" && e.to === "ok"),
      "first passing run",
    );
    atomicSave(dir, "math.ts", GOOD.replace("a + b", "a - b"));
    await until(() => titles(w.notes, "tests").length >= 1, "the failing notification");
    assert.equal(titles(w.notes, "tests")[0], "❌ Tests are now failing!");
    const changed = w.events.filter((e) => e.kind === "file_change").flatMap((e) => e.files ?? []);
    assert.deepEqual([...new Set(changed)], ["math.ts"], "the real file, never the temporary");
    await until(() => titles(w.notes, "file_changes").length >= 1, "the file notification");
    assert.equal(titles(w.notes, "file_changes")[0], "📝 1 file changed: math.ts");
  } finally {
    await w.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
