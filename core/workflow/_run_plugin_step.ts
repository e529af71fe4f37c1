/**
 * Runs one plugin step (`command`, `tool`, `notify`, a user's step type) through the step runner, with its
 * context variables, retries and backoff. Never throws: a plugin error is a failed attempt.
 */
import {
  fillValue,
  rewriteCommand,
  type VariableLookup,
  variableName,
} from "./context_variables.ts";
import { MARK_VARIABLE, reapMarked } from "./process_reaper.ts";
import type { StepRunner } from "./step_runner.ts";
import type { StepStatus } from "./workflow_result.ts";
import type { PlannedStep } from "./workflow_plan.ts";

/** Longest value put in one environment variable (Linux refuses a single one over 128 KiB). */
export const MAX_VARIABLE_CHARS = 100_000;

/** What the executor hands over. */
export interface PluginStepContext {
  runner: StepRunner;
  projectDir: string;
  workflow: string;
  signal: AbortSignal;
  graceMs: number;
  env: Record<string, string>;
  outcomes: ReadonlyMap<string, { status: StepStatus; output: string }>;
  prev?: { output: string; success: boolean };
  onLine: (line: string) => void;
  /** Value of `FLUX_RUN_MARK` for what this step starts, ending in "/". */
  mark: string;
}

/** How the step went, over all its attempts. */
export interface PluginStepOutcome {
  success: boolean;
  output: string;
  data?: unknown;
  error?: string;
  attempts: number;
  /** The last attempt hit the step's `timeout`. */
  timedOut: boolean;
  /** What later steps see as this step's output: stdout of a command, else the output. */
  value: string;
}

/** Runs `step` up to `retry.attempts` times, waiting `backoff` seconds (doubling) between tries. */
export async function runPluginStep(
  step: PlannedStep,
  ctx: PluginStepContext,
): Promise<PluginStepOutcome> {
  const values = contextValues(ctx);
  const options = stepOptions(step, ctx, values);
  let outcome: PluginStepOutcome = {
    success: false,
    output: "",
    attempts: 0,
    timedOut: false,
    value: "",
  };
  for (let attempt = 1; attempt <= step.retry.attempts; attempt++) {
    if (attempt > 1) {
      const wait = step.retry.backoffMs * 2 ** (attempt - 2);
      ctx.onLine(
        `↻ retrying "${step.name}" (attempt ${attempt}/${step.retry.attempts}) in ${wait / 1000}s`,
      );
      if (!await sleep(wait, ctx.signal)) break;
    }
    outcome = { ...await attempt1(step, options, ctx), attempts: attempt };
    if (outcome.success || ctx.signal.aborted) break;
  }
  return outcome;
}

async function attempt1(
  step: PlannedStep,
  options: Record<string, unknown>,
  ctx: PluginStepContext,
): Promise<Omit<PluginStepOutcome, "attempts">> {
  const timer = new AbortController();
  const timeout = step.timeoutMs === undefined
    ? undefined
    : setTimeout(() => timer.abort(), step.timeoutMs);
  const signal = step.timeoutMs === undefined
    ? ctx.signal
    : AbortSignal.any([ctx.signal, timer.signal]);
  try {
    return { ...await call(step, options, ctx, signal), timedOut: timer.signal.aborted };
  } finally {
    clearTimeout(timeout);
  }
}

async function call(
  step: PlannedStep,
  options: Record<string, unknown>,
  ctx: PluginStepContext,
  signal: AbortSignal,
): Promise<Omit<PluginStepOutcome, "attempts" | "timedOut">> {
  let pending = "";
  const onLog = (text: string) => {
    const lines = (pending + text).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) ctx.onLine(line);
  };
  try {
    const value: unknown = await ctx.runner.runStep(step.type, {
      options,
      signal,
      onLog,
      // The host's deadline is only a backstop behind the step's own timeout; without one a step may run
      // as long as it needs (0: no deadline), and the workflow timeout or Ctrl-C still stops it.
      timeoutMs: step.timeoutMs === undefined ? 0 : step.timeoutMs + ctx.graceMs + 10_000,
    });
    if (pending) ctx.onLine(pending);
    if (signal.aborted) await reapMarked(ctx.mark, ctx.graceMs);
    const result = (typeof value === "object" && value !== null ? value : {}) as Record<
      string,
      unknown
    >;
    const output = typeof result.output === "string" ? result.output : "";
    const success = result.success === true;
    const data =
      (typeof result.data === "object" && result.data !== null ? result.data : {}) as Record<
        string,
        unknown
      >;
    return {
      success,
      output,
      value: typeof data.stdout === "string" ? data.stdout : output,
      ...(result.data === undefined ? {} : { data: result.data }),
      ...(success ? {} : { error: failureLine(result.data, output) }),
    };
  } catch (error) {
    if (pending) ctx.onLine(pending);
    if (signal.aborted) await reapMarked(ctx.mark, ctx.graceMs);
    const message = error instanceof Error ? error.message : String(error);
    return { success: false, output: "", value: "", error: message.split("\n")[0] ?? message };
  }
}

/** The options a plugin's `run(ctx)` receives: params (variables filled), step fields, env and cwd. */
function stepOptions(step: PlannedStep, ctx: PluginStepContext, values: VariableLookup) {
  const env: Record<string, string> = {
    ...ctx.env,
    ...fillValue(step.env, values) as Record<string, string>,
    [MARK_VARIABLE]: ctx.mark,
    FLUX_WORKFLOW: ctx.workflow,
    FLUX_STEP: step.name,
    FLUX_PROJECT_DIR: ctx.projectDir,
    FLUX_PREV_STEP_RESULT: values.get("prev_step_result") ?? "",
    FLUX_PREV_STEP_SUCCESS: values.get("prev_step_success") ?? "",
  };
  const options: Record<string, unknown> = {
    ...fillValue(step.params, values) as Record<string, unknown>,
    name: step.name,
    step_type: step.type,
    cwd: step.cwd === undefined
      ? ctx.projectDir
      : step.cwd.startsWith("/")
      ? step.cwd
      : `${ctx.projectDir}/${step.cwd}`,
    grace_ms: ctx.graceMs,
    env,
  };
  if (step.toolName !== undefined) options.tool_name = step.toolName;
  if (step.sandbox) {
    options.sandbox = {
      write: step.sandbox.write.map((w) => w === "." ? ctx.projectDir : `${ctx.projectDir}/${w}`),
      network: step.sandbox.network,
    };
  }
  if (step.command !== undefined) {
    const { command, variables } = rewriteCommand(step.command);
    for (const name of variables) env[variableName(name)] = values.get(name) ?? "";
    options.command = command;
  }
  return options;
}

/**
 * The context variables of a step, computed when a placeholder asks for one: building every
 * `steps.NAME.*` value for every step made each step of a long workflow cost more than the one before.
 */
export function contextValues(
  ctx: Pick<PluginStepContext, "workflow" | "projectDir" | "prev" | "outcomes">,
): VariableLookup {
  const cap = (text: string) =>
    text.length > MAX_VARIABLE_CHARS ? text.slice(-MAX_VARIABLE_CHARS) : text;
  const prev = cap(trimEnd(ctx.prev?.output ?? ""));
  const fixed = new Map<string, string>([
    ["workflow.name", ctx.workflow],
    ["project_dir", ctx.projectDir],
    ["prev_step_result", prev],
    ["prev_step_output", prev],
    ["prev_step_success", ctx.prev ? String(ctx.prev.success) : ""],
  ]);
  return {
    get(name) {
      const known = fixed.get(name);
      if (known !== undefined) return known;
      const match = /^steps\.(.+)\.(output|success|outcome)$/.exec(name);
      const outcome = match ? ctx.outcomes.get(match[1] ?? "") : undefined;
      if (!match || !outcome) return undefined;
      if (match[2] === "output") return cap(trimEnd(outcome.output));
      return match[2] === "success" ? String(outcome.status === "success") : outcome.status;
    },
  };
}

function trimEnd(text: string): string {
  return text.replace(/\r?\n$/, "");
}

function failureLine(data: unknown, output: string): string {
  const d = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  if (typeof d.error === "string") return d.error;
  if (typeof d.summary === "string") return d.summary;
  if (typeof d.exitCode === "number") return `exit code ${d.exitCode}`;
  const last = output.trim().split("\n").pop();
  return last ? last.slice(0, 200) : "failed";
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
