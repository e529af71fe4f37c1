/** `flux tests last|history|slow|flaky|hunt` as a user runs them, on a real store and a real pytest. */
import assert from "node:assert/strict";
import { makeProject, REPO } from "../monitor/_helpers.ts";
import { SessionManager } from "../../core/session/session_manager.ts";

async function flux(dir: string, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `${REPO}/main.ts`, "--project", dir, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("flux tests prints the recorded runs as text and JSON, and hunt reruns one test", async () => {
  const dir = await makeProject({
    "conftest.py": "",
    "tests/test_a.py": "import time\n\n\ndef test_ok():\n    pass\n\n\n" +
      "def test_slow():\n    time.sleep(0.05)\n\n\ndef test_bad():\n    assert 1 == 2\n",
  });
  try {
    const empty = await flux(dir, "tests", "last");
    assert.equal(empty.code, 0);
    assert.match(empty.stdout, /No test runs recorded yet/);

    const sessions = new SessionManager(dir, { retentionDays: 0 });
    sessions.recordTestRun({
      source: "monitor",
      stage: "full",
      tool: "pytest",
      status: "fail",
      contentHash: "abc",
      startedAt: Date.now(),
      durationMs: 500,
      cases: [
        { id: "tests/test_a.py::test_ok", outcome: "passed", durationMs: 1 },
        { id: "tests/test_a.py::test_slow", outcome: "passed", durationMs: 50 },
        {
          id: "tests/test_a.py::test_bad",
          outcome: "failed",
          durationMs: 2,
          message: "assert 1 == 2",
        },
      ],
    });
    sessions.close();

    const last = await flux(dir, "tests", "last", "--json");
    assert.equal(last.code, 0, last.stderr);
    const run = JSON.parse(last.stdout);
    assert.equal(run.results[0].id, "tests/test_a.py::test_bad", "failures first");
    assert.match(
      (await flux(dir, "tests", "last")).stdout,
      /failed {2}tests\/test_a\.py::test_bad/,
    );

    const history = JSON.parse((await flux(dir, "tests", "history", "test_bad", "--json")).stdout);
    assert.equal(history.test, "tests/test_a.py::test_bad");
    assert.deepEqual(history.history.map((h: { outcome: string }) => h.outcome), ["failed"]);

    const slow = JSON.parse((await flux(dir, "tests", "slow", "--json")).stdout);
    assert.equal(slow[0].id, "tests/test_a.py::test_slow");

    const ambiguous = await flux(dir, "tests", "history", "test_");
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /matches 3 tests/);

    const hunt = await flux(dir, "tests", "hunt", "test_bad", "--runs", "3", "--json");
    assert.equal(hunt.code, 0, hunt.stderr);
    assert.deepEqual(JSON.parse(hunt.stdout), {
      test: "tests/test_a.py::test_bad",
      runs: 3,
      failed: 3,
      failureRate: 1,
    });
    const after = JSON.parse((await flux(dir, "tests", "history", "test_bad", "--json")).stdout);
    assert.equal(after.history.length, 4, "each hunt run is recorded");
    assert.equal(after.history[0].stage, "hunt");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
