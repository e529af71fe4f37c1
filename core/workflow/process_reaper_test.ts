import assert from "node:assert/strict";
import { findMarkedProcesses, reapMarked } from "./process_reaper.ts";

const linux = (() => {
  try {
    Deno.statSync("/proc/self/environ");
    return true;
  } catch {
    return false;
  }
})();

Deno.test({
  name:
    "reapMarked() finds marked processes, even ones ignoring SIGTERM, and kills them after the grace period",
  ignore: !linux,
  fn: async () => {
    const mark = `test-${crypto.randomUUID().slice(0, 8)}/step/`;
    const child = new Deno.Command("sh", {
      args: ["-c", "trap '' TERM; sleep 30 & wait"],
      env: { FLUX_RUN_MARK: mark },
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      let found: number[] = [];
      for (let i = 0; i < 100 && found.length < 2; i++) {
        found = await findMarkedProcesses(mark);
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(found.length, 2, "sh and its sleep carry the mark");
      assert.deepEqual(await findMarkedProcesses(`${mark}other`), []);
      const started = performance.now();
      const killed = await reapMarked(mark, 200);
      assert.equal(killed.length, 2);
      assert.ok(performance.now() - started >= 200, "waits for the grace period first");
      assert.deepEqual(await findMarkedProcesses(mark), []);
    } finally {
      await child.status;
    }
  },
});

Deno.test("reapMarked() returns at once when nothing carries the mark", async () => {
  const started = performance.now();
  assert.deepEqual(await reapMarked(`nothing-${crypto.randomUUID()}/`, 60_000), []);
  assert.ok(performance.now() - started < 30_000, "did not wait for the 60 s grace period");
});
