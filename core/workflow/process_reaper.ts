/**
 * Finds and stops what a workflow started, by a marker in the environment (`FLUX_RUN_MARK`) that every
 * program a command step starts inherits, even one that left its process group. Linux reads `/proc`;
 * elsewhere the reaper finds nothing and the process-group kill of `runProcess` is the only guard.
 */

import { MARK_VARIABLE, watchdogPid } from "../process/child_watchdog.ts";

export { MARK_VARIABLE };

/** Process ids whose environment has `FLUX_RUN_MARK` starting with `prefix`. */
export async function findMarkedProcesses(prefix: string): Promise<number[]> {
  const wanted = new TextEncoder().encode(`${MARK_VARIABLE}=${prefix}`);
  const found: number[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir("/proc"));
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry.name)) continue;
    const pid = Number(entry.name);
    if (pid === Deno.pid) continue;
    let environ: Uint8Array;
    try {
      environ = await Deno.readFile(`/proc/${pid}/environ`);
    } catch {
      continue;
    }
    if (containsEntry(environ, wanted)) found.push(pid);
  }
  return found;
}

/**
 * Waits up to `graceMs` for the marked processes to end (whoever stopped them), then sends SIGKILL to
 * those left and to their groups, and waits until they are gone (at most one more second after the
 * kill). The kill is always sent once the grace period is over, however long a scan of `/proc` takes on
 * a busy machine; one that appears after it is killed too. Resolves to the pids killed (those still
 * there when it gives up included).
 */
export async function reapMarked(prefix: string, graceMs: number): Promise<number[]> {
  const deadline = performance.now() + graceMs;
  const killed = new Set<number>();
  let giveUpAt = Infinity;
  while (true) {
    const left = await findMarkedProcesses(prefix);
    if (left.length === 0) return [...killed];
    const now = performance.now();
    if (now >= deadline) {
      const fresh = left.filter((pid) => !killed.has(pid));
      if (fresh.length > 0) {
        killMarked(fresh);
        for (const pid of fresh) killed.add(pid);
        giveUpAt = now + 1000;
      } else if (now >= giveUpAt) return [...killed];
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * At the end of a run that nobody stopped: what is still marked (a `setsid sleep 300 &` of a step) gets
 * SIGTERM, then SIGKILL after `graceMs`. Resolves to the pids that were left, once they are gone.
 */
export async function stopMarked(prefix: string, graceMs: number): Promise<number[]> {
  const left = await findMarkedProcesses(prefix);
  if (left.length === 0) return left;
  killMarked(left, "SIGTERM");
  await reapMarked(prefix, graceMs);
  return left;
}

/** `signal` (SIGKILL unless told) for each pid and its process group, at once. */
export function killMarked(pids: number[], signal: Deno.Signal = "SIGKILL"): void {
  for (const pid of pids) {
    for (const target of [-pid, pid]) {
      try {
        Deno.kill(target, signal);
      } catch {
        // Gone already, or not a group leader.
      }
    }
  }
}

/**
 * Sends SIGKILL to the process group of every direct child of this process (each program Flux starts
 * leads its own group), the watchdog of `guardChildren()` excepted. Linux only.
 */
export async function killChildGroups(): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir("/proc"));
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry.name)) continue;
    let stat: string;
    try {
      stat = await Deno.readTextFile(`/proc/${entry.name}/stat`);
    } catch {
      continue;
    }
    // Fields after the command name (in parentheses, which may hold spaces): state, ppid, pgrp, ...
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[1]) !== Deno.pid || Number(entry.name) === watchdogPid()) continue;
    killMarked([Number(entry.name)]);
  }
}

function containsEntry(environ: Uint8Array, wanted: Uint8Array): boolean {
  let start = 0;
  while (start < environ.length) {
    let end = environ.indexOf(0, start);
    if (end === -1) end = environ.length;
    if (end - start >= wanted.length) {
      let same = true;
      for (let i = 0; i < wanted.length; i++) {
        if (environ[start + i] !== wanted[i]) {
          same = false;
          break;
        }
      }
      if (same) return true;
    }
    start = end + 1;
  }
  return false;
}
