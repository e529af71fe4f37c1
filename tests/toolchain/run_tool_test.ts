/** runTool and detectToolchains on real projects in temp dirs, with the real tools. */
import { deepEqual, equal, match, ok } from "node:assert/strict";
import { detectToolchains, runTool } from "../../core/toolchain/run_tool.ts";
import { runProcess } from "../../core/process/run_process.ts";

async function withDir(files: Record<string, string>, fn: (dir: string) => Promise<void>) {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_run_tool_" }));
  try {
    for (const [name, text] of Object.entries(files)) {
      const path = `${dir}/${name}`;
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      await Deno.writeTextFile(path, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function hasTool(cmd: string, versionArg = "--version"): Promise<boolean> {
  const r = await runProcess(cmd, [versionArg]).catch(() => null);
  return r !== null && !r.notFound && r.code === 0;
}

const hasCargo = await hasTool("cargo");
const hasGo = await hasTool("go", "version");

Deno.test("detectToolchains() finds deno, node tools, python, go and rust from their files", async () => {
  await withDir({
    "deno.json": "{}",
    "package.json": JSON.stringify({
      scripts: { test: "vitest run", build: "vite build" },
      devDependencies: { vitest: "1", eslint: "9", typescript: "5", prettier: "3" },
    }),
    "tsconfig.json": "{}",
    "pyproject.toml": "[tool.ruff]\nline-length = 100\n",
    "go.mod": "module example.com/x\n",
    "Cargo.toml": '[package]\nname = "x"\n',
  }, async (dir) => {
    const chains = await detectToolchains(dir);
    deepEqual(chains.map((c) => c.name), ["deno", "node", "python", "go", "rust"]);
    deepEqual(chains[1]?.tools, {
      test: ["vitest"],
      lint: ["eslint"],
      typecheck: ["tsc"],
      build: ["npm_build"],
      format: ["prettier"],
    });
    deepEqual(chains[2]?.tools, {
      test: ["pytest"],
      lint: ["ruff"],
      build: ["compileall"],
      format: ["ruff_format"],
    });
  });
});

Deno.test("detectToolchains() finds a bare python project and ignores npm's placeholder test", async () => {
  await withDir({
    "tests/test_x.py": "def test_x():\n    pass\n",
    "package.json": JSON.stringify({
      scripts: { test: 'echo "Error: no test specified" && exit 1' },
    }),
  }, async (dir) => {
    const chains = await detectToolchains(dir);
    deepEqual(chains.map((c) => [c.name, c.tools.test]), [["node", undefined], ["python", [
      "pytest",
    ]]]);
    deepEqual(chains[1]?.tools.lint, ["ruff", "pylint"]);
  });
});

Deno.test("runTool() is unknown with a clear summary when nothing is detected", async () => {
  await withDir({ "README.md": "hi" }, async (dir) => {
    const run = await runTool("test", dir);
    equal(run.status, "unknown");
    match(run.summary, /^No test tool detected/);
  });
});

Deno.test("runTool() tries the next analyzer when one is not installed", async () => {
  await withDir({
    "package.json": JSON.stringify({ devDependencies: { eslint: "9", "@biomejs/biome": "2" } }),
  }, async (dir) => {
    const run = await runTool("lint", dir);
    equal(run.status, "unknown");
    equal(
      run.summary,
      "No lint tool is installed (tried eslint, biome): install one to enable this check",
    );
  });
});

Deno.test("runTool() runs deno test passing, then failing with the failed test named", async () => {
  await withDir({
    "deno.json": "{}",
    "math_test.ts": 'Deno.test("adds", () => { if (1 + 1 !== 2) throw new Error("bad"); });\n',
  }, async (dir) => {
    const chunks: string[] = [];
    const pass = await runTool("test", dir, { onOutput: (c) => chunks.push(c) });
    equal(pass.status, "ok");
    equal(pass.tool, "deno_test");
    deepEqual(pass.counts, { total: 1, passed: 1, failed: 0, skipped: 0 });
    ok(chunks.join("").length > 0);
    await Deno.writeTextFile(
      `${dir}/math_test.ts`,
      'Deno.test("adds", () => { throw new RangeError("Expected 2, got 3"); });\n',
    );
    const fail = await runTool("test", dir);
    equal(fail.status, "fail");
    deepEqual(fail.findings, [{
      message: "RangeError: Expected 2, got 3",
      name: "adds",
      file: "math_test.ts",
      severity: "error",
      line: 1,
      column: 33,
    }]);
    // Report files are removed after reading; only the folder's own .gitignore (of *) stays.
    const left = (await Array.fromAsync(Deno.readDir(`${dir}/.flux/tmp`))).map((e) => e.name);
    deepEqual(left, [".gitignore"]);
    equal(
      await Deno.readTextFile(`${dir}/.flux/tmp/.gitignore`),
      "# Written by Flux: scratch files, never committed.\n*\n",
    );
  });
});

Deno.test("runTool() aborts a test run and leaves no process behind", async () => {
  const marker = `flux_abort_${crypto.randomUUID().slice(0, 8)}`;
  await withDir({
    "conftest.py": "",
    "test_slow.py":
      `import subprocess\n\ndef test_slow():\n    subprocess.run(["sh", "-c", "sleep 30; echo ${marker}"])\n`,
  }, async (dir) => {
    const controller = new AbortController();
    const running = runTool("test", dir, { signal: controller.signal });
    const processTable = async () => (await runProcess("ps", ["-eo", "pid,args"])).stdout;
    const deadline = Date.now() + 15_000;
    while (!(await processTable()).includes(marker) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    ok((await processTable()).includes(marker), "the test's shell never started");
    controller.abort();
    const run = await running;
    equal(run.status, "unknown");
    equal(run.summary, "pytest cancelled");
    await new Promise((r) => setTimeout(r, 300));
    ok(!(await processTable()).includes(marker), "a process of the aborted run is left");
  });
});

Deno.test("runTool() format checks with deno fmt, and fixes with fix: true", async () => {
  await withDir({ "deno.json": "{}\n", "a.ts": "export const x   = 1\n" }, async (dir) => {
    const check = await runTool("format", dir);
    equal(check.status, "fail");
    deepEqual(check.findings.map((f) => f.file), ["a.ts"]);
    const fix = await runTool("format", dir, { fix: true });
    equal(fix.status, "ok", fix.summary);
    equal(await Deno.readTextFile(`${dir}/a.ts`), "export const x = 1;\n");
  });
});

Deno.test("runTool() runs python -m compileall as the python build", async () => {
  await withDir({ "setup.py": "", "pkg/bad.py": "def f(:\n    pass\n" }, async (dir) => {
    const run = await runTool("build", dir);
    equal(run.status, "fail");
    deepEqual(run.findings.map((f) => [f.file, f.line, f.name]), [[
      "pkg/bad.py",
      1,
      "SyntaxError",
    ]]);
    // Bytecode went to .flux/tmp, not next to the sources.
    deepEqual(await Array.fromAsync(Deno.readDir(`${dir}/pkg`), (e) => e.name), ["bad.py"]);
  });
});

const CARGO_LIB = `pub fn add(a: i32, b: i32) -> i32 { a + b }

#[cfg(test)]
mod tests {
    #[test]
    fn adds() { assert_eq!(super::add(2, 2), 4); }
    #[test]
    fn fails() { assert_eq!(super::add(2, 2), 5, "Expected 5"); }
}
`;

Deno.test({
  name: "runTool() runs cargo test and cargo build (needs cargo)",
  ignore: !hasCargo,
  async fn() {
    await withDir({
      "Cargo.toml": '[package]\nname = "fluxcargo"\nversion = "0.1.0"\nedition = "2021"\n',
      "src/lib.rs": CARGO_LIB,
      // An integration test binary with a test of the same name as one in the library.
      "tests/it.rs": "#[test]\nfn adds() { assert_eq!(fluxcargo::add(1, 1), 2); }\n",
    }, async (dir) => {
      const test = await runTool("test", dir);
      equal(test.status, "fail", test.output);
      // As plain `cargo test`: the failing library tests stop the run before the integration tests.
      equal(test.summary, "2 tests, 1 failed");
      equal(test.findings[0]?.name, "tests::fails");
      equal(test.findings[0]?.file, "src/lib.rs");
      equal(test.findings[0]?.line, 8);
      match(test.findings[0]?.message ?? "", /Expected 5/);
      await Deno.writeTextFile(`${dir}/src/lib.rs`, 'pub fn add() -> i32 { "x" }\n');
      const build = await runTool("build", dir);
      equal(build.status, "fail");
      equal(build.findings[0]?.name, "E0308");
      equal(build.findings[0]?.file, "src/lib.rs");
    });
  },
});

Deno.test({
  name: "runTool() runs go test -json (needs go)",
  ignore: !hasGo,
  async fn() {
    await withDir({
      "go.mod": "module example.com/fluxgo\n\ngo 1.19\n",
      "a.go": "package fluxgo\n\nfunc Add(a, b int) int { return a - b }\n",
      "a_test.go":
        'package fluxgo\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(2, 2) != 4 {\n\t\tt.Errorf("Expected 4, got %d", Add(2, 2))\n\t}\n}\n',
    }, async (dir) => {
      const run = await runTool("test", dir);
      equal(run.status, "fail");
      deepEqual(run.findings.map((f) => [f.name, f.file, f.line, f.message]), [
        ["TestAdd", "a_test.go", 7, "Expected 4, got 0"],
      ]);
    });
  },
});

const hasRuff = await hasTool("ruff");

Deno.test({
  name: "runTool() runs ruff check and ruff format --check (needs ruff)",
  ignore: !hasRuff,
  async fn() {
    await withDir({
      "pyproject.toml": '[tool.ruff]\nlint.select = ["F"]\n',
      "auth.py": "import os\n\n\ndef login(user):\n    return 401\n",
      "utils.py": "x = [1,2,\n  3]\n",
    }, async (dir) => {
      const lint = await runTool("lint", dir);
      equal(lint.tool, "ruff");
      deepEqual(lint.findings.map((f) => [f.file, f.line, f.name]), [["auth.py", 1, "F401"]]);
      const format = await runTool("format", dir);
      equal(format.tool, "ruff_format");
      deepEqual(format.findings.map((f) => f.file), ["utils.py"]);
      const names = await Array.fromAsync(Deno.readDir(dir), (e) => e.name);
      ok(!names.includes(".ruff_cache"), "ruff wrote its cache into the project");
    });
  },
});

Deno.test({
  name: "runTool() runs pytest with the project's .venv interpreter when there is one",
  ignore: !(await hasTool("python3")),
  fn: async () => {
    const python = (await runProcess("sh", ["-c", "command -v python3"])).stdout.trim();
    await withDir({
      "pytest.ini": "[pytest]\npythonpath = .\n",
      "calc.py": "def add(a, b):\n    return a + b\n",
      "tests/test_calc.py": "from calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n",
      // A venv interpreter that leaves a mark, then runs the machine's Python.
      ".venv/bin/python":
        `#!/bin/sh\necho used > "$(dirname "$0")/../../venv-used"\nexec ${python} "$@"\n`,
    }, async (dir) => {
      await Deno.chmod(`${dir}/.venv/bin/python`, 0o755);
      const run = await runTool("test", dir);
      equal(run.tool, "pytest");
      equal(run.status, "ok", run.output);
      equal(run.command[0], `${dir}/.venv/bin/python`);
      equal((await Deno.readTextFile(`${dir}/venv-used`)).trim(), "used");
    });
  },
});
