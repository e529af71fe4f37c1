import assert from "node:assert/strict";
import { denoTestSplit, runDenoTestSplit } from "./deno_test_split.ts";
import { runTool } from "./run_tool.ts";
import type { ToolRun } from "./types.ts";

const SELECT = { files: ["src/calc_test.ts"] };

async function project(files: Record<string, string>): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_split_" }));
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(`${dir}/${path}`.replace(/\/[^/]+$/, ""), { recursive: true });
    await Deno.writeTextFile(`${dir}/${path}`, text);
  }
  return dir;
}

function commands(dir: string): { check: string[]; run: string[] } | null {
  const split = denoTestSplit(dir, SELECT);
  if (!split) return null;
  const ctx = { projectDir: dir, reportFile: `${dir}/.flux/tmp/r`, fix: false, select: SELECT };
  const check = split.check.invocation(ctx);
  const run = split.run.invocation(ctx);
  return { check: [check.cmd, ...check.args], run: [run.cmd, ...run.args] };
}

Deno.test("denoTestSplit() gives deno check the flags that change the check, and splits only flags it knows", async () => {
  const dir = await project({ "deno.json": "{}\n" });
  try {
    assert.deepEqual(commands(dir), {
      check: ["deno", "check", "--allow-import", "src/calc_test.ts"],
      run: [
        "deno",
        "test",
        "--no-check",
        "-A",
        "--permit-no-files",
        "--reporter=dot",
        `--junit-path=${dir}/.flux/tmp/r`,
        "src/calc_test.ts",
      ],
    });
    const task = async (command: string) =>
      await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify({ tasks: { test: command } }));
    await task(
      "deno test --allow-read=. -c deno.json --unstable-kv --parallel --lock=deno.lock src/",
    );
    assert.deepEqual(commands(dir)?.check, [
      "deno",
      "check",
      "-c",
      "deno.json",
      "--unstable-kv",
      "--lock=deno.lock",
      "src/calc_test.ts",
    ]);
    assert.deepEqual(commands(dir)?.run.slice(0, 8), [
      "deno",
      "test",
      "--no-check",
      "--allow-read=.",
      "-c",
      "deno.json",
      "--unstable-kv",
      "--parallel",
    ]);
    // What type-checks differently, or a flag Flux does not know: one plain `deno test`.
    for (
      const command of [
        "deno test -A --no-check",
        "deno test -A --check=all",
        "deno test -A --doc",
        "deno test -A --some-new-flag",
        "deno test -A src/ -- --port 8080",
        "deno test -A && echo done",
        "deno run -A test.ts",
      ]
    ) {
      await task(command);
      assert.equal(commands(dir), null, command);
    }
    await task("deno test -A");
    assert.equal(denoTestSplit(dir, {}), null, "no files selected");
    assert.equal(denoTestSplit(dir, { related: ["src/calc.ts"] }), null, "no test files selected");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("denoTestSplit() reads each flag's value as deno test does: --conditions, --lock, --env-file, --coverage-threshold", async () => {
  const dir = await project({ "deno.json": "{}\n" });
  const flux = ["--reporter=dot", `--junit-path=${dir}/.flux/tmp/r`, "src/calc_test.ts"];
  try {
    const split = async (command: string) => {
      await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify({ tasks: { test: command } }));
      return commands(dir);
    };
    assert.deepEqual(await split("deno test -A --conditions dev src/"), {
      check: ["deno", "check", "--conditions", "dev", "--allow-import", "src/calc_test.ts"],
      run: ["deno", "test", "--no-check", "-A", "--conditions", "dev", ...flux],
    });
    assert.deepEqual(await split("deno test -A --lock=x.lock src/"), {
      check: ["deno", "check", "--lock=x.lock", "--allow-import", "src/calc_test.ts"],
      run: ["deno", "test", "--no-check", "-A", "--lock=x.lock", ...flux],
    });
    assert.deepEqual(await split("deno test -R --lock x.lock src/"), {
      check: ["deno", "check", "--lock", "x.lock", "src/calc_test.ts"],
      run: ["deno", "test", "--no-check", "-R", "--lock", "x.lock", ...flux],
    });
    // `--lock` without a value takes the next word that is not a flag: never put a test file there.
    assert.deepEqual(await split("deno test -R --lock"), {
      check: ["deno", "check", "src/calc_test.ts", "--lock"],
      run: ["deno", "test", "--no-check", "-R", "--lock", ...flux],
    });
    assert.deepEqual(await split("deno test -A --env-file=.env src/"), {
      check: ["deno", "check", "--allow-import", "src/calc_test.ts"],
      run: ["deno", "test", "--no-check", "-A", "--env-file=.env", ...flux],
    });
    // `--env-file` takes its value only after "=": the test file that follows is a path.
    assert.deepEqual(await split("deno test -A --env-file src/calc_test.ts"), {
      check: ["deno", "check", "--allow-import", "src/calc_test.ts"],
      run: ["deno", "test", "--no-check", "-A", "--env-file", ...flux],
    });
    // The threshold's value is read as its own (never a path); a selection then leaves the threshold and
    // its coverage out: a threshold is about the whole suite (deno_test.ts).
    assert.deepEqual(await split("deno test -A --coverage=cov --coverage-threshold 80 src/"), {
      check: ["deno", "check", "--allow-import", "src/calc_test.ts"],
      run: ["deno", "test", "--no-check", "-A", ...flux],
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const CALC_TEST = `import { add } from "./calc.ts";\n\n` +
  `Deno.test("add", () => {\n  if (add(1, 2) !== 3) throw new Error("add is wrong");\n});\n` +
  `Deno.test("zero", () => {\n  if (add(0, 0) !== 0) throw new Error("zero is wrong");\n});\n`;

/** What a verdict says that must not depend on how the run was made. */
function verdict(run: ToolRun) {
  return {
    status: run.status,
    summary: run.summary,
    findings: run.findings.map((f) => ({ ...f })),
    cases: (run.cases ?? []).map((c) => ({ id: c.id, outcome: c.outcome, message: c.message })),
  };
}

Deno.test("a split deno test gives the verdict of the plain deno test: passing, a failing test, a type error that also fails at run time", async () => {
  const dir = await project({
    "deno.json": "{}\n",
    "src/calc_test.ts": CALC_TEST,
    "src/other_test.ts": `Deno.test("other", () => {});\n`,
  });
  const calcs = {
    passing: "export const add = (a: number, b: number): number => a + b;\n",
    failing: "export const add = (a: number, b: number): number => a - b;\n",
    // Fails the check, and would fail `add` at run time too: deno test says it did not compile.
    "type error": "export const add = (a: number, b: number): number => `${a}${b}`;\n",
  };
  try {
    const expected = {
      passing: ["ok", "2 tests passed"],
      failing: ["fail", "2 tests, 1 failed"],
      "type error": ["fail", "tests did not compile: 1 error"],
    };
    for (const [name, calc] of Object.entries(calcs)) {
      // A fresh comment each time: deno's type-check cache never has the content yet.
      const stamp = `// ${name} ${crypto.randomUUID()}\n`;
      await Deno.writeTextFile(`${dir}/src/calc.ts`, stamp + calc);
      const split = await runDenoTestSplit(dir, { select: SELECT });
      assert.ok(split, name);
      assert.match(split.command.join(" "), /^deno check .* & deno test --no-check /, name);
      const plain = await runTool("test", dir, { tool: "deno_test", select: SELECT });
      assert.deepEqual(verdict(split), verdict(plain), name);
      assert.deepEqual([split.status, split.summary], expected[name as keyof typeof expected]);
    }
    const left = [];
    for await (const e of Deno.readDir(`${dir}/.flux/tmp`)) {
      if (e.name !== ".gitignore") left.push(e.name);
    }
    assert.deepEqual(left, [], "no report or scratch file is left");
    const top = [];
    for await (const e of Deno.readDir(dir)) top.push(e.name);
    assert.deepEqual(top.sort(), [".flux", "deno.json", "src"], "nothing written in the project");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a split deno test that is cancelled says so, like the plain run", async () => {
  const dir = await project({
    "deno.json": "{}\n",
    "src/calc.ts": "export const add = (a: number, b: number): number => a + b;\n",
    "src/calc_test.ts":
      `Deno.test("slow", async () => {\n  await new Promise((r) => setTimeout(r, 60_000));\n});\n`,
  });
  try {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 1500);
    const run = await runDenoTestSplit(dir, { select: SELECT, signal: abort.signal });
    assert.equal(run?.status, "unknown");
    assert.equal(run?.summary, "deno_test cancelled");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A project whose tests pass only under `--conditions dev` (a package's conditional export) or with `.env`. */
const FLAGGED = {
  "deno.json": JSON.stringify({ nodeModulesDir: "manual" }),
  "package.json": JSON.stringify({ dependencies: { "cond-pkg": "1.0.0" } }),
  "node_modules/cond-pkg/package.json": JSON.stringify({
    name: "cond-pkg",
    version: "1.0.0",
    exports: { ".": { types: "./index.d.ts", dev: "./dev.js", default: "./prod.js" } },
  }),
  "node_modules/cond-pkg/index.d.ts": "export declare const mode: string;\n",
  "node_modules/cond-pkg/dev.js": `export const mode = "dev";\n`,
  "node_modules/cond-pkg/prod.js": `export const mode = "prod";\n`,
  ".env": "FLUX_FLAG=from-env\n",
  "src/mode_test.ts": `import { mode } from "cond-pkg";\n\n` +
    `Deno.test("mode", () => {\n  if (mode !== "dev") throw new Error(\`mode is \${mode}\`);\n});\n`,
  "src/env_test.ts": `Deno.test("env", () => {\n` +
    `  if (Deno.env.get("FLUX_FLAG") !== "from-env") throw new Error("no .env");\n});\n`,
  "src/other_test.ts": `Deno.test("other", () => {\n  throw new Error("not selected");\n});\n`,
};

Deno.test("a split deno test and the plain run give the verdict of the user's own command for tasks with --conditions dev and --env-file", async () => {
  const dir = await project(FLAGGED);
  const cases = [
    // The task, the selected file, and the command a user types for that file.
    ["deno test -A --conditions dev src/", "src/mode_test.ts", "-A --conditions dev"],
    ["deno test -A --env-file src/", "src/env_test.ts", "-A --env-file"],
  ];
  try {
    for (const [test, file, flags] of cases) {
      await Deno.writeTextFile(
        `${dir}/deno.json`,
        JSON.stringify({ nodeModulesDir: "manual", tasks: { test } }),
      );
      const own = await new Deno.Command("deno", {
        args: ["test", ...flags!.split(" "), file!],
        cwd: dir,
        stdout: "null",
        stderr: "null",
      }).output();
      assert.equal(own.code, 0, `${test}: the user's own command passes`);
      const select = { files: [file!] };
      const split = await runDenoTestSplit(dir, { select });
      assert.ok(split, `${test} splits`);
      const plain = await runTool("test", dir, { tool: "deno_test", select });
      assert.deepEqual(verdict(split), verdict(plain), test);
      assert.deepEqual([split.status, split.summary], ["ok", "1 test passed"], test);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
