/**
 * Runs an external program in its own process group so that a timeout, an abort or Ctrl-C stops the whole
 * tree it started (SIGTERM, then SIGKILL after a grace period). Every Flux component that starts a program
 * (command steps, tool runners, monitors, the plugin sandbox) goes through here. Inside a plugin's worker
 * the program is handed to the core (see `process_broker.ts`), which runs it through here in turn. Each
 * program carries `FLUX_RUN_MARK` (see `child_watchdog.ts`), so that whatever it leaves behind, even
 * outside its group, is found and stopped when its run or Flux ends.
 */
import { requiredList, requiredText } from "../api/required.ts";
import { MARK_VARIABLE, processMark } from "./child_watchdog.ts";
import { processBroker } from "./process_broker.ts";
import { sandboxArgs, type SandboxGrant, sandboxNotFound } from "./os_sandbox.ts";
import { setsidPath } from "./setsid_path.ts";

/** Options for {@linkcode runProcess}. */
export interface RunProcessOptions {
  /** Working directory. */
  cwd?: string;
  /**
   * Extra environment variables, merged over the inherited environment unless `clearEnv`. Its
   * `FLUX_RUN_MARK`, when given, marks the program (a workflow step's mark); otherwise the program gets
   * this process's mark, `flux<pid>/`.
   */
  env?: Record<string, string>;
  clearEnv?: boolean;
  /** Text written to the program's stdin, which is closed afterwards. Without it stdin is null. */
  stdin?: string;
  /** Stops the program (the whole group) when aborted. */
  signal?: AbortSignal;
  /** Milliseconds before the program is stopped; `undefined` or 0 means no limit. */
  timeoutMs?: number;
  /** Milliseconds between SIGTERM and SIGKILL. */
  graceMs?: number;
  /** Called with each chunk of decoded stdout/stderr as it arrives. */
  onOutput?: (chunk: string, stream: "stdout" | "stderr") => void;
  /** Output kept in memory per stream; the oldest part is dropped past it. */
  maxOutputBytes?: number;
  /**
   * Runs the program at this lower CPU priority (`nice -n N`), for background checks that must not slow
   * down what the person is doing. Ignored where `nice` is not installed.
   */
  nice?: number;
  /**
   * Milliseconds output is still read after the program exited, while something it started outside its
   * process group keeps the pipes open; then reading stops. Default 1000.
   */
  drainMs?: number;
  /** Runs the program inside the OS sandbox of this grant (bubblewrap; see `os_sandbox.ts`). */
  sandbox?: SandboxGrant;
}

/** What {@linkcode runProcess} resolves to. A missing program is `{ code: 127, notFound: true }`. */
export interface ProcessResult {
  code: number;
  signal: Deno.Signal | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  aborted: boolean;
  notFound: boolean;
}

const defaults = {
  graceMs: 2000,
  maxOutputBytes: 4 * 1024 * 1024,
  drainMs: 1000,
} satisfies RunProcessOptions;

/** Runs `cmd` with `args` and collects its output; never throws for the program's own failure. */
export async function runProcess(
  cmd: string,
  args: string[],
  options: RunProcessOptions = {},
): Promise<ProcessResult> {
  requiredText(cmd, "runProcess's cmd", 'runProcess("git", ["status"])');
  requiredList(args, "runProcess's args", 'runProcess("git", ["status"])');
  const broker = processBroker();
  if (broker) return broker(cmd, args, options);
  const opts = { ...defaults, ...options };
  const started = performance.now();
  const env = { ...opts.env, [MARK_VARIABLE]: opts.env?.[MARK_VARIABLE] ?? processMark() };
  let niced = opts.nice !== undefined && opts.nice > 0;
  const setsid = setsidPath();
  const spawn = () => {
    const program = niced ? "nice" : cmd;
    const argv = niced ? ["-n", String(opts.nice), cmd, ...args] : args;
    const [run, runArgs] = opts.sandbox
      ? ["bwrap", sandboxArgs(program, argv, opts.sandbox, opts.cwd)]
      : [program, argv];
    return new Deno.Command(setsid ?? run, {
      args: setsid ? [run, ...runArgs] : runArgs,
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
      env,
      clearEnv: opts.clearEnv ?? false,
      stdin: opts.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
      detached: setsid === undefined,
    }).spawn();
  };
  let child: Deno.ChildProcess;
  try {
    try {
      child = spawn();
    } catch (error) {
      if (!niced || !(error instanceof Deno.errors.NotFound) || setsid) throw error;
      niced = false; // No `nice` on this machine: run at normal priority.
      child = spawn();
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    // The folder to run in is gone (a project deleted under `flux watch`): say so, not "not installed".
    if (opts.cwd !== undefined && !folderExists(opts.cwd)) {
      return missingFolderResult(cmd, opts.cwd, started);
    }
    return notFoundResult(cmd, started);
  }

  let timedOut = false;
  let aborted = false;
  let exited = false;
  // Until `setsid` has made the program a group of its own, the group is not there yet: the process is
  // signalled itself then (never after it exited: its pid may be someone else's by then).
  const stopGroup = () =>
    killGroup(child.pid, opts.graceMs, child.status, () => !exited && setsid !== undefined);
  const onAbort = () => {
    aborted = true;
    stopGroup();
  };
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const timer = opts.timeoutMs
    ? setTimeout(() => {
      timedOut = true;
      stopGroup();
    }, opts.timeoutMs)
    : undefined;

  if (opts.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    writer.write(new TextEncoder().encode(opts.stdin)).then(() => writer.close()).catch(() => {});
  }
  // A program that left its group (`setsid sleep 300 &`) may hold the pipes open after the leader is
  // gone: output is read until the pipes close or `drainMs` after the leader exits, whichever is first.
  const drained = new AbortController();
  // The launchers' own "cannot find the program" line is not the program's output: it is not streamed
  // (the result says "not found" in Flux's words instead).
  const filter = (setsid || niced) && opts.onOutput
    ? new LauncherLineFilter(opts.onOutput)
    : undefined;
  const streamed = filter ? { ...opts, onOutput: filter.onOutput } : opts;
  const output = Promise.all([
    collect(child.stdout, "stdout", streamed, drained.signal),
    collect(child.stderr, "stderr", streamed, drained.signal),
  ]);
  const status = await child.status;
  exited = true;
  clearTimeout(timer);
  opts.signal?.removeEventListener("abort", onAbort);
  // The leader is gone; members it left behind (a backgrounded `sleep`) are stopped with it.
  signalGroup(child.pid, "SIGKILL");
  const drainTimer = setTimeout(() => drained.abort(), opts.drainMs);
  const [stdout, stderr] = await output;
  clearTimeout(drainTimer);
  filter?.flush();
  // `setsid` and `nice` exec the program, so only a program they could not find ends in their 127 message.
  const bySetsid = setsid && status.code === 127 ? notFoundLines(stderr, "setsid") : [];
  if (bySetsid.length > 0) {
    // `nice` itself missing: run again at normal priority, as without `setsid`.
    const what = (line: string) => line.replace(LAUNCHER_PREFIX, "");
    if (niced && bySetsid.some((line) => /\bnice\b.*No such file or directory/.test(what(line)))) {
      return runProcess(cmd, args, { ...options, nice: 0 });
    }
    return { ...notFoundResult(cmd, started), stdout };
  }
  if (niced && status.code === 127 && notFoundLines(stderr, "nice").length > 0) {
    return { ...notFoundResult(cmd, started), stdout };
  }
  if (opts.sandbox && status.code === 1 && sandboxNotFound(stderr)) {
    return { ...notFoundResult(cmd, started), stdout };
  }
  return {
    code: status.code,
    signal: status.signal,
    stdout,
    stderr,
    durationMs: performance.now() - started,
    timedOut,
    aborted,
    notFound: false,
  };
}

/** What `setsid` or `nice` print as their first stderr line when the program they start is missing. */
const LAUNCHER_NOT_FOUND = /^(\S*\/)?(setsid|nice): .*No such file or directory/;
/** The lines of `stderr` in which `launcher` said it could not find the program it was to start. */
function notFoundLines(stderr: string, launcher: "setsid" | "nice"): string[] {
  return stderr.split("\n").filter((line) => LAUNCHER_NOT_FOUND.exec(line)?.[2] === launcher);
}

/** How that line starts: while stderr so far could still be it, it is held back. */
const LAUNCHER_PREFIX = /^(\S*\/)?(setsid|nice): /;

/**
 * Streams output without the launcher's not-found line. The line may come in pieces (util-linux writes
 * "setsid: ", the program, the reason apart): stderr that begins like it is held until its first line is
 * whole, then that line is dropped if it is the launcher's and everything else passes on.
 */
class LauncherLineFilter {
  #held: string | undefined = "";
  #onOutput: (chunk: string, stream: "stdout" | "stderr") => void;

  constructor(onOutput: (chunk: string, stream: "stdout" | "stderr") => void) {
    this.#onOutput = onOutput;
  }

  onOutput = (chunk: string, stream: "stdout" | "stderr"): void => {
    if (stream === "stdout" || this.#held === undefined) return this.#onOutput(chunk, stream);
    const text = this.#held + chunk;
    const undecided = !text.includes("\n") &&
      (LAUNCHER_PREFIX.test(text) || "setsid: ".startsWith(text) || "nice: ".startsWith(text));
    if (undecided && text.length < 4096) {
      this.#held = text;
      return;
    }
    this.#held = undefined;
    const end = text.indexOf("\n");
    const first = end < 0 ? text : text.slice(0, end);
    const rest = LAUNCHER_NOT_FOUND.test(first) ? text.slice(first.length + 1) : text;
    if (rest) this.#onOutput(rest, "stderr");
  };

  /** Passes on what is still held when the program has ended (stderr without a newline). */
  flush(): void {
    const held = this.#held;
    this.#held = undefined;
    if (held && !LAUNCHER_NOT_FOUND.test(held)) this.#onOutput(held, "stderr");
  }
}

function folderExists(dir: string): boolean {
  try {
    return Deno.statSync(dir).isDirectory;
  } catch {
    return false;
  }
}

/** Code 126 ("cannot execute"), with the reason in stderr; `notFound` stays for a missing program. */
function missingFolderResult(cmd: string, dir: string, started: number): ProcessResult {
  return {
    code: 126,
    signal: null,
    stdout: "",
    stderr: `Cannot run "${cmd}": the folder "${dir}" does not exist (was it deleted or moved?)`,
    durationMs: performance.now() - started,
    timedOut: false,
    aborted: false,
    notFound: false,
  };
}

function notFoundResult(cmd: string, started: number): ProcessResult {
  return {
    code: 127,
    signal: null,
    stdout: "",
    stderr: `${cmd}: command not found`,
    durationMs: performance.now() - started,
    timedOut: false,
    aborted: false,
    notFound: true,
  };
}

/**
 * Sends SIGTERM to the group led by `pid`, then SIGKILL after `graceMs` unless `exited` settles first.
 * While `orPid()` says so, a group that does not exist yet is replaced by the process `pid` itself.
 */
export function killGroup(
  pid: number,
  graceMs: number,
  exited: Promise<unknown>,
  orPid: () => boolean = () => false,
): void {
  signalGroup(pid, "SIGTERM", orPid());
  const timer = setTimeout(() => signalGroup(pid, "SIGKILL", orPid()), graceMs);
  exited.finally(() => {
    clearTimeout(timer);
    signalGroup(pid, "SIGKILL");
  });
}

/**
 * Signals every process in the group led by `pid`; a group that is already gone is not an error. With
 * `orPid`, a group that is not there signals the process `pid` (a program still on its way to `setsid`).
 */
export function signalGroup(pid: number, signal: Deno.Signal, orPid = false): void {
  try {
    Deno.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left in the group (or none yet).
    if (!orPid) return;
    try {
      Deno.kill(pid, signal);
    } catch {
      // Gone.
    }
  }
}

async function collect(
  stream: ReadableStream<Uint8Array>,
  name: "stdout" | "stderr",
  opts: RunProcessOptions & typeof defaults,
  stop: AbortSignal,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const reader = stream.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  stop.addEventListener("abort", cancel, { once: true });
  for (;;) {
    const { value: chunk, done } = await reader.read();
    if (done) break;
    const part = decoder.decode(chunk, { stream: true });
    opts.onOutput?.(part, name);
    text += part;
    if (text.length > opts.maxOutputBytes) text = text.slice(text.length - opts.maxOutputBytes);
  }
  stop.removeEventListener("abort", cancel);
  return text + decoder.decode();
}
