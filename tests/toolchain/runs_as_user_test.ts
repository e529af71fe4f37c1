/**
 * Issue 11 §3: for a fixture project of each runner, the counts and failing test names Flux reports equal
 * those of the project's own command run in a plain shell (same environment, nothing added). Each fixture
 * has a test that depends on colour variables, a first-run snapshot test where the runner has snapshots,
 * a test that parses `process.argv` as a CLI would, and go has a `go test -json` stream over 6 MB. Each
 * side runs in a fresh copy of the fixture, so a snapshot is a first-run snapshot for both.
 */
import { deepEqual, equal, ok } from "node:assert/strict";
import { runTool } from "../../core/toolchain/run_tool.ts";
import type { ToolRun } from "../../core/toolchain/types.ts";
import { NODE_TEST_PACKAGES, nodePackages } from "./_node_packages.ts";
import { stripAnsi } from "../../core/toolchain/_util.ts";

interface Tally {
  passed: number;
  failed: number;
  /** Failing tests, named as the runner's own output names them, sorted. */
  failing: string[];
}

async function have(cmd: string, ...args: string[]): Promise<boolean> {
  try {
    return (await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output()).success;
  } catch {
    return false;
  }
}

const node = await nodePackages(NODE_TEST_PACKAGES);
const nodeSkip = "skip" in node ? node.skip : null;
if (nodeSkip) console.warn(`vitest and jest fidelity tests skipped: ${nodeSkip}`);
const hasGo = await have("go", "version");
const hasCargo = await have("cargo", "--version");

async function project(files: Record<string, string>, links: Record<string, string> = {}) {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_as_user_" }));
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(`${dir}/${name}`.replace(/\/[^/]+$/, ""), { recursive: true });
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  for (const [name, target] of Object.entries(links)) await Deno.symlink(target, `${dir}/${name}`);
  return dir;
}

/** The project's own command in a plain shell: the environment as it is, stdin closed. */
async function plainShell(dir: string, command: string): Promise<string> {
  const out = await new Deno.Command("sh", {
    args: ["-c", command],
    cwd: dir,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  // Colour codes are taken out only to read the text; the run itself had the environment as it is.
  return stripAnsi(
    new TextDecoder().decode(out.stdout) + "\n" + new TextDecoder().decode(out.stderr),
  );
}

/** Runs Flux and the plain command on two fresh copies of `files`; returns both tallies. */
async function bothWays(
  files: Record<string, string>,
  command: string,
  read: (plain: string) => Tally,
  fluxNames: (run: ToolRun) => string[],
  links: Record<string, string> = {},
): Promise<{ flux: Tally; plain: Tally; run: ToolRun }> {
  const fluxDir = await project(files, links);
  const plainDir = await project(files, links);
  try {
    const run = await runTool("test", fluxDir);
    const plain = read(await plainShell(plainDir, command));
    const flux = {
      passed: run.counts?.passed ?? -1,
      failed: run.counts?.failed ?? -1,
      failing: fluxNames(run).sort(),
    };
    return { flux, plain, run };
  } finally {
    await Deno.remove(fluxDir, { recursive: true });
    await Deno.remove(plainDir, { recursive: true });
  }
}

/**
 * The fixtures' absolute counts assume the environment a developer's shell has: no CI, NO_COLOR or
 * FORCE_COLOR (each fixture has a test that fails when one is set, to prove Flux adds none). `.ci/run` and
 * CI services set some of them; there Flux must still equal the plain shell, which every test checks first.
 */
const CLEAN_ENV = ["CI", "NO_COLOR", "FORCE_COLOR"].every((name) =>
  Deno.env.get(name) === undefined
);

const num = (text: string, re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
const names = (run: ToolRun) => run.findings.flatMap((f) => (f.name ? [f.name] : []));

// ---------------------------------------------------------------------------------------------------
// jest

const JEST_FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "jfix", private: true, scripts: { test: "jest -i" } }),
  "package-lock.json":
    '{ "name": "jfix", "lockfileVersion": 3, "requires": true, "packages": {} }\n',
  "color.test.js": [
    "test('colour follows the terminal, not the tool', () => {",
    "  expect(process.env.NO_COLOR).toBe(undefined);",
    "  expect(process.env.FORCE_COLOR).toBe(undefined);",
    "});",
    "",
  ].join("\n"),
  "snap.test.js":
    "test('renders the greeting', () => {\n  expect({ hello: 'world' }).toMatchSnapshot();\n});\n",
  // As a CLI built with commander does: an option it does not know ends the process.
  "argv.test.js": [
    "function parseCli(argv) {",
    "  for (const arg of argv) {",
    "    if (arg !== '-i') { console.error(`error: unknown option '${arg}'`); process.exit(1); }",
    "  }",
    "  return { inBand: argv.includes('-i') };",
    "}",
    "test('the CLI parses its arguments', () => {",
    "  expect(parseCli(process.argv.slice(2))).toEqual({ inBand: true });",
    "});",
    "",
  ].join("\n"),
  "math.test.js": [
    "describe('math', () => {",
    "  test('adds', () => expect(1 + 1).toBe(2));",
    "  test('subtracts wrongly', () => expect(3 - 1).toBe(1));",
    "  test.skip('divides', () => expect(1 / 1).toBe(1));",
    "});",
    "",
  ].join("\n"),
};

function readJest(text: string): Tally {
  const line = /^Tests:.*$/m.exec(text)?.[0] ?? "";
  return {
    passed: num(line, /(\d+) passed/),
    failed: num(line, /(\d+) failed/),
    failing: [...text.matchAll(/^\s+● (.+)$/gm)].map((m) => m[1]!.replaceAll(" › ", " ")).sort(),
  };
}

Deno.test({
  name: "jest: Flux's counts and failing tests equal `npm test` in a plain shell",
  ignore: nodeSkip !== null,
  async fn() {
    const links = "nodeModules" in node ? { node_modules: node.nodeModules } : {};
    const { flux, plain, run } = await bothWays(JEST_FILES, "npm test", readJest, names, links);
    deepEqual(flux, plain, run.output);
    // The colour, snapshot and argv tests pass, as in the terminal; only the wrong one fails.
    if (CLEAN_ENV) deepEqual(plain, { passed: 4, failed: 1, failing: ["math subtracts wrongly"] });
    equal(run.command.includes("--ci"), false);
  },
});

// ---------------------------------------------------------------------------------------------------
// vitest

const VITEST_FILES: Record<string, string> = {
  "package.json": JSON.stringify({
    name: "vfix",
    private: true,
    type: "module",
    // The script's own filter must be honoured: the "other" test is skipped, as under `npm test`.
    scripts: { test: "vitest run -t keep" },
  }),
  "package-lock.json":
    '{ "name": "vfix", "lockfileVersion": 3, "requires": true, "packages": {} }\n',
  "color.test.js": [
    "import { expect, test } from 'vitest';",
    "test('keep: colour follows the terminal', () => {",
    "  expect(process.env.NO_COLOR).toBe(undefined);",
    "  expect(process.env.FORCE_COLOR).toBe(undefined);",
    "});",
    "",
  ].join("\n"),
  "snap.test.js": [
    "import { expect, test } from 'vitest';",
    "test('keep: renders the greeting', () => { expect({ hello: 'world' }).toMatchSnapshot(); });",
    "",
  ].join("\n"),
  "argv.test.js": [
    "import { expect, test } from 'vitest';",
    "test('keep: no stray options', () => {",
    "  expect(process.argv.slice(2).filter((a) => a.startsWith('--reporter'))).toEqual([]);",
    "});",
    "",
  ].join("\n"),
  "math.test.js": [
    "import { describe, expect, test } from 'vitest';",
    "describe('math', () => {",
    "  test('keep: adds', () => expect(1 + 1).toBe(2));",
    "  test('keep: subtracts wrongly', () => expect(3 - 1).toBe(1));",
    "  test('other: multiplies', () => expect(2 * 2).toBe(5));",
    "});",
    "",
  ].join("\n"),
};

function readVitest(text: string): Tally {
  const line = /^\s*Tests\s+.*$/m.exec(text)?.[0] ?? "";
  return {
    passed: num(line, /(\d+) passed/),
    failed: num(line, /(\d+) failed/),
    failing: [
      ...new Set([...text.matchAll(/^\s*(?:FAIL|×)\s+\S+\.test\.js > (.+?)(?: \d+ms)?$/gm)]
        .map((m) => m[1]!.replaceAll(" > ", " ").trim())),
    ].sort(),
  };
}

Deno.test({
  name: "vitest: Flux's counts and failing tests equal `npm test` in a plain shell",
  ignore: nodeSkip !== null,
  async fn() {
    const links = "nodeModules" in node ? { node_modules: node.nodeModules } : {};
    const { flux, plain, run } = await bothWays(VITEST_FILES, "npm test", readVitest, names, links);
    deepEqual(flux, plain, run.output);
    if (CLEAN_ENV) {
      deepEqual(plain, { passed: 4, failed: 1, failing: ["math keep: subtracts wrongly"] });
    }
    equal(run.counts?.skipped, 1);
  },
});

// ---------------------------------------------------------------------------------------------------
// pytest

const PYTEST_FILES: Record<string, string> = {
  // The project's own config: slow tests are deselected, as in the terminal.
  "pytest.ini": '[pytest]\naddopts = -m "not slow"\nmarkers =\n    slow: slow tests\n',
  "calc.py": "def add(a, b):\n    return a + b\n",
  "tests/test_calc.py": [
    "import os",
    "import pytest",
    "from calc import add",
    "",
    "def test_adds():",
    "    assert add(1, 2) == 3",
    "",
    "def test_adds_wrongly():",
    "    assert add(2, 2) == 5",
    "",
    "def test_colour_follows_the_terminal():",
    '    assert "NO_COLOR" not in os.environ and "FORCE_COLOR" not in os.environ',
    "",
    "@pytest.mark.slow",
    "def test_slow():",
    "    assert False",
    "",
    "@pytest.mark.skip(reason='later')",
    "def test_later():",
    "    pass",
    "",
  ].join("\n"),
  "conftest.py": "",
};

function readPytest(text: string): Tally {
  const line = /^=+ .*(passed|failed).* =+$/m.exec(text)?.[0] ?? "";
  return {
    passed: num(line, /(\d+) passed/),
    failed: num(line, /(\d+) failed/),
    failing: [...text.matchAll(/^FAILED (\S+)/gm)].map((m) => m[1]!).sort(),
  };
}

Deno.test("pytest: Flux's counts and failing tests equal `python3 -m pytest` in a plain shell", async () => {
  const { flux, plain, run } = await bothWays(
    PYTEST_FILES,
    "python3 -m pytest -rf",
    readPytest,
    names,
  );
  deepEqual(flux, plain, run.output);
  if (CLEAN_ENV) {
    deepEqual(plain, { passed: 2, failed: 1, failing: ["tests/test_calc.py::test_adds_wrongly"] });
  }
});

// ---------------------------------------------------------------------------------------------------
// deno test

const DENO_FILES: Record<string, string> = {
  // The project's own task: only tests/, with only the env permission.
  "deno.json": JSON.stringify({ tasks: { test: "deno test --allow-env tests/" } }),
  "tests/calc_test.ts": [
    'Deno.test("adds", () => { if (1 + 1 !== 2) throw new Error("bad"); });',
    'Deno.test("adds wrongly", () => { if (2 + 2 !== 5) throw new Error("Expected 5"); });',
    'Deno.test("colour follows the terminal", () => {',
    '  if (Deno.env.get("NO_COLOR") !== undefined) throw new Error("NO_COLOR was set");',
    "});",
    "",
  ].join("\n"),
  // Not under tests/: the task does not run it, so neither does Flux.
  "scratch_test.ts": 'Deno.test("scratch", () => { throw new Error("not run"); });\n',
};

function readDenoTest(text: string): Tally {
  const line = /^(ok|FAILED) \|.*$/m.exec(text)?.[0] ?? "";
  const failures = text.split(/^\s*FAILURES\s*$/m)[1] ?? "";
  return {
    passed: num(line, /(\d+) passed/),
    failed: num(line, /(\d+) failed/),
    failing: [...failures.matchAll(/^(.+?) => \S+:\d+:\d+$/gm)].map((m) => m[1]!.trim()).sort(),
  };
}

Deno.test("deno test: Flux's counts and failing tests equal `deno task test` in a plain shell", async () => {
  const { flux, plain, run } = await bothWays(
    DENO_FILES,
    "deno task test",
    readDenoTest,
    names,
  );
  deepEqual(flux, plain, run.output);
  if (CLEAN_ENV) deepEqual(plain, { passed: 2, failed: 1, failing: ["adds wrongly"] });
});

// ---------------------------------------------------------------------------------------------------
// go test, with a stream over 6 MB

const BIG_CASES = 220;
const GO_FILES: Record<string, string> = {
  "go.mod": "module example.com/gofix\n\ngo 1.19\n",
  "calc.go": "package gofix\n\nfunc Add(a, b int) int { return a + b }\n",
  "calc_test.go": [
    "package gofix",
    "",
    'import ("os"; "testing")',
    "",
    'func TestAdd(t *testing.T) { if Add(1, 2) != 3 { t.Fatal("bad") } }',
    "",
    'func TestAddWrongly(t *testing.T) { if Add(2, 2) != 5 { t.Errorf("Expected 5, got %d", Add(2, 2)) } }',
    "",
    'func TestColour(t *testing.T) { if _, set := os.LookupEnv("NO_COLOR"); set { t.Fatal("NO_COLOR set") } }',
    "",
    'func TestLater(t *testing.T) { t.Skip("later") }',
    "",
  ].join("\n"),
  // Each case logs 30 KB: the -json stream is over 6 MB; every 20th case fails.
  "big_test.go": [
    "package gofix",
    "",
    'import ("fmt"; "strings"; "testing")',
    "",
    "func TestBig(t *testing.T) {",
    `\tfor i := 0; i < ${BIG_CASES}; i++ {`,
    "\t\ti := i",
    '\t\tt.Run(fmt.Sprintf("case_%03d", i), func(t *testing.T) {',
    '\t\t\tfor j := 0; j < 300; j++ { t.Log(strings.Repeat("x", 96)) }',
    '\t\t\tif i%20 == 7 { t.Errorf("case %d broke", i) }',
    "\t\t})",
    "\t}",
    "}",
    "",
  ].join("\n"),
};

/** `go test -v` output: leaves only (a parent of subtests is not a test of its own), as Flux counts. */
function readGoTest(text: string): Tally {
  const results = [...text.matchAll(/^\s*--- (PASS|FAIL|SKIP): (\S+)/gm)].map((m) => ({
    outcome: m[1]!,
    name: m[2]!,
  }));
  const leaves = results.filter((r) => !results.some((o) => o.name.startsWith(`${r.name}/`)));
  const failing = leaves.filter((r) => r.outcome === "FAIL").map((r) => r.name).sort();
  return {
    passed: leaves.filter((r) => r.outcome === "PASS").length,
    failed: failing.length,
    failing,
  };
}

Deno.test({
  name:
    "go test: Flux's counts and failing tests equal `go test -v` in a plain shell, over 6 MB of -json",
  ignore: !hasGo,
  async fn() {
    const { flux, plain, run } = await bothWays(GO_FILES, "go test -v ./...", readGoTest, names);
    deepEqual(flux, plain, run.summary);
    if (CLEAN_ENV) equal(plain.failed, 12);
    if (CLEAN_ENV) equal(plain.passed, BIG_CASES - 11 + 2);
    ok(!/cut/.test(run.summary), run.summary);
    const dir = await project(GO_FILES);
    try {
      const json = await plainShell(dir, "go test -json ./...");
      ok(json.length > 6 * 1024 * 1024, `the -json stream is ${json.length} bytes`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

// ---------------------------------------------------------------------------------------------------
// cargo test

const CARGO_FILES: Record<string, string> = {
  "Cargo.toml": '[package]\nname = "cfix"\nversion = "0.1.0"\nedition = "2021"\n',
  "src/lib.rs": [
    "pub fn add(a: i32, b: i32) -> i32 { a + b }",
    "#[cfg(test)]",
    "mod tests {",
    "    #[test] fn adds() { assert_eq!(super::add(1, 2), 3); }",
    '    #[test] fn adds_wrongly() { assert_eq!(super::add(2, 2), 5, "Expected 5"); }',
    '    #[test] fn colour() { assert!(std::env::var_os("NO_COLOR").is_none()); }',
    "    #[test] #[ignore] fn later() {}",
    "}",
    "",
  ].join("\n"),
};

function readCargoTest(text: string): Tally {
  let passed = 0, failed = 0;
  for (const m of text.matchAll(/^test result: \w+\. (\d+) passed; (\d+) failed/gm)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  const failing = [...text.matchAll(/^---- (\S+) stdout ----$/gm)].map((m) => m[1]!).sort();
  return { passed, failed, failing };
}

Deno.test({
  name: "cargo test: Flux's counts and failing tests equal `cargo test` in a plain shell",
  ignore: !hasCargo,
  async fn() {
    const { flux, plain, run } = await bothWays(CARGO_FILES, "cargo test", readCargoTest, names);
    deepEqual(flux, plain, run.output);
    if (CLEAN_ENV) deepEqual(plain, { passed: 2, failed: 1, failing: ["tests::adds_wrongly"] });
  },
});

Deno.test({
  name:
    "monitors.tests.command `npx jest -i`: same counts as the plain shell, argv still the user's",
  ignore: nodeSkip !== null,
  async fn() {
    const links = "nodeModules" in node ? { node_modules: node.nodeModules } : {};
    // A compound script: Flux alone would judge it by its exit code; the command gives test names.
    const files = {
      ...JEST_FILES,
      "package.json": JSON.stringify({ private: true, scripts: { test: "jest -i && echo done" } }),
    };
    const dir = await project(files, links);
    try {
      const run = await runTool("test", dir, { command: "npx jest -i" });
      const expected = CLEAN_ENV
        ? { passed: 4, failed: 1, failing: ["math subtracts wrongly"] }
        : readJest(await plainShell(dir, "npx jest -i"));
      deepEqual(
        { passed: run.counts?.passed, failed: run.counts?.failed, failing: names(run).sort() },
        { ...expected, failing: [...expected.failing].sort() },
        run.output,
      );
      const scriptOnly = await runTool("test", dir);
      equal(scriptOnly.tool, "npm_test");
      equal(scriptOnly.status, "fail");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
