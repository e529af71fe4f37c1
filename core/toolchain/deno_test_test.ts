import assert from "node:assert/strict";
import { denoTest, withoutPaths } from "./deno_test.ts";

Deno.test("withoutPaths() keeps each flag's value with its flag and drops the paths, as deno test reads them", () => {
  const cases: [string, string[]][] = [
    ["-A --conditions dev src/", ["-A", "--conditions", "dev"]],
    ["--coverage --coverage-threshold 80 src/", ["--coverage", "--coverage-threshold", "80"]],
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
  ];
  for (const [task, flags] of cases) assert.deepEqual(withoutPaths(task.split(" ")), flags, task);
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
