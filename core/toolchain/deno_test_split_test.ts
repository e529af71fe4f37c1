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
        "deno test -A --env-file .env.test",
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
