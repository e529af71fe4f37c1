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
