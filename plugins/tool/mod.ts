/**
 * The `tool` step: maps `tool_name` (run_tests, lint, auto_fix, typecheck, build) to the detected
 * toolchain's tool and runs it with `runTool`, the same detection and analyzers the monitors use. The
 * step's environment (its `env`, the run marker the core uses to stop leftovers) reaches the tool.
 */
import { runTool, type ToolKind, type ToolRun } from "../../core/toolchain/run_tool.ts";
import type { PluginContext, StepResult } from "../../core/plugin_host/types.ts";
import { contentHash } from "../../core/toolchain/content_hash.ts";

/** `tool_name` -> tool kind; `auto_fix` runs the formatter in fix mode. */
export const TOOL_KINDS: Record<string, { kind: ToolKind; fix: boolean }> = {
  run_tests: { kind: "test", fix: false },
  lint: { kind: "lint", fix: false },
  auto_fix: { kind: "format", fix: true },
  typecheck: { kind: "typecheck", fix: false },
  build: { kind: "build", fix: false },
};

/** Runs the step. */
async function run(ctx: PluginContext): Promise<StepResult> {
  const name = ctx.options.tool_name;
  const mapped = typeof name === "string" ? TOOL_KINDS[name] : undefined;
  if (!mapped) {
    return {
      success: false,
      data: { error: `Unknown tool "${String(name)}": use ${Object.keys(TOOL_KINDS).join(", ")}` },
    };
  }
  const cwd = typeof ctx.options.cwd === "string" ? ctx.options.cwd : ctx.projectDir;
  const tool = typeof ctx.options.tool === "string" ? ctx.options.tool : undefined;
  // The workflow's grace between SIGTERM and SIGKILL, as for command steps (its host waits long enough).
  const grace = ctx.options.grace_ms;
  // A test step's results are recorded with the content they ran on (see flux tests).
  const startedAt = Date.now();
  const hash = mapped.kind === "test" ? (await contentHash(cwd, ctx.signal)).hash : undefined;
  const result: ToolRun = await runTool(mapped.kind, cwd, {
    signal: ctx.signal,
    fix: mapped.fix,
    ...(typeof grace === "number" ? { graceMs: grace } : {}),
    onOutput: (chunk) => ctx.log(chunk),
    ...(tool ? { tool } : {}),
    ...(isStringRecord(ctx.options.env) ? { env: ctx.options.env } : {}),
  });
  const success = result.status === "ok";
  return {
    success,
    output: `${result.summary}\n${result.output}`.trim(),
    data: {
      tool: result.tool,
      command: result.command,
      status: result.status,
      summary: result.summary,
      findings: result.findings.slice(0, 200),
      durationMs: Math.round(result.durationMs),
      ...(success ? {} : { error: result.summary }),
      ...(result.counts ? { counts: result.counts } : {}),
      ...(hash !== undefined && result.status !== "unknown"
        ? { contentHash: hash, startedAt, cases: result.cases ?? [] }
        : {}),
    },
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null &&
    Object.values(value).every((v) => typeof v === "string");
}

export default { run };
