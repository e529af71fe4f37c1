/**
 * Widening with go test: stage 2 runs the changed package and the packages importing it (from `go list`),
 * stage 1 the failing tests alone (`-run` in their packages).
 */
import assert from "node:assert/strict";
import { makeProject, processesIn, watchProject } from "../monitor/_helpers.ts";
import { names, next, stage } from "./_stages.ts";

const HAS_GO = (() => {
  try {
    return new Deno.Command("go", { args: ["version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

const A = "package a\n\nfunc A() int { return 1 }\n";
const C = "package c\n\nfunc C() int { return 3 }\n";
const test = (pkg: string, name: string, expr: string, want: number, imports = "") =>
  `package ${pkg}\n\nimport (\n\t"testing"\n${imports})\n\n` +
  `func ${name}(t *testing.T) {\n\tif got := ${expr}; got != ${want} {\n\t\tt.Fatalf("got %d", got)\n\t}\n}\n`;

Deno.test({
  name: "widening with go test: a package and its importers first, still-failing tests first",
  ignore: !HAS_GO,
  async fn() {
    const dir = await makeProject({
      "go.mod": "module example.com/m\n\ngo 1.19\n",
      "pkg/a/a.go": A,
      "pkg/a/a_test.go": test("a", "TestA", "A()", 1),
      "pkg/b/b.go":
        'package b\n\nimport "example.com/m/pkg/a"\n\nfunc B() int { return a.A() + 1 }\n',
      "pkg/b/b_test.go": test("b", "TestB", "B()", 2),
      "pkg/c/c.go": C,
      "pkg/c/c_test.go": test("c", "TestC", "C()", 3),
    });
    const w = await watchProject(dir, { tests: { interval: 0 } });
    const ev = w.events;
    try {
      await next(ev, 0, (e) => e.kind === "state_change" && e.to === "ok", "first whole run");

      // pkg/a breaks: its tests and those of pkg/b (which imports it) run, not pkg/c's.
      let from = ev.length;
      await Deno.writeTextFile(`${dir}/pkg/a/a.go`, A.replace("return 1", "return 5"));
      const affected = await next(ev, from, stage("affected"), "the affected stage");
      assert.equal(ev[affected]?.summary, "2 tests, 2 failed", "pkg/a and pkg/b ran, not pkg/c");
      assert.deepEqual(names(ev[affected]), ["TestA", "TestB"]);
      let full = await next(ev, from, stage("full"), "the whole suite");
      assert.equal(ev[full]?.summary, "3 tests, 2 failed");

      // An unrelated save: the two failing tests run alone first, then pkg/c, then everything.
      from = ev.length;
      await Deno.writeTextFile(`${dir}/pkg/c/c.go`, C + "\n// edited\n");
      const failed = await next(ev, from, stage("failed"), "stage 1");
      assert.equal(ev[failed]?.summary, "2 tests, 2 failed");
      assert.deepEqual(names(ev[failed]), ["TestA", "TestB"]);
      const other = await next(ev, from, stage("affected"), "stage 2");
      assert.equal(ev[other]?.summary, "1 test passed", "only pkg/c is affected by c.go");
      full = await next(ev, from, stage("full"), "the whole suite");
      assert.ok(failed < other && other < full);
      assert.equal(ev[full]?.summary, "3 tests, 2 failed");
    } finally {
      await w.stop();
      const left = processesIn(dir);
      await Deno.remove(dir, { recursive: true });
      assert.deepEqual(left, [], "no process left behind");
    }
  },
});
