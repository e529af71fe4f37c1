/** Widening with vitest: stage 2 is vitest's own `vitest related --run <changed files>`. */
import assert from "node:assert/strict";
import { makeProject, processesIn, watchProject } from "../monitor/_helpers.ts";
import { names, next, note, stage } from "./_stages.ts";

const HAS_NPM = (() => {
  try {
    return new Deno.Command("npm", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

const CALC = "export const add = (a, b) => a + b;\n";

Deno.test({
  name: "widening with vitest: vitest related runs only the tests of a changed leaf module",
  ignore: !HAS_NPM,
  async fn() {
    const dir = await makeProject({
      "package.json": JSON.stringify({
        name: "flux-vitest-fixture",
        private: true,
        type: "module",
        scripts: { test: "vitest run" },
        devDependencies: { vitest: "3.2.4" },
      }),
      "src/calc.js": CALC,
      "src/other.js": "export const mul = (a, b) => a * b;\n",
      "src/calc.test.js":
        'import { test, expect } from "vitest";\nimport { add } from "./calc.js";\n' +
        'test("add", () => { expect(add(1, 2)).toBe(3); });\n',
      "src/other.test.js":
        'import { test, expect } from "vitest";\nimport { mul } from "./other.js";\n' +
        'test("mul", () => { expect(mul(2, 3)).toBe(6); });\n',
    });
    try {
      const install = await new Deno.Command("npm", {
        args: ["install", "--no-audit", "--no-fund", "--prefer-offline"],
        cwd: dir,
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.ok(install.success, new TextDecoder().decode(install.stderr));
      const w = await watchProject(dir, { tests: { interval: 0 } });
      const ev = w.events;
      try {
        await next(ev, 0, (e) => e.kind === "state_change" && e.to === "ok", "first whole run");
        const from = ev.length;
        await Deno.writeTextFile(`${dir}/src/calc.js`, CALC.replace("a + b", "a - b"));
        const affected = await next(ev, from, stage("affected"), "the affected stage");
        assert.equal(ev[affected]?.summary, "1 test, 1 failed", "only calc.test.js ran");
        assert.deepEqual(names(ev[affected]), ["add"]);
        const early = await next(ev, from, note(/^❌ 1 affected test failing/), "the early notice");
        const full = await next(ev, from, stage("full"), "the whole suite");
        assert.ok(early < full);
        assert.equal(ev[full]?.summary, "2 tests, 1 failed");
      } finally {
        await w.stop();
      }
    } finally {
      const left = processesIn(dir);
      await Deno.remove(dir, { recursive: true });
      assert.deepEqual(left, [], "no process left behind");
    }
  },
});
