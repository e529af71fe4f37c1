import assert from "node:assert/strict";
import { affectedTests } from "./affected_tests.ts";

Deno.test("affectedTests() selects everything for config, lockfiles, fixtures and deleted files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/a.py`, "");
    for (
      const [file, reason] of [
        ["conftest.py", /conftest\.py changed/],
        ["sub/conftest.py", /conftest\.py changed/],
        ["pyproject.toml", /pyproject/],
        ["package-lock.json", /package-lock/],
        ["deno.lock", /deno\.lock/],
        ["tests/fixtures/data.json", /fixtures/],
        ["gone.py", /deleted or moved/],
      ] as const
    ) {
      const got = await affectedTests(dir, "pytest", ["a.py", file]);
      assert.equal(got.kind, "all", file);
      assert.match(got.kind === "all" ? got.reason : "", reason);
    }
    await Deno.writeTextFile(`${dir}/notes.txt`, "");
    assert.equal((await affectedTests(dir, "pytest", ["notes.txt"])).kind, "all");
    assert.equal((await affectedTests(dir, "npm_test", ["a.py"])).kind, "all");
    assert.deepEqual(await affectedTests(dir, "pytest", []), { kind: "none" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("affectedTests() maps Go files to packages and hands vitest its changed files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/pkg/a`, { recursive: true });
    await Deno.writeTextFile(`${dir}/pkg/a/a.go`, "package a\n");
    await Deno.writeTextFile(`${dir}/main.go`, "package main\n");
    assert.deepEqual(await affectedTests(dir, "go_test", ["pkg/a/a.go", "main.go"]), {
      kind: "some",
      select: { packages: ["./pkg/a", "."] },
      files: ["./pkg/a", "."],
    });
    await Deno.writeTextFile(`${dir}/x.ts`, "");
    assert.deepEqual((await affectedTests(dir, "vitest", ["x.ts"])).kind, "some");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("affectedTests() leaves a change every test file reaches to the whole suite", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/pkg`);
    await Deno.mkdir(`${dir}/tests`);
    await Deno.writeTextFile(`${dir}/pkg/__init__.py`, "from .core import f\n");
    await Deno.writeTextFile(`${dir}/pkg/core.py`, "def f():\n    return 1\n");
    await Deno.writeTextFile(`${dir}/pkg/extra.py`, "def g():\n    return 2\n");
    await Deno.writeTextFile(`${dir}/tests/test_a.py`, "from pkg import f\n");
    await Deno.writeTextFile(`${dir}/tests/test_b.py`, "import pkg.extra\n");
    const all = await affectedTests(dir, "pytest", ["pkg/core.py"]);
    assert.equal(all.kind, "all", "through pkg/__init__.py both test files import core.py");
    const some = await affectedTests(dir, "pytest", ["pkg/extra.py"]);
    assert.deepEqual(some.kind === "some" ? some.files : [], ["tests/test_b.py"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
