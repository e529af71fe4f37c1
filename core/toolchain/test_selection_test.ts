import assert from "node:assert/strict";
import { denoTest } from "./deno_test.ts";
import { jest, vitest } from "./vitest_jest.ts";
import { pytest } from "./pytest.ts";
import { goTest } from "./go_test.ts";
import { adapterSelects } from "./tool_adapter.ts";

async function project(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir();
  for (const [path, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${path}`, text);
  }
  return dir;
}

Deno.test("denoTest.invocation() narrows the project's own deno test task to the selected files and names", async () => {
  const dir = await project({
    "deno.json": JSON.stringify({ tasks: { test: "deno test -A --config deno.json src/" } }),
  });
  try {
    const inv = denoTest.invocation({
      projectDir: dir,
      reportFile: "/r",
      fix: false,
      select: { tests: ["src/a_test.ts::adds", "src/a_test.ts::subs (x)"] },
    });
    assert.deepEqual(inv.args, [
      "test",
      "-A",
      "--config",
      "deno.json",
      "--reporter=dot",
      "--junit-path=/r",
      "--filter=/^(adds|subs \\(x\\))$/",
      "src/a_test.ts",
    ]);
    assert.deepEqual(adapterSelects(denoTest, dir), ["tests", "files"]);
    await Deno.writeTextFile(
      `${dir}/deno.json`,
      JSON.stringify({ tasks: { test: "deno test && echo" } }),
    );
    assert.deepEqual(adapterSelects(denoTest, dir), [], "a task that needs the shell runs whole");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("vitest and jest select with their own related-test options; pytest by node id; go by package", async () => {
  const dir = await project({
    "package.json": JSON.stringify({ scripts: { test: "vitest run --typecheck" } }),
  });
  try {
    const v = vitest.invocation({
      projectDir: dir,
      reportFile: "/r",
      fix: false,
      select: { related: ["src/calc.js"] },
    });
    const at = v.args.findIndex((a) => a.endsWith("vitest.mjs") || a.endsWith("/vitest"));
    assert.deepEqual(v.args.slice(at + 1, at + 4), ["related", "--run", "--typecheck"]);
    assert.equal(v.args.at(-1), "src/calc.js");
    const j = jest.invocation({
      projectDir: dir,
      reportFile: "/r",
      fix: false,
      select: { related: ["src/calc.js"] },
    });
    assert.deepEqual(j.args.slice(-2), ["--findRelatedTests", "src/calc.js"]);
    const p = pytest.invocation({
      projectDir: dir,
      reportFile: "/r",
      fix: false,
      select: { tests: ["tests/test_a.py::test_x"] },
    });
    assert.equal(p.args.at(-1), "tests/test_a.py::test_x");
    const g = goTest.invocation({
      projectDir: dir,
      reportFile: "/r",
      fix: false,
      select: { packages: ["./pkg/a"] },
    });
    assert.deepEqual(g.args.slice(-1), ["./pkg/a"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("goTest.invocation() runs single tests by their packages and top-level names", () => {
  const g = goTest.invocation({
    projectDir: "/p",
    reportFile: "/r",
    fix: false,
    select: {
      tests: [
        "example.com/m/pkg/a::TestAdd",
        "example.com/m/pkg/a::TestTable/zero_(edge)",
        "example.com/m::TestMain.x",
      ],
    },
  });
  assert.deepEqual(g.args, [
    "test",
    "-json",
    "-run=^(TestAdd|TestTable|TestMain\\.x)$",
    "example.com/m/pkg/a",
    "example.com/m",
  ]);
  assert.deepEqual(adapterSelects(goTest, "/p"), ["packages", "tests"]);
});
