import assert from "node:assert/strict";
import { makeProject, titles, until, watchProject } from "./_helpers.ts";

const GOOD = "export const count: number = 1;\n";

Deno.test("a type error breaks the build with a TS hint, and fixing it is announced", async () => {
  const dir = await makeProject({ "deno.json": "{}\n", "main.ts": GOOD });
  const w = await watchProject(dir, { build: { interval: 0 } });
  try {
    await until(() => w.events.some((e) => e.monitor === "build" && e.to === "ok"), "first build");
    await Deno.writeTextFile(`${dir}/main.ts`, 'export const count: number = "one";\n');
    await until(() => w.notes.length >= 1, "the build failure");
    const failing = w.notes[0]!;
    assert.equal(failing.title, "❌ Build is now failing!");
    assert.equal(failing.listTitle, "Errors:");
    assert.match(failing.lines[0] ?? "", /^main\.ts:1:14: /);
    assert.match(failing.analysis ?? "", /type string is assigned where number is declared/);
    await Deno.writeTextFile(`${dir}/main.ts`, GOOD);
    await until(() => w.notes.length >= 2, "the fixed build");
    assert.deepEqual(titles(w.notes, "build"), [
      "❌ Build is now failing!",
      "✅ Build is now passing!",
    ]);
  } finally {
    await w.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
