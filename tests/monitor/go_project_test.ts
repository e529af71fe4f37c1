/**
 * A Go module under the build, tests and lint monitors, with the real go toolchain: one compile error is
 * one notification (not one from the build, one from the tests and one from go vet), findings keep their
 * column, and go vet is the lint check.
 */
import assert from "node:assert/strict";
import { makeProject, processesIn, until, watchProject } from "./_helpers.ts";

const hasGo = await new Deno.Command("go", { args: ["version"], stdout: "null", stderr: "null" })
  .output().then((o) => o.success, () => false);

/** The fix notice of each monitor that can tell the compile error first. */
const FIXED: Record<string, string> = {
  build: "✅ Build is now passing!",
  tests: "✅ Tests are now passing!",
  lint: "✅ Lint issues fixed",
};
const GOOD = "package calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n";
const TEST = 'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n' +
  '\tif Add(1, 2) != 3 {\n\t\tt.Fatal("bad")\n\t}\n}\n';

Deno.test({
  name: "a Go compile error is one notification with its column; a go vet finding is a lint issue",
  ignore: !hasGo,
  async fn() {
    const dir = await makeProject({
      "go.mod": "module example.com/calc\n\ngo 1.19\n",
      "calc.go": GOOD,
      "calc_test.go": TEST,
    });
    const w = await watchProject(dir, {
      build: { interval: 0 },
      tests: { interval: 0, strategy: "full" },
      lint: { interval: 0 },
    });
    const ok = (monitor: string) =>
      w.events.some((e) => e.monitor === monitor && "to" in e && e.to === "ok");
    const failed = (monitor: string) =>
      w.events.some((e) => e.monitor === monitor && e.kind === "state_change" && e.to === "fail");
    try {
      await until(() => ok("build") && ok("tests") && ok("lint"), "the first passing checks");

      await Deno.writeTextFile(`${dir}/calc.go`, GOOD.replace("a + b", "a + b + x"));
      await until(
        () => failed("build") && failed("tests") && failed("lint"),
        "build, tests and go vet all failing on the compile error",
      );
      // Every notification offered has been released (the test's cooldown is 300 ms): wait for the gate.
      await new Promise((r) => setTimeout(r, 1500));
      const failing = w.notes.filter((n) => n.level !== "info" && !/passing/.test(n.title));
      assert.equal(failing.length, 1, failing.map((n) => n.title).join(" | "));
      assert.ok(
        failing[0]!.lines.some((l) => l.startsWith("calc.go:4:17: ")),
        failing[0]!.lines.join("\n"),
      );

      // Fixed: the build, which told the failure, says so; the tests and go vet, which did not, stay quiet.
      await Deno.writeTextFile(`${dir}/calc.go`, GOOD);
      await until(() => w.notes.some((n) => /passing/.test(n.title)), "the fix");
      await until(() => ok("build") && ok("tests") && ok("lint"), "all three passing again");
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(
        w.notes.filter((n) => n.monitor !== "file_changes").map((n) => n.title),
        [failing[0]!.title, FIXED[failing[0]!.monitor]],
      );

      await Deno.writeTextFile(
        `${dir}/calc.go`,
        'package calc\n\nimport "fmt"\n\nfunc Add(a, b int) int {\n\tfmt.Printf("%d\\n", "s")\n' +
          "\treturn a + b\n}\n",
      );
      await until(
        () => w.notes.some((n) => n.monitor === "lint" && /lint/.test(n.title)),
        "the go vet finding",
      );
      const lint = w.notes.find((n) => n.monitor === "lint" && /lint/.test(n.title))!;
      assert.ok(
        lint.lines.some((l) =>
          /^calc\.go:6:2: .*Printf format %d has arg "s" of wrong type/.test(l)
        ),
        lint.lines.join("\n"),
      );
    } finally {
      await w.stop();
      const left = processesIn(dir);
      await Deno.remove(dir, { recursive: true });
      assert.deepEqual(left, [], "no process left behind");
    }
  },
});
