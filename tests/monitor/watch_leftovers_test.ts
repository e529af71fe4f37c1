/**
 * `flux watch` leaves nothing running however it ends: Ctrl-C, a closed terminal (SIGHUP) or SIGKILL,
 * while the tests monitor runs a test script that starts `sleep` children and a `setsid` grandchild.
 */
import assert from "node:assert/strict";
import { findMarkedProcesses } from "../../core/workflow/process_reaper.ts";

const MAIN = `${import.meta.dirname}/../../main.ts`;
const CONFIG = `${import.meta.dirname}/../../deno.json`;
const hasNpm = (await new Deno.Command("sh", { args: ["-c", "command -v npm"] }).output()).success;

for (const ending of ["SIGINT", "SIGHUP", "SIGKILL"] as const) {
  Deno.test({
    name: `flux watch leaves no test process running after ${ending}`,
    ignore: !hasNpm || Deno.build.os !== "linux",
    async fn() {
      const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_watch_left_" }));
      await Deno.writeTextFile(
        `${dir}/package.json`,
        JSON.stringify({ name: "left", scripts: { test: "sleep 300 & setsid sleep 300 & wait" } }),
      );
      try {
        const child = new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            "--quiet",
            "--config",
            CONFIG,
            MAIN,
            "--project",
            dir,
            "watch",
            "--only",
            "tests",
          ],
          env: { NO_COLOR: "1" },
          stdout: "null",
          stderr: "piped",
        }).spawn();
        const err = new Response(child.stderr).text();
        const mark = `flux${child.pid}/`;
        // The test script's two sleeps (one in its own session) run and carry the mark.
        const deadline = performance.now() + 120_000;
        while ((await sleeps(mark)).length < 2) {
          assert.ok(performance.now() < deadline, "the test script never started");
          await new Promise((r) => setTimeout(r, 100));
        }
        child.kill(ending);
        const status = await child.status;
        if (ending !== "SIGKILL") assert.equal(status.code, 0, await err);
        // After SIGKILL the watchdog does the work a moment later: give it time on a busy machine.
        const until = performance.now() + 20_000;
        let left = await findMarkedProcesses(mark);
        while (left.length > 0 && performance.now() < until) {
          await new Promise((r) => setTimeout(r, 100));
          left = await findMarkedProcesses(mark);
        }
        assert.deepEqual(left, [], `still running with ${mark}`);
        if (ending === "SIGKILL") await err;
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

/** Marked processes whose command line is `sleep 300`. */
async function sleeps(mark: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of await findMarkedProcesses(mark)) {
    try {
      const cmdline = await Deno.readTextFile(`/proc/${pid}/cmdline`);
      if (cmdline === "sleep\u0000300\u0000") found.push(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}
