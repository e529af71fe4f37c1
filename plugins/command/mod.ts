/**
 * The `command` step: runs `options.command` with `sh -c` in its own process group (so a timeout or a
 * cancellation stops everything it started), streams its output line by line through `ctx.log`, and
 * succeeds when it exits with 0. `output` is stdout and stderr as they came; `data.stdout` is stdout alone
 * (what later steps see as this step's result) when stderr was not empty. The core has already turned context variables into `"$FLUX_..."`
 * references and put their values in `options.env`.
 */
import {
  type ProcessResult,
  runProcess,
  type RunProcessOptions,
} from "../../core/process/run_process.ts";
import { plainArgv } from "./_plain_argv.ts";
import { requestedSandbox } from "../../core/process/os_sandbox.ts";
import type { PluginContext, StepResult } from "../../core/plugin_host/types.ts";

/** Longest output kept in the result (the tail). */
const MAX_OUTPUT_CHARS = 256 * 1024;

/** Runs the step. */
async function run(ctx: PluginContext): Promise<StepResult> {
  const { command, cwd } = ctx.options;
  if (typeof command !== "string" || command.trim() === "") {
    return { success: false, output: "", data: { error: 'The command step has no "command"' } };
  }
  const dir = typeof cwd === "string" ? cwd : ctx.projectDir;
  try {
    if (!(await Deno.stat(dir)).isDirectory) throw new Error("not a folder");
  } catch (error) {
    // Outside the project this plugin may not look, but the shell may still run there.
    if (error instanceof Deno.errors.NotCapable) return await runIn(ctx, command, dir);
    return {
      success: false,
      output: "",
      data: { error: `Cannot run in "${dir}": it is not a folder: fix "cwd"` },
    };
  }
  return await runIn(ctx, command, dir);
}

async function runIn(ctx: PluginContext, command: string, dir: string): Promise<StepResult> {
  const { env, grace_ms: graceMs, shell } = ctx.options;
  const sandbox = requestedSandbox(ctx.options.sandbox);
  let output = "";
  let pending = "";
  const started = performance.now();
  const options: RunProcessOptions = {
    cwd: dir,
    env: stringRecord(env),
    signal: ctx.signal,
    graceMs: typeof graceMs === "number" ? graceMs : 2000,
    // The workflow's `sandbox:`: the core starts the program in the OS sandbox, or refuses it.
    ...(sandbox ? { sandbox } : {}),
    onOutput: (chunk) => {
      output += chunk;
      if (output.length > MAX_OUTPUT_CHARS * 2) output = output.slice(-MAX_OUTPUT_CHARS);
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() ?? "";
      if (lines.length > 0) ctx.log(lines.join("\n") + "\n");
    },
  };
  const result =
    await runDirect(typeof shell === "string" ? undefined : plainArgv(command), options) ??
      await runProcess(typeof shell === "string" ? shell : "sh", ["-c", command], options);
  if (pending) ctx.log(pending);
  const data = {
    exitCode: result.code,
    signal: result.signal,
    durationMs: Math.round(performance.now() - started),
    ...(result.notFound
      ? { error: `Cannot run the shell "${shell ?? "sh"}": it is not installed` }
      : {}),
    ...(result.aborted ? { error: "Stopped" } : {}),
    // Later steps' {prev_step_result} is stdout alone; kept apart only when stderr said something.
    ...(result.stderr ? { stdout: result.stdout.slice(-MAX_OUTPUT_CHARS) } : {}),
    // What a failed step shows in words: the end of what the command said went wrong.
    ...(result.stderr
      ? { stderrTail: result.stderr.slice(-4096) }
      : { outputTail: result.stdout.slice(-4096) }),
  };
  return {
    success: result.code === 0 && !result.aborted && !result.timedOut,
    output: output.length > MAX_OUTPUT_CHARS ? output.slice(-MAX_OUTPUT_CHARS) : output,
    data,
  };
}

/**
 * Starts a plain program call without a shell in between (one process instead of two); `undefined` when it
 * cannot start that way (not found, not executable, a script without `#!`), so the shell runs it and says
 * what is wrong exactly as it would in a terminal.
 */
async function runDirect(
  argv: string[] | undefined,
  options: RunProcessOptions,
): Promise<ProcessResult | undefined> {
  const [program, ...args] = argv ?? [];
  if (program === undefined) return undefined;
  try {
    const result = await runProcess(program, args, options);
    return result.notFound ? undefined : result;
  } catch {
    return undefined;
  }
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

export default { run };
