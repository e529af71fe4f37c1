/**
 * Nothing Flux starts outlives it, even when Flux itself is killed with SIGKILL. Every program Flux starts
 * (through `runProcess`) carries `FLUX_RUN_MARK=flux<pid>/...` in its environment, and so does everything
 * that program starts, a `setsid` grandchild included. {@linkcode guardChildren} starts a watchdog: a tiny
 * `sh` loop, in its own session, that checks once a second whether Flux still runs. When Flux has ended
 * in any way, the watchdog kills every process still carrying this Flux's mark, until none is left.
 * Linux only (it reads `/proc`); elsewhere it exits at once. It watches the process, not a pipe: a pipe
 * belongs to one isolate, and a Deno process may run several (`deno test --parallel` runs test files
 * in threads of one process), so one ending isolate would have set off the reaping for all of them.
 *
 * Why not `setpriv --pdeathsig KILL`: the kernel sends the death signal when the parent *thread* exits, and
 * Deno starts programs from worker threads that end before the process does; it reaches only the direct
 * child, not its process group or a grandchild that called `setsid`; and it needs util-linux.
 */

import { setsidPath } from "./setsid_path.ts";

/** The environment variable carrying the marker. */
export const MARK_VARIABLE = "FLUX_RUN_MARK";

/** The mark prefix of every program this Flux process starts: `flux<pid>/`. */
export function processMark(): string {
  return `flux${Deno.pid}/`;
}

// Polls once a second whether Flux (its parent: pid and start time) still runs; a zombie counts as gone.
// Then kills what carries the mark, up to 50 rounds 0.1 s apart. `grep -z` reads each NUL-separated
// environment entry as a line; one grep covers every process. Only `sleep` is forked while it waits.
const WATCHDOG_SCRIPT = `trap '' HUP INT
p=$PPID
started() { read -r s < /proc/$p/stat || return 1; set -- \${s##*) }; [ "$1" != Z ] || return 1; shift 19; echo "$1"; }
t=$(started) || exit 0
while [ "$(started)" = "$t" ]; do sleep 1; done
i=0
while [ "$i" -lt 50 ]; do
  found=$(grep -lsz "^${MARK_VARIABLE}=$1" /proc/[0-9]*/environ)
  [ -z "$found" ] && exit 0
  for f in $found; do p=\${f#/proc/}; p=\${p%/environ}; kill -KILL -- "-$p" 2>/dev/null; kill -KILL "$p" 2>/dev/null; done
  sleep 0.1
  i=$((i + 1))
done`;

let watchdog: { pid: number } | undefined;

/**
 * Starts this isolate's watchdog once (later calls do nothing; several in one process do no harm). Call it from the main thread of a Flux
 * process that runs programs: `flux wf run`, `flux watch`, the TUI, a `WorkflowExecutor`.
 */
export function guardChildren(): void {
  if (watchdog || Deno.build.os !== "linux") return;
  let child: Deno.ChildProcess;
  // In a session of its own, through `setsid` when there is one (no fork of Flux; see `setsid_path.ts`).
  const setsid = setsidPath();
  const args = ["-c", WATCHDOG_SCRIPT, "flux-watchdog", processMark()];
  try {
    child = new Deno.Command(setsid ?? "sh", {
      args: setsid ? ["sh", ...args] : args,
      // Without Flux's environment: it carries no mark, so no reaper of an outer Flux takes it first.
      clearEnv: true,
      env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
      stdin: "null",
      stdout: "null",
      stderr: "null",
      detached: setsid === undefined,
    }).spawn();
  } catch {
    return; // No `sh`: the process-group kills of `runProcess` remain the guard.
  }
  child.unref();
  watchdog = { pid: child.pid };
}

/** The watchdog's process id, so that clean-ups that kill every child group can spare it. */
export function watchdogPid(): number | undefined {
  return watchdog?.pid;
}
