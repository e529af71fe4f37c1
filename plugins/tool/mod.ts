/**
 * The `tool` step: maps `tool_name` (run_tests, lint, format, auto_fix, typecheck, build) to the detected
 * toolchain's tool and runs it with `runTool`, the same detection and analyzers the monitors use. The
 * step's environment (its `env`, the run marker the core uses to stop leftovers) reaches the tool.
 */
import { runTool, type ToolKind, type ToolRun } from "../../core/toolchain/run_tool.ts";
import { requestedSandbox } from "../../core/process/os_sandbox.ts";
import type { PluginContext, StepResult } from "../../core/plugin_host/types.ts";
import { contentHash } from "../../core/toolchain/content_hash.ts";
import { changedFiles, fileStamps } from "../../core/toolchain/file_stamps.ts";
import { beginOwnWrites } from "../../core/toolchain/own_writes.ts";

/**
 * `tool_name` -> tool kind; `format` checks formatting (never writes), `auto_fix` runs the formatter in fix
 * mode and lists every file it changed.
 */
export const TOOL_KINDS: Record<string, { kind: ToolKind; fix: boolean }> = {
  run_tests: { kind: "test", fix: false },
  lint: { kind: "lint", fix: false },
  format: { kind: "format", fix: false },
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
  const sandbox = requestedSandbox(ctx.options.sandbox);
  // A writing step (auto_fix) lists every file it changed, and marks them as Flux's, not the person's.
  const writes = mapped.fix ? await beginOwnWrites(ctx.projectDir) : null;
  const before = mapped.fix ? await fileStamps(cwd) : null;
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
    ...(sandbox ? { sandbox } : {}),
  });
  let changed: string[] | null = null;
  if (before) {
    const after = await fileStamps(cwd);
    changed = changedFiles(before, after);
    ctx.log(`${changedSummary(changed)}\n`);
    const prefix = relativePrefix(ctx.projectDir, cwd);
    await writes?.close(
      new Map([...after].map(([f, s]) => [prefix + f, s])),
      changed.map((f) => prefix + f),
    );
  }
  const success = result.status === "ok";
  const changedText = changed === null ? "" : `\n${changedSummary(changed)}`;
  return {
    success,
    output: `${result.summary}${changedText}\n${result.output}`.trim(),
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
      ...(changed === null ? {} : { changedFiles: changed }),
    },
  };
}

/** "Changed 2 files: a.ts, b.ts" (every one of them), or "Changed no files". */
export function changedSummary(files: string[]): string {
  if (files.length === 0) return "Changed no files";
  return `Changed ${files.length} file${files.length === 1 ? "" : "s"}: ${files.join(", ")}`;
}

/** "sub/" when the step ran in `sub` of the project, "" at its root. */
function relativePrefix(projectDir: string, cwd: string): string {
  const base = projectDir.replace(/\/+$/, "");
  return cwd.startsWith(`${base}/`) ? `${cwd.slice(base.length + 1).replace(/\/+$/, "")}/` : "";
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null &&
    Object.values(value).every((v) => typeof v === "string");
}

export default { run };
