/**
 * Every analyzer against output captured from the real tool (tests/fixtures/toolchain/, produced by
 * running the tool on a small project in /tmp; the project directory each was captured in is given).
 */
import { deepEqual, equal, ok } from "node:assert/strict";
import type { ToolOutput } from "../../core/toolchain/tool_adapter.ts";
import { parsePytest } from "../../core/toolchain/pytest.ts";
import { parseDenoTest } from "../../core/toolchain/deno_test.ts";
import { parseDenoCheck } from "../../core/toolchain/deno_check.ts";
import { parseDenoLint } from "../../core/toolchain/deno_lint.ts";
import { parseDenoFmt } from "../../core/toolchain/deno_fmt.ts";
import { parseJestReport } from "../../core/toolchain/vitest_jest.ts";
import { parseEslint } from "../../core/toolchain/eslint.ts";
import { biome, parseBiomeFormat } from "../../core/toolchain/biome.ts";
import { tsc } from "../../core/toolchain/tsc.ts";
import { parsePrettier } from "../../core/toolchain/prettier.ts";
import { parseRuff, parseRuffFormat } from "../../core/toolchain/ruff.ts";
import { parsePylint } from "../../core/toolchain/pylint.ts";
import { parseBlack } from "../../core/toolchain/black.ts";
import { parseCompileall } from "../../core/toolchain/compileall.ts";
import { parseGoTest } from "../../core/toolchain/go_test.ts";
import { goBuild } from "../../core/toolchain/go_build.ts";
import { parseCargoTest } from "../../core/toolchain/cargo_test.ts";
import { cargoBuild, rustfmt } from "../../core/toolchain/cargo_build.ts";

const FIXTURES = `${import.meta.dirname}/../fixtures/toolchain`;

function fixture(name: string): string {
  return Deno.readTextFileSync(`${FIXTURES}/${name}`);
}

function out(projectDir: string, fields: Partial<ToolOutput>): ToolOutput {
  return { projectDir, code: 1, stdout: "", stderr: "", report: null, fix: false, ...fields };
}

Deno.test("parsePytest() names failed tests, collection errors, file, line and the E message", () => {
  const v = parsePytest(out("/tmp/pt", { report: fixture("pytest_junit.xml") }));
  equal(v.status, "fail");
  // pytest's own words: "1 failed, 1 passed, 1 skipped, 1 error" (the error: a module it could not import).
  equal(v.summary, "3 tests, 1 failed, 1 skipped, 1 error during collection");
  deepEqual(v.counts, { total: 4, passed: 1, failed: 2, skipped: 1 });
  deepEqual(v.findings, [
    {
      message: "ImportError: cannot import name 'validate_token' from 'auth' (/tmp/pt/auth.py)",
      name: "tests/test_utils.py",
      severity: "error",
      file: "tests/test_utils.py",
      line: 1,
    },
    {
      message: "AssertionError: Expected 200, got 401",
      name: "tests/test_auth.py::test_login",
      severity: "error",
      file: "tests/test_auth.py",
      line: 6,
    },
  ]);
});

Deno.test("parsePytest() is unknown when pytest wrote no report", () => {
  const v = parsePytest(out("/p", { stderr: "/usr/bin/python3: No module named pytest\n" }));
  equal(v.status, "unknown");
  equal(v.summary, "pytest did not run: /usr/bin/python3: No module named pytest");
});

Deno.test("parseDenoTest() counts steps as tests and locates the failing line", () => {
  const v = parseDenoTest(out("/tmp/dt", { report: fixture("deno_test_junit.xml") }));
  equal(v.status, "fail");
  equal(v.summary, "5 tests, 2 failed, 1 skipped");
  deepEqual(v.findings.map((f) => [f.name, f.file, f.line, f.message]), [
    ["login returns 200", "a_test.ts", 3, "AssertionError: Expected 200, got 401"],
    ["steps > inner bad", "a_test.ts", 5, "TypeError: bad step"],
  ]);
});

Deno.test("parseDenoTest() reports type errors when the tests did not compile", () => {
  const v = parseDenoTest(out("/tmp/dt", { stderr: fixture("deno_check.txt") }));
  equal(v.status, "fail");
  equal(v.summary, "tests did not compile: 2 errors");
  equal(v.findings[0]?.file, "bad2.ts");
});

Deno.test("parseDenoCheck() reads TS codes, messages and locations", () => {
  const v = parseDenoCheck(out("/tmp/dt", { stderr: fixture("deno_check.txt") }));
  equal(v.summary, "deno check: 2 errors");
  deepEqual(v.findings[1], {
    message: "Type 'number' is not assignable to type 'string'.",
    name: "TS2322",
    severity: "error",
    file: "bad2.ts",
    line: 2,
    column: 14,
  });
});

Deno.test("parseDenoLint() turns 0-based columns into 1-based", () => {
  const v = parseDenoLint(out("/tmp/dl", { stdout: fixture("deno_lint.json") }));
  equal(v.summary, "3 lint issues");
  deepEqual(v.findings[0], {
    file: "mod.ts",
    message: "`unused` is never used",
    severity: "error",
    line: 1,
    column: 7,
    name: "no-unused-vars",
  });
});

Deno.test("parseDenoFmt() lists unformatted files", () => {
  const v = parseDenoFmt(out("/tmp/dl", { stderr: fixture("deno_fmt_check.txt") }));
  equal(v.summary, "1 file not formatted");
  equal(v.findings[0]?.file, "fmt.ts");
});

Deno.test("parseJestReport() reads vitest JSON", () => {
  const v = parseJestReport(out("/tmp/np", { report: fixture("vitest.json") }), "vitest");
  equal(v.summary, "3 tests, 1 failed, 1 skipped");
  deepEqual(v.findings, [{
    name: "login returns 200",
    file: "src/auth.test.js",
    message: "AssertionError: expected 401 to be 200 // Object.is equality",
    severity: "error",
    line: 3,
    column: 54,
  }]);
});

Deno.test("parseJestReport() reads jest JSON with expected and received", () => {
  const v = parseJestReport(out("/tmp/jp", { report: fixture("jest.json") }), "jest");
  equal(v.summary, "2 tests, 1 failed");
  equal(v.findings[0]?.name, "math adds");
  equal(v.findings[0]?.line, 3);
  ok(v.findings[0]?.message.includes("Expected: 3 Received: -1"), v.findings[0]?.message);
});

Deno.test("parseEslint() maps severity 2 to error with the rule id", () => {
  const v = parseEslint(out("/tmp/np", { stdout: fixture("eslint.json") }));
  equal(v.summary, "2 lint issues");
  deepEqual(v.findings[1], {
    file: "src/auth.js",
    message: "'unused' is assigned a value but never used.",
    severity: "error",
    line: 2,
    column: 9,
    name: "no-unused-vars",
    fixable: false,
  });
});

Deno.test("biome.parse() reads lint diagnostics; parseBiomeFormat() the unformatted files", () => {
  const lint = biome.parse(out("/tmp/np", { stdout: fixture("biome_lint.json") }));
  equal(lint.summary, "5 lint issues");
  deepEqual(lint.findings[4], {
    message: "This is an unexpected use of the debugger statement.",
    severity: "error",
    file: "src/b.js",
    line: 2,
    column: 15,
    name: "suspicious/noDebugger",
  });
  const fmt = parseBiomeFormat(out("/tmp/np", { stdout: fixture("biome_format.json") }));
  deepEqual(fmt.findings.map((f) => f.file), ["src/auth.js", "src/auth.test.js", "src/b.js"]);
});

Deno.test("tsc.parse() reads --pretty false diagnostics", () => {
  const v = tsc.parse(out("/tmp/np", { stdout: fixture("tsc.txt"), code: 2 }));
  equal(v.status, "fail");
  equal(v.summary, "tsc: 2 errors");
  deepEqual(v.findings[0], {
    file: "src/bad.ts",
    line: 1,
    column: 7,
    message: "Type 'string' is not assignable to type 'number'.",
    name: "TS2322",
    severity: "error",
  });
});

Deno.test("parsePrettier() skips the summary line", () => {
  const v = parsePrettier(out("/tmp/np", { stdout: fixture("prettier_check.txt") }));
  deepEqual(v.findings.map((f) => f.file), ["src/auth.test.js", "src/b.js"]);
});

Deno.test("parseRuff() reads codes and locations", () => {
  const v = parseRuff(out("/tmp/rp", { stdout: fixture("ruff.json") }));
  equal(v.status, "fail");
  const f401 = v.findings.find((f) => f.name === "F401");
  deepEqual(f401, {
    file: "auth.py",
    message: "`os` imported but unused",
    severity: "error",
    line: 1,
    column: 8,
    name: "F401",
    fixable: true,
  });
  ok(v.findings.some((f) => f.name === "F811" && f.file === "utils.py" && f.fixable === false));
});

Deno.test("parseRuffFormat() and parseBlack() list files that would be reformatted", () => {
  const ruff = parseRuffFormat(out("/tmp/rp", { stdout: fixture("ruff_format_check.txt") }));
  deepEqual(ruff.findings.map((f) => f.file), ["utils.py"]);
  const black = parseBlack(out("/tmp/rp", { stderr: fixture("black_check.txt") }));
  deepEqual(black.findings.map((f) => f.file), ["utils.py"]);
});

Deno.test("parsePylint() maps types to severities and message ids to names", () => {
  const v = parsePylint(out("/tmp/rp", { stdout: fixture("pylint.json"), code: 22 }));
  const e0611 = v.findings.find((f) => f.name === "E0611");
  deepEqual(e0611, {
    file: "auth.py",
    message: "No name 'validate_token' in module 'utils'",
    severity: "error",
    line: 2,
    column: 1,
    name: "E0611",
  });
  ok(v.findings.some((f) => f.severity === "info"));
});

Deno.test("parseCompileall() reads syntax and tab errors", () => {
  const v = parseCompileall(out("/tmp/cp", { stdout: fixture("compileall.txt") }));
  equal(v.summary, "compileall: 2 errors");
  deepEqual(v.findings.map((f) => [f.file, f.line, f.message]), [
    ["pkg/bad.py", 1, "SyntaxError: invalid syntax"],
    [
      "tabs.py",
      3,
      "TabError: inconsistent use of tabs and spaces in indentation (tabs.py, line 3)",
    ],
  ]);
});

Deno.test("parseGoTest() reads test2json events, subtests as leaves", () => {
  const v = parseGoTest(out("/tmp/gp", { stdout: fixture("go_test.jsonl") }));
  equal(v.summary, "5 tests, 2 failed, 1 skipped");
  deepEqual(v.findings.map((f) => [f.name, f.file, f.line, f.message]), [
    ["TestLogin", "auth_test.go", 7, "Expected 200, got 401"],
    ["TestSub/inner_bad", "auth_test.go", 16, "bad step"],
  ]);
});

Deno.test("parseGoTest() reports a build failure with file:line", () => {
  const v = parseGoTest(out("/tmp/gp", {
    stdout: fixture("go_test_build_fail.jsonl"),
    stderr: fixture("go_test_build_fail.stderr"),
    code: 2,
  }));
  equal(v.summary, "tests did not compile: 2 errors");
  deepEqual(v.findings[0], {
    file: "auth.go",
    line: 3,
    column: 31,
    message: "x declared but not used",
    severity: "error",
  });
});

Deno.test("goBuild.parse() reads compiler errors", () => {
  const v = goBuild.parse(out("/tmp/gp", { stderr: fixture("go_build.txt"), code: 2 }));
  equal(v.summary, "go build: 2 errors");
});

Deno.test("parseCargoTest() reads libtest text: names, panic location and message", () => {
  const v = parseCargoTest(out("/tmp/rc", { stdout: fixture("cargo_test.out"), code: 101 }));
  equal(v.summary, "4 tests, 2 failed, 1 skipped");
  deepEqual(v.findings, [
    {
      name: "tests::it_adds",
      message: "assertion `left == right` failed left: 0 right: 4",
      severity: "error",
      file: "src/lib.rs",
      line: 7,
      column: 20,
    },
    {
      name: "tests::it_panics",
      message: "Expected 200, got 401",
      severity: "error",
      file: "src/lib.rs",
      line: 14,
      column: 22,
    },
  ]);
});

Deno.test("cargoBuild.parse() reads rustc JSON diagnostics at their primary span", () => {
  const v = cargoBuild.parse(out("/tmp/rc", { stdout: fixture("cargo_build.out"), code: 101 }));
  equal(v.status, "fail");
  const error = v.findings.find((f) => f.severity === "error");
  deepEqual(error, {
    message: "cannot add `&str` to `i32`",
    severity: "error",
    name: "E0277",
    file: "src/lib.rs",
    line: 1,
    column: 55,
  });
});

Deno.test("rustfmt.parse() lists each file with a diff once", () => {
  const v = rustfmt.parse(out("/tmp/rc", { stdout: fixture("rustfmt_check.txt") }));
  equal(v.status, "fail");
  deepEqual(v.findings.map((f) => f.file), ["src/lib.rs"]);
});
