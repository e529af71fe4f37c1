import assert from "node:assert/strict";
import { denoTest, parseDenoTest } from "./deno_test.ts";
import { runTool } from "./run_tool.ts";
import { adapterSelects } from "./tool_adapter.ts";

/** The flags a selection of `src/a_test.ts` passes for the task `deno test <words>` (Flux's own left out). */
async function selectionFlags(words: string, background = false): Promise<string[]> {
  const dir = await Deno.makeTempDir({ prefix: "flux_deno_test_" });
  try {
    await Deno.writeTextFile(
      `${dir}/deno.json`,
      JSON.stringify({ tasks: { test: `deno test ${words}` } }),
    );
    const args = denoTest.invocation({
      projectDir: dir,
      reportFile: "/r",
      fix: false,
      select: { files: ["src/a_test.ts"] },
      ...(background ? { background } : {}),
    }).args;
    const end = args.indexOf("--");
    return (end < 0 ? args : args.slice(0, end)).filter((word) =>
      !["test", "--reporter=dot", "--junit-path=/r", "src/a_test.ts"].includes(word)
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a selection keeps each flag's value with its flag and drops the task's paths, as deno test reads them", async () => {
  const cases: [string, string[]][] = [
    ["-A --conditions dev src/", ["-A", "--conditions", "dev"]],
    ["--shard 1/2 --retry 2 --preload setup.ts src/", [
      "--shard",
      "1/2",
      "--retry",
      "2",
      "--preload",
      "setup.ts",
    ]],
    ["--lock=x.lock src/", ["--lock=x.lock"]],
    ["--lock x.lock src/", ["--lock", "x.lock"]],
    ["--lock -A src/", ["--lock", "-A"]],
    ["--env-file=.env src/", ["--env-file=.env"]],
    // `--env-file` takes its value only after "=": the next word is a test file.
    ["--env-file src/a_test.ts", ["--env-file"]],
    ["-c deno.json --filter adds src/ test/", ["-c", "deno.json", "--filter", "adds"]],
    ["-A src/ -- --port 8080", ["-A"]],
    // A coverage threshold is about the whole suite: a selection leaves it out, with the coverage.
    ["-A --coverage --coverage-threshold 80 src/", ["-A"]],
    ["-A --coverage=cov --coverage-threshold=80 --clean src/", ["-A", "--clean"]],
  ];
  for (const [task, flags] of cases) assert.deepEqual(await selectionFlags(task), flags, task);
  assert.deepEqual(await selectionFlags("-A --coverage src/", true), ["-A"]);
});

Deno.test("a background run of the whole suite writes its coverage beside its report, not into the project", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_deno_test_" });
  const args = async (test: string, background: boolean) => {
    await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify({ tasks: { test } }));
    return denoTest.invocation({ projectDir: dir, reportFile: "/t/r", fix: false, background })
      .args;
  };
  try {
    const flux = ["--reporter=dot", "--junit-path=/t/r"];
    for (const coverage of ["--coverage", "--coverage=cov"]) {
      assert.deepEqual(
        await args(`deno test -A ${coverage} --coverage-threshold 80 src/`, true),
        ["test", "-A", "--coverage=/t/r.coverage", "--coverage-threshold", "80", "src/", ...flux],
      );
      // Asked for (a workflow step, `flux tests`): the task as written.
      assert.deepEqual(
        await args(`deno test -A ${coverage} src/`, false),
        ["test", "-A", coverage, "src/", ...flux],
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("denoTest.invocation() gives a selection the task's flag values and keeps its -- args last", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_deno_test_" });
  const invocation = async (test: string, select?: { files: string[] }) => {
    await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify({ tasks: { test } }));
    return denoTest.invocation({
      projectDir: dir,
      reportFile: "/r",
      fix: false,
      ...(select ? { select } : {}),
    }).args;
  };
  const select = { files: ["src/a_test.ts"] };
  const flux = ["--reporter=dot", "--junit-path=/r"];
  try {
    assert.deepEqual(await invocation("deno test -A --conditions dev src/", select), [
      "test",
      "-A",
      "--conditions",
      "dev",
      ...flux,
      "src/a_test.ts",
    ]);
    assert.deepEqual(await invocation("deno test -A --env-file src/", select), [
      "test",
      "-A",
      "--env-file",
      ...flux,
      "src/a_test.ts",
    ]);
    assert.deepEqual(await invocation("deno test -A src/ -- --port 8080", select), [
      "test",
      "-A",
      ...flux,
      "src/a_test.ts",
      "--",
      "--port",
      "8080",
    ]);
    // No selection: the task as written, Flux's reporter flags before its `-- args`.
    assert.deepEqual(await invocation("deno test -A src/ -- --port 8080"), [
      "test",
      "-A",
      "src/",
      ...flux,
      "--",
      "--port",
      "8080",
    ]);
    assert.deepEqual(await invocation("deno test src/ -A --lock"), [
      "test",
      "src/",
      "-A",
      "--lock",
      ...flux,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseDenoTest() tells a command line deno refused from tests that did not compile (real deno)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_deno_usage_" });
  try {
    await Deno.writeTextFile(`${dir}/a_test.ts`, 'Deno.test("a", () => {});\n');
    for (
      const [args, said] of [
        [["--conditions"], "a value is required for '--conditions' but none was supplied"],
        [["--bogus-flag", "a_test.ts"], "unexpected argument '--bogus-flag' found"],
        [
          ["--coverage-threshold=80", "a_test.ts"],
          "the following required arguments were not provided: --coverage",
        ],
      ] as const
    ) {
      const run = await new Deno.Command(Deno.execPath(), {
        args: ["test", ...args],
        cwd: dir,
        env: { NO_COLOR: "1" },
      }).output();
      const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
      const verdict = parseDenoTest({
        code: run.code,
        stdout: text(run.stdout),
        stderr: text(run.stderr),
        report: null,
        projectDir: dir,
        fix: false,
      });
      assert.equal(verdict.status, "fail");
      assert.equal(verdict.summary, `deno test refused its arguments: ${said}`);
      assert.deepEqual(verdict.findings, []);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a test task ending with a flag that lacks its value runs as written and fails as in the shell (real deno)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_deno_dangling_" });
  try {
    await Deno.writeTextFile(
      `${dir}/deno.json`,
      JSON.stringify({ tasks: { test: "deno test -A --conditions" } }),
    );
    await Deno.writeTextFile(`${dir}/a_test.ts`, 'Deno.test("a", () => {});\n');
    const shell = await new Deno.Command(Deno.execPath(), { args: ["task", "test"], cwd: dir })
      .output();
    assert.equal(shell.code, 1, "deno refuses the task");
    // Flux's own flags after it would become its value (`--conditions --reporter=dot`) and the run pass.
    assert.deepEqual(denoTest.invocation({ projectDir: dir, reportFile: "/r", fix: false }).args, [
      "task",
      "test",
    ]);
    assert.deepEqual(adapterSelects(denoTest, dir), []);
    const run = await runTool("test", dir, { background: true });
    assert.equal(run.status, "fail");
    assert.equal(
      run.summary,
      "deno test refused its arguments: a value is required for '--conditions' but none was supplied",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
