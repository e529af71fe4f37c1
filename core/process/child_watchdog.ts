/**
 * Nothing Flux starts outlives it, even when Flux itself is killed with SIGKILL. Every program Flux starts
 * (through `runProcess`) carries `FLUX_RUN_MARK=flux<pid>/...` in its environment, and so does everything
 * that program starts, a `setsid` grandchild included. {@linkcode guardChildren} starts one watchdog per
 * Flux process: a tiny `sh` loop, in its own session, that only reads a pipe from Flux. When Flux ends in
 * any way the pipe closes, and the watchdog kills every process still carrying this Flux's mark, until none
 * is left. Linux only (it reads `/proc`); elsewhere the watchdog finds nothing.
 *
 * Why not `setpriv --pdeathsig KILL`: the kernel sends the death signal when the parent *thread* exits, and
 * Deno starts programs from worker threads that end before the process does; it reaches only the direct
 * child, not its process group or a grandchild that called `setsid`; and it needs util-linux.
 */

/** The environment variable carrying the marker. */
export const MARK_VARIABLE = "FLUX_RUN_MARK";

/** The mark prefix of every program this Flux process starts: `flux<pid>/`. */
export function processMark(): string {
  return `flux${Deno.pid}/`;
}

// Waits for EOF on stdin (Flux gone), then kills what carries the mark, up to 50 rounds 0.1 s apart.
// `grep -z` reads each NUL-separated environment entry as a line; one grep covers every process.
const WATCHDOG_SCRIPT = `trap '' HUP INT
while IFS= read -r _; do :; done
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
 * Starts this process's watchdog once (later calls do nothing). Call it from the main thread of a Flux
 * process that runs programs: `flux wf run`, `flux watch`, the TUI, a `WorkflowExecutor`.
 */
export function guardChildren(): void {
  if (watchdog || Deno.build.os !== "linux") return;
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("sh", {
      args: ["-c", WATCHDOG_SCRIPT, "flux-watchdog", processMark()],
      // Without Flux's environment: it carries no mark, so no reaper of an outer Flux takes it first.
      clearEnv: true,
      env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
      stdin: "piped",
      stdout: "null",
      stderr: "null",
      detached: true,
    }).spawn();
  } catch {
    return; // No `sh`: the process-group kills of `runProcess` remain the guard.
  }
  child.unref();
  watchdog = { pid: child.pid };
  // The write end stays open, unwritten, until this process ends; only then does the watchdog act.
  child.stdin.getWriter();
}

/** The watchdog's process id, so that clean-ups that kill every child group can spare it. */
export function watchdogPid(): number | undefined {
  return watchdog?.pid;
}
