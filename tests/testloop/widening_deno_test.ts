import assert from "node:assert/strict";
import { makeProject, processesIn, watchProject } from "../monitor/_helpers.ts";
import { names, next, note, stage } from "./_stages.ts";

const CALC = "export function add(a: number, b: number): number {\n  return a + b;\n}\n";
const FILES = {
  "deno.json": `{ "tasks": {} }\n`,
  "src/calc.ts": CALC,
  "src/util.ts": "export const twice = (n: number): number => n * 2;\n",
  "src/calc_test.ts": `import { add } from "./calc.ts";\n\n` +
    `Deno.test("add", () => {\n  if (add(1, 2) !== 3) throw new Error("add is wrong");\n});\n`,
  "src/util_test.ts": `import { twice } from "./util.ts";\n\n` +
    `Deno.test("twice", () => {\n  if (twice(2) !== 4) throw new Error("twice is wrong");\n});\n`,
  "src/slow_test.ts":
    `Deno.test("slow", async () => {\n  await new Promise((r) => setTimeout(r, 1500));\n});\n`,
};

Deno.test("widening with deno test: the module graph picks the tests of a leaf module, deno.json selects everything", async () => {
  const dir = await makeProject(FILES);
  const w = await watchProject(dir, { tests: { interval: 0 } });
  const ev = w.events;
  try {
    await next(ev, 0, (e) => e.kind === "state_change" && e.to === "ok", "first whole run");

    let from = ev.length;
    await Deno.writeTextFile(`${dir}/src/calc.ts`, CALC.replace("a + b", "a - b"));
    const affected = await next(ev, from, stage("affected"), "the affected stage");
    assert.equal(ev[affected]?.summary, "1 test, 1 failed", "only calc_test.ts ran");
    assert.deepEqual(names(ev[affected]), ["add"]);
    const early = await next(ev, from, note(/^❌ 1 affected test failing/), "the early notice");
    const full = await next(ev, from, stage("full"), "the whole suite");
    assert.ok(early < full);
    assert.equal(ev[full]?.summary, "3 tests, 1 failed");

    // Still failing: stage 1 runs only the failing test, before the whole suite.
    from = ev.length;
    await Deno.writeTextFile(
      `${dir}/src/util.ts`,
      "export const twice = (n: number): number => n + n;\n",
    );
    const failed = await next(ev, from, stage("failed"), "stage 1");
    assert.equal(ev[failed]?.summary, "1 test, 1 failed");
    const other = await next(ev, from, stage("affected"), "stage 2");
    assert.deepEqual([ev[other]?.summary], ["1 test passed"], "only util_test.ts is affected");
    assert.ok(failed < (await next(ev, from, stage("full"), "the whole suite")));

    from = ev.length;
    await Deno.writeTextFile(`${dir}/deno.json`, `{ "tasks": {}, "lock": false }\n`);
    const all = await next(ev, from, stage("affected"), "stage 2 after deno.json");
    assert.match(ev[all]?.summary ?? "", /everything is affected: deno\.json changed/);

    from = ev.length;
    await Deno.writeTextFile(`${dir}/src/calc.ts`, CALC);
    const ok = await next(ev, from, note(/^✅ Tests are now passing!$/), "the passing notice");
    const lastFull = ev.findIndex((e, i) => i >= from && stage("full")(e) && e.to === "ok");
    assert.ok(lastFull >= from && ok > lastFull, "now passing came after the whole suite passed");
  } finally {
    await w.stop();
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, [], "no process left behind");
  }
});
