import assert from "node:assert/strict";
import { BuiltinAnalyzer } from "./builtin_analyzer.ts";

async function withProject(files: Record<string, string>, fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "flux_analyzer_" });
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(`${dir}/${path}`.replace(/\/[^/]+$/, ""), { recursive: true });
      await Deno.writeTextFile(`${dir}/${path}`, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("BuiltinAnalyzer.analyze() names a missing import and where it is imported", async () => {
  await withProject({
    "auth.py": "def login():\n    return True\n",
    "utils.py": "import os\n\ndef validate_token(t):\n    return bool(t)\n",
    "tests/test_auth.py": "import pytest\nfrom auth import validate_token\n",
  }, async (dir) => {
    const text = await new BuiltinAnalyzer(dir).analyze({
      monitor: "tests",
      summary: "1 failed",
      items: [{
        name: "tests/test_auth.py",
        file: "tests/test_auth.py",
        message: "ImportError: cannot import name 'validate_token' from 'auth' (/x/auth.py)",
      }],
    });
    assert.match(text, /validate_token cannot be imported from auth/);
    assert.match(text, /imported at tests\/test_auth\.py:2/);
    assert.match(text, /defined at utils\.py:3/);
  });
});

Deno.test("BuiltinAnalyzer.analyze() finds a missing ES module export in TypeScript", async () => {
  await withProject({
    "auth.ts": "export function login() {}\n",
    "auth_test.ts": 'import { validateToken } from "./auth.ts";\n',
  }, async (dir) => {
    const text = await new BuiltinAnalyzer(dir).analyze({
      monitor: "tests",
      summary: "failed",
      items: [{
        message:
          "SyntaxError: The requested module './auth.ts' does not provide an export named 'validateToken'",
      }],
    });
    assert.match(
      text,
      /validateToken cannot be imported from \.\/auth\.ts \(imported at auth_test\.ts:1\)/,
    );
    assert.match(text, /no definition found/);
  });
});

Deno.test("BuiltinAnalyzer.analyze() gives expected vs actual for assertion failures", async () => {
  const analyzer = new BuiltinAnalyzer("/nonexistent");
  const text = await analyzer.analyze({
    monitor: "tests",
    summary: "3 failed",
    items: [
      {
        name: "test_add",
        file: "test_math.py",
        line: 4,
        message: "assert 3 == 4\n +  where 3 = add(1, 2)",
      },
      {
        name: "adds numbers",
        file: "math_test.ts",
        line: 5,
        message: "AssertionError: Expected values to be strictly equal:\n\n3 !== 4\n",
      },
      {
        name: "std equals",
        message:
          "AssertionError: Values are not equal.\n\n\n    [Diff] Actual / Expected\n\n\n-   3\n+   4\n",
      },
    ],
  });
  const lines = text.split("\n");
  assert.equal(lines.length, 3);
  assert.equal(lines[0], "test_add (test_math.py:4): expected 4, got 3 (3 comes from add(1, 2))");
  assert.equal(lines[1], "adds numbers (math_test.ts:5): expected 4, got 3");
  assert.equal(lines[2], "std equals: expected 4, got 3");
});

Deno.test("BuiltinAnalyzer.analyze() offers the reporting tool's fix command only for fixable issues", async () => {
  const analyzer = new BuiltinAnalyzer("/nonexistent");
  const ruff = await analyzer.analyze({
    monitor: "lint",
    summary: "2 new",
    tool: "ruff",
    items: [
      {
        name: "F401",
        file: "auth.py",
        line: 1,
        message: "`os` imported but unused",
        fixable: true,
      },
      {
        name: "E741",
        file: "auth.py",
        line: 4,
        message: "Ambiguous variable name",
        fixable: false,
      },
    ] as never,
  });
  assert.match(
    ruff,
    /^F401: run `flux autofix` \(\/autofix in the TUI\) to fix them automatically \(1 of 2 can/,
  );
  assert.doesNotMatch(ruff, /E741: run/);
  const noFix = await analyzer.analyze({
    monitor: "lint",
    summary: "1 new",
    tool: "ruff",
    items: [{ name: "E741", file: "a.py", line: 4, message: "Ambiguous variable name" }],
  });
  assert.doesNotMatch(noFix, /--fix/);
  const deno = await analyzer.analyze({
    monitor: "lint",
    summary: "1 new",
    tool: "deno_lint",
    items: [{ name: "prefer-const", file: "a.ts", line: 1, message: "'x' is never reassigned" }],
  });
  assert.doesNotMatch(deno, /--fix/, "deno lint's JSON does not say what is fixable");
});

Deno.test("BuiltinAnalyzer.analyze() never suggests another ecosystem's tool for a Python syntax error", async () => {
  const text = await new BuiltinAnalyzer("/nonexistent").analyze({
    monitor: "lint",
    summary: "1 issue",
    tool: "ruff",
    items: [{ file: "app.py", line: 3, message: "SyntaxError: Expected ')', found newline" }],
  });
  assert.doesNotMatch(text, /deno|eslint|--fix/);
  assert.match(text, /app\.py:3: SyntaxError: Expected '\)', found newline: fix the syntax/);
});

Deno.test("BuiltinAnalyzer.analyze() explains TypeScript error codes", async () => {
  const text = await new BuiltinAnalyzer("/nonexistent").analyze({
    monitor: "build",
    summary: "1 error",
    items: [{
      name: "TS2322",
      file: "main.ts",
      line: 3,
      message: "Type 'string' is not assignable to type 'number'.",
    }],
  });
  assert.equal(
    text,
    "TS2322 (main.ts:3): a value of type string is assigned where number is declared: " +
      "convert the value or change the declared type",
  );
});

Deno.test("BuiltinAnalyzer.analyze() falls back to the first line of an unknown failure", async () => {
  const text = await new BuiltinAnalyzer("/nonexistent").analyze({
    monitor: "tests",
    summary: "1 failed",
    items: [{ name: "test_x", message: "\nboom happened\nmore" }],
  });
  assert.equal(text, "test_x: boom happened");
});

Deno.test("BuiltinAnalyzer.analyze() reads Go and Rust expected vs actual", async () => {
  const text = await new BuiltinAnalyzer("/nonexistent").analyze({
    monitor: "tests",
    summary: "2 failed",
    items: [
      { name: "TestAdd", file: "add_test.go", line: 8, message: "add_test.go:8: got 3, want 4" },
      {
        name: "tests::adds",
        message: "assertion `left == right` failed\n  left: 3\n right: 4",
      },
    ],
  });
  assert.deepEqual(text.split("\n"), [
    "TestAdd (add_test.go:8): expected 4, got 3",
    "tests::adds: expected 4, got 3",
  ]);
});

Deno.test("BuiltinAnalyzer.analyze() explains Go and Rust missing names", async () => {
  const text = await new BuiltinAnalyzer("/nonexistent").analyze({
    monitor: "build",
    summary: "2 errors",
    items: [
      { file: "main.go", line: 5, message: "undefined: helper" },
      {
        name: "E0425",
        file: "src/main.rs",
        line: 2,
        message: "cannot find value `total` in this scope",
      },
    ],
  });
  assert.deepEqual(text.split("\n"), [
    "main.go:5: helper is not declared: declare it or import its package",
    "E0425 (src/main.rs:2): total is not in scope: declare it or add a `use`",
  ]);
});

Deno.test("BuiltinAnalyzer.analyze() gives expected vs actual for jest and vitest failures", async () => {
  const analyzer = new BuiltinAnalyzer("/nonexistent");
  const jest = await analyzer.analyze({
    monitor: "tests",
    summary: "1 failed",
    items: [{
      name: "sum adds",
      file: "sum.test.js",
      line: 4,
      message: "expect(received).toBe(expected) // Object.is equality Expected: 4 Received: 5",
    }],
  });
  assert.equal(jest, "sum adds (sum.test.js:4): expected 4, got 5");
  const jestLines = await analyzer.analyze({
    monitor: "tests",
    summary: "1 failed",
    items: [{
      name: "obj",
      message: 'expect(received).toEqual(expected)\n\nExpected: {"a": 1}\nReceived: {"a": 2}',
    }],
  });
  assert.equal(jestLines, 'obj: expected {"a": 1}, got {"a": 2}');
  const vitest = await analyzer.analyze({
    monitor: "tests",
    summary: "1 failed",
    items: [{
      name: "math > adds",
      file: "math.test.ts",
      line: 7,
      message: "AssertionError: expected 2 to be 3 // Object.is equality - Expected + Received",
    }],
  });
  assert.equal(vitest, "math > adds (math.test.ts:7): expected 3, got 2");
  const deep = await analyzer.analyze({
    monitor: "tests",
    summary: "1 failed",
    items: [{
      name: "deep",
      message: "AssertionError: expected { a: 1 } to deeply equal { a: 2 }",
    }],
  });
  assert.equal(deep, "deep: expected { a: 2 }, got { a: 1 }");
});
