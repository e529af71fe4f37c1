/**
 * End-to-end: a `tool: run_tests` step takes the tests monitor's verdict when the monitor's last whole run
 * was on the same content, and runs the suite when the content changed or with --force.
 */
import { assert, assertEquals, assertMatch } from "./_assert.ts";
import { FLUX_ROOT, makeProject } from "./_helpers.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { contentHash } from "../../core/toolchain/content_hash.ts";

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

/** Records what the tests monitor records after a whole run, on the project's content now. */
async function monitorRan(dir: string, status: "ok" | "fail"): Promise<void> {
  const { hash } = await contentHash(dir);
  const store = new SessionManager(dir);
  try {
    store.loadLastSession() ?? store.startNewSession();
    store.recordTestRun({
      source: "monitor",
      stage: "full",
      tool: "deno_test",
      status,
      contentHash: hash,
      startedAt: Date.now(),
      durationMs: 900,
      cases: [
        { id: "math_test.ts::adds", outcome: "passed" },
        status === "ok"
          ? { id: "math_test.ts::subtracts", outcome: "passed" }
          : { id: "math_test.ts::subtracts", outcome: "failed", message: "Error: off by one" },
      ],
    });
  } finally {
    store.close();
  }
}

const CI = `ci:
  steps:
    - name: tests
      step_type: tool
      tool_name: run_tests
`;

Deno.test("a run_tests step reuses the tests monitor's verdict on the same content, not on changed content", async () => {
  const dir = await makeProject({
    ".flux/workflows.yaml": CI,
    "deno.json": "{}\n",
    "math_test.ts": 'Deno.test("adds", () => {});\nDeno.test("subtracts", () => {});\n',
  });
  try {
    await monitorRan(dir, "ok");
    const reused = await flux(dir, ["wf", "run", "ci", "--explain"]);
    assertEquals(reused.code, 0, reused.stderr + reused.stdout);
    assertMatch(
      reused.stdout,
      /↷ \[1\/1\] tests reused the tests monitor's run from \d\d:\d\d\n/,
    );
    assertMatch(
      reused.stdout,
      /tests +skipped: reused the tests monitor's run from \d\d:\d\d on the same content \(content hash [0-9a-f]+\): 2 tests passed/,
    );

    const forced = await flux(dir, ["wf", "run", "ci", "--force", "--json"]);
    const forcedResult = JSON.parse(forced.stdout) as {
      results: {
        status: string;
        result: { reusedMonitorRun?: unknown; data?: { counts?: unknown } };
      }[];
    };
    assertEquals(forcedResult.results[0]?.status, "success");
    assertEquals(forcedResult.results[0]?.result.reusedMonitorRun, undefined);
    assert(forcedResult.results[0]?.result.data?.counts !== undefined, "--force ran deno test");

    await Deno.writeTextFile(`${dir}/math_test.ts`, 'Deno.test("adds", () => {});\n');
    const changed = await flux(dir, ["wf", "run", "ci", "--json"]);
    const changedResult = JSON.parse(changed.stdout) as typeof forcedResult;
    assertEquals(changedResult.results[0]?.result.reusedMonitorRun, undefined);
    assertEquals(changedResult.results[0]?.result.data?.counts, {
      total: 1,
      passed: 1,
      failed: 0,
      skipped: 0,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a failing monitor verdict on the same content fails the step with the failing test names", async () => {
  const dir = await makeProject({
    ".flux/workflows.yaml": CI,
    "deno.json": "{}\n",
    "math_test.ts": 'Deno.test("adds", () => {});\nDeno.test("subtracts", () => {});\n',
  });
  try {
    await monitorRan(dir, "fail");
    const run = await flux(dir, ["wf", "run", "ci", "-q"]);
    assertEquals(run.code, 1, run.stderr);
    assertMatch(
      run.stdout,
      /✗ \[1\/1\] tests failed \(\d+\.\ds\): 2 tests, 1 failed \(reused the tests monitor's run from \d\d:\d\d\)\n {4}math_test\.ts::subtracts: Error: off by one\n/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
