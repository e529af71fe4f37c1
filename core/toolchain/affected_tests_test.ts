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

Deno.test("affectedTests() selects a Go package and the packages importing it, and hands vitest its changed files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files: Record<string, string> = {
      "go.mod": "module example.com/m\n\ngo 1.19\n",
      "pkg/a/a.go": "package a\n\nfunc A() int { return 1 }\n",
      "pkg/b/b.go": 'package b\n\nimport "example.com/m/pkg/a"\n\nfunc B() int { return a.A() }\n',
      // Only the tests of c import b: c's tests are affected by a, through b.
      "pkg/c/c.go": "package c\n",
      "pkg/c/c_test.go":
        'package c\n\nimport (\n\t"testing"\n\n\t"example.com/m/pkg/b"\n)\n\nfunc TestC(t *testing.T) { _ = b.B() }\n',
      "pkg/d/d.go": "package d\n",
      "main.go": "package main\n\nfunc main() {}\n",
    };
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(`${dir}/${path}`.replace(/\/[^/]+$/, ""), { recursive: true });
      await Deno.writeTextFile(`${dir}/${path}`, text);
    }
    assert.deepEqual(await affectedTests(dir, "go_test", ["pkg/a/a.go"]), {
      kind: "some",
      select: { packages: ["./pkg/a", "./pkg/b", "./pkg/c"] },
      files: ["./pkg/a", "./pkg/b", "./pkg/c"],
    });
    assert.deepEqual(await affectedTests(dir, "go_test", ["main.go", "pkg/d/d.go"]), {
      kind: "some",
      select: { packages: [".", "./pkg/d"] },
      files: [".", "./pkg/d"],
    });
    assert.deepEqual(await affectedTests(dir, "go_test", ["go.mod"]), {
      kind: "all",
      reason: "go.mod changed",
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
