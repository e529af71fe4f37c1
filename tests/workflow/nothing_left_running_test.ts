/**
 * However a `flux wf run` ends (success, failure, timeout, Ctrl-C, a closed terminal, SIGKILL of Flux),
 * nothing its step started is left running: not the `sleep` children in the step's group, and not a
 * `setsid` grandchild that left the group. Each case runs the real CLI and reads the real process table.
 */
import { assert, assertEquals } from "./_assert.ts";
import { FLUX_ROOT, makeProject } from "./_helpers.ts";
import { findMarkedProcesses } from "../../core/workflow/process_reaper.ts";

type Ending = "success" | "failure" | "timeout" | "SIGINT" | "SIGHUP" | "SIGKILL";

const ENDINGS: Record<Ending, { tail: string; timeout?: number; code: number | null }> = {
  success: { tail: "sleep 0.5; exit 0", code: 0 },
  failure: { tail: "sleep 0.5; exit 3", code: 1 },
  timeout: { tail: "wait", timeout: 2, code: 1 },
  SIGINT: { tail: "wait", code: 130 },
  SIGHUP: { tail: "wait", code: 130 },
  SIGKILL: { tail: "wait", code: null },
};

for (const [ending, how] of Object.entries(ENDINGS) as [Ending, typeof ENDINGS[Ending]][]) {
  Deno.test(`flux wf run leaves nothing running after ${ending}, setsid grandchildren included`, async () => {
    const command =
      `sleep 300 & echo $! >> pids; sleep 300 & echo $! >> pids; setsid sleep 300 & echo $! >> pids; ${how.tail}`;
    const dir = await makeProject({
      ".flux/workflows.yaml": `leave:
  steps:
    - name: spawn
      step_type: command
      command: "${command}"
${how.timeout ? `      timeout: ${how.timeout}\n` : ""}`,
    });
    try {
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--quiet",
          `${FLUX_ROOT}/main.ts`,
          "--project",
          dir,
          "wf",
          "run",
          "leave",
        ],
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).spawn();
      const out = new Response(child.stdout).text();
      const err = new Response(child.stderr).text();
      const mark = `flux${child.pid}/`;
      // The step's three children are up (and carry the run's mark) before the run is ended.
      let pids: number[] = [];
      while (pids.length < 3 || !(await allAlive(pids))) {
        await new Promise((r) => setTimeout(r, 20));
        pids = await readPids(`${dir}/pids`);
      }
      const marked = await findMarkedProcesses(mark);
      for (const pid of pids) assert(marked.includes(pid), `${pid} carries ${mark}`);
      if (ending === "SIGINT" || ending === "SIGHUP" || ending === "SIGKILL") child.kill(ending);
      const [status, stdout, stderr] = await Promise.all([child.status, out, err]);
      assertEquals(status.code === 137 ? null : status.code, how.code, stdout + stderr);
      // After SIGKILL the watchdog does the work, a moment after Flux is gone: give it time (busy machine).
      const deadline = performance.now() + (ending === "SIGKILL" ? 20_000 : 0);
      let left = await findMarkedProcesses(mark);
      while (left.length > 0 && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        left = await findMarkedProcesses(mark);
      }
      assertEquals(left, [], `still running with ${mark}: ${left.join(", ")}\n${stdout}${stderr}`);
      for (const pid of pids) assert(!(await alive(pid)), `${pid} still runs`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

async function readPids(file: string): Promise<number[]> {
  try {
    return (await Deno.readTextFile(file)).split("\n").filter((l) => /^\d+$/.test(l)).map(Number);
  } catch {
    return [];
  }
}

async function allAlive(pids: number[]): Promise<boolean> {
  for (const pid of pids) if (!(await alive(pid))) return false;
  return true;
}

/** Alive and not a zombie waiting for its parent. */
async function alive(pid: number): Promise<boolean> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}
