/** End-to-end: a failed step says what failed in words; `--json` keeps everything. */
import { assert, assertEquals, assertMatch } from "./_assert.ts";
import { FLUX_ROOT, makeProject } from "./_helpers.ts";

async function flux(dir: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `${FLUX_ROOT}/main.ts`, "--project", dir, ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

const CI = `ci:
  steps:
    - name: tests
      step_type: tool
      tool_name: run_tests
      continue_on_error: true
    - name: shell
      step_type: command
      command: "echo progress; echo 'fatal: the thing went wrong' >&2; exit 3"
`;

Deno.test("flux wf run shows failing test names (10, then how many more) and a command's stderr, never raw JSON", async () => {
  const tests = Array.from(
    { length: 12 },
    (_, i) => `Deno.test("case ${i}", () => {\n  throw new Error("broken ${i}");\n});\n`,
  ).join("");
  const dir = await makeProject({
    ".flux/workflows.yaml": CI,
    "deno.json": "{}\n",
    "math_test.ts": tests,
  });
  try {
    const run = await flux(dir, ["wf", "run", "ci", "-q"]);
    assertEquals(run.code, 1, run.stderr);
    assertMatch(run.stdout, /✗ \[1\/2\] tests failed \(\d+\.\ds\): 12 tests, 12 failed\n/);
    for (let i = 0; i < 10; i++) {
      assertMatch(
        run.stdout,
        new RegExp(`^ {4}math_test\\.ts:\\d+:\\d+ case ${i}: Error: broken ${i}$`, "m"),
      );
    }
    assert(!run.stdout.includes("case 10:"), run.stdout);
    assertMatch(run.stdout, /^ {4}… and 2 more$/m);
    assertMatch(
      run.stdout,
      /✗ \[2\/2\] shell failed \(\d+\.\ds\): exit code 3\n {4}fatal: the thing went wrong\n/,
    );
    assert(!run.stdout.includes("progress"), "-q hides the streamed output");
    assert(!/[{[]"/.test(run.stdout), `no raw JSON:\n${run.stdout}`);
    assert(!run.stdout.includes(".flux/tmp"), `no report path:\n${run.stdout}`);

    const json = JSON.parse((await flux(dir, ["wf", "run", "ci", "--json"])).stdout) as {
      results: {
        step: string;
        result: { data: { findings?: unknown[] }; details?: { lines: string[] } };
      }[];
    };
    const tests12 = json.results.find((r) => r.step === "tests")!;
    assertEquals(tests12.result.data.findings?.length, 12);
    assertEquals(tests12.result.details?.lines.length, 11);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
