/**
 * Widening with jest (installed from npm into the fixture): stage 2 is jest's own
 * `jest --findRelatedTests <changed files>`, stage 1 the failing tests' files with `-t`, a package.json
 * change selects everything, and "now passing" waits for the whole suite.
 */
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

const CALC = "exports.add = (a, b) => a + b;\n";
const OTHER = "exports.mul = (a, b) => a * b;\n";
const PACKAGE = {
  name: "flux-jest-fixture",
  private: true,
  scripts: { test: "jest" },
  devDependencies: { jest: "29.7.0" },
};

Deno.test({
  name:
    "widening with jest: related tests first, still-failing tests first, everything on a package.json change, passing only after the whole suite",
  ignore: !HAS_NPM,
  async fn() {
    const dir = await makeProject({
      "package.json": JSON.stringify(PACKAGE, null, 2) + "\n",
      "src/calc.js": CALC,
      "src/other.js": OTHER,
      "src/calc.test.js": 'const { add } = require("./calc");\n' +
        'test("add", () => { expect(add(1, 2)).toBe(3); });\n' +
        'test("add zero", () => { expect(add(0, 2)).toBe(2); });\n',
      "src/other.test.js": 'const { mul } = require("./other");\n' +
        'test("mul", () => { expect(mul(2, 3)).toBe(6); });\n',
      // The whole suite takes a while, so that what the early stages say can come before it ends.
      "src/slow.test.js": 'test("slow", () => new Promise((r) => setTimeout(r, 1500)));\n',
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

        // A leaf module breaks: jest relates it to calc.test.js alone, said before the whole suite.
        let from = ev.length;
        await Deno.writeTextFile(`${dir}/src/calc.js`, CALC.replace("a + b", "a - b"));
        const affected = await next(ev, from, stage("affected"), "the affected stage");
        assert.equal(ev[affected]?.summary, "2 tests, 2 failed", "only calc.test.js ran");
        assert.deepEqual(names(ev[affected]), ["add", "add zero"]);
        const early = await next(
          ev,
          from,
          note(/^❌ 2 affected tests failing/),
          "the early notice",
        );
        const full = await next(ev, from, stage("full"), "the whole suite");
        assert.ok(affected < full && early < full, "stage 2 spoke before the whole suite ended");
        assert.equal(ev[full]?.summary, "4 tests, 2 failed");

        // An unrelated save: the still-failing tests are said before the whole suite.
        from = ev.length;
        await Deno.writeTextFile(`${dir}/src/other.js`, OTHER + "// edited\n");
        const failed = await next(ev, from, stage("failed"), "stage 1");
        assert.equal(ev[failed]?.to, "fail");
        assert.equal(ev[failed]?.summary, "2 tests, 2 failed");
        const other = await next(ev, from, stage("affected"), "stage 2");
        assert.equal(ev[other]?.summary, "1 test passed", "only other.test.js relates to other.js");
        assert.ok(failed < (await next(ev, from, stage("full"), "the whole suite")));

        // package.json may change anything: stage 2 is skipped for the whole suite.
        from = ev.length;
        await Deno.writeTextFile(`${dir}/package.json`, JSON.stringify(PACKAGE, null, 4) + "\n");
        const all = await next(ev, from, stage("affected"), "stage 2 after package.json");
        assert.equal(ev[all]?.to, "unknown");
        assert.match(ev[all]?.summary ?? "", /everything is affected: package\.json changed/);
        await next(ev, from, stage("full"), "the whole suite after package.json");

        // The fix: stage 1 passes at once, but "now passing" waits for the whole suite.
        from = ev.length;
        await Deno.writeTextFile(`${dir}/src/calc.js`, CALC);
        const ok = await next(ev, from, note(/^✅ Tests are now passing!$/), "the passing notice");
        const fixed = ev.findIndex((e, i) => i >= from && stage("failed")(e));
        const lastFull = ev.findIndex((e, i) => i >= from && stage("full")(e) && e.to === "ok");
        assert.ok(fixed >= from && ev[fixed]?.to === "ok", "stage 1 saw the fix");
        assert.ok(
          lastFull > fixed && ok > lastFull,
          "now passing came after the whole suite passed",
        );
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
