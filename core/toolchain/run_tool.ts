/**
 * Runs the project's tool of a kind (tests, lint, build, typecheck, format) and returns structured
 * results. The tool is chosen from the detected toolchains; the first analyzer whose program is installed
 * is used. Every program goes through runProcess, so an abort stops the whole process tree.
 */
import { runProcess } from "../process/run_process.ts";
import { detectToolchains } from "./detect_toolchains.ts";
import type { ToolAdapter } from "./tool_adapter.ts";
import { toolAdapter } from "./tool_adapters.ts";
import type { TestSelection, Toolchain, ToolKind, ToolRun } from "./types.ts";
import { tail } from "./_util.ts";
import { ensureFluxTmpDir } from "./flux_tmp_dir.ts";
import { pathExists } from "../fs/path_exists.ts";

export { detectToolchains };
export type { Finding, TestSelection, Toolchain, ToolKind, ToolRun } from "./types.ts";

/** Options for {@linkcode runTool}. */
export interface RunToolOptions {
  /** Aborting stops the tool's whole process group; the run resolves with status "unknown". */
  signal?: AbortSignal;
  /** Live stdout/stderr of the tool. */
  onOutput?(chunk: string): void;
  /** Format tools rewrite files when true; false (default) only checks. */
  fix?: boolean;
  /** Use this analyzer ("pytest", "ruff", ...) instead of the detected one. */
  tool?: string;
  /** Stop the tool after this many milliseconds (default: no limit). */
  timeoutMs?: number;
  /** Toolchains already detected, to skip detection. */
  toolchains?: Toolchain[];
  /** Extra environment variables for the tool (a workflow step's `env`). */
  env?: Record<string, string>;
  /** Milliseconds between SIGTERM and SIGKILL when the tool is stopped (default 500). */
  graceMs?: number;
  /** Lower CPU priority for the tool (`nice -n`), for background checks. */
  nice?: number;
  /** Test runners: run only these tests; ignored by a tool whose adapter cannot select. */
  select?: TestSelection;
}

/**
 * A stopped tool gets SIGKILL this soon after SIGTERM: well within the plugin host's cancel grace (1 s),
 * so a test that ignores SIGTERM is gone before the host gives up on the plugin and closes its worker
 * (which would leave the tool running, re-parented to init).
 */
const GRACE_MS = 500;

/** Runs the `kind` tool of `projectDir`; never throws for the tool's own failure. */
export async function runTool(
  kind: ToolKind,
  projectDir: string,
  options: RunToolOptions = {},
): Promise<ToolRun> {
  const chains = options.toolchains ?? await detectToolchains(projectDir);
  const names = options.tool
    ? [options.tool]
    : [...new Set(chains.flatMap((c) => c.tools[kind] ?? []))];
  if (names.length === 0) {
    return unknownRun(
      "none",
      `No ${kind} tool detected (see docs/toolchain.md for what is detected)`,
    );
  }
  const missing: string[] = [];
  for (const name of names) {
    const adapter = toolAdapter(name);
    if (!adapter) {
      return unknownRun(name, `Cannot run tool "${name}": Flux has no analyzer by that name`);
    }
    const run = await runAdapter(adapter, projectDir, options);
    if (run) return run;
    missing.push(name);
  }
  return unknownRun(
    missing[0]!,
    `No ${kind} tool is installed (tried ${missing.join(", ")}): install one to enable this check`,
  );
}

/** Runs one analyzer; null when its program is not installed. */
export async function runAdapter(
  adapter: ToolAdapter,
  projectDir: string,
  options: RunToolOptions = {},
): Promise<ToolRun | null> {
  const tmpDir = await ensureFluxTmpDir(projectDir);
  const reportFile = `${tmpDir}/${adapter.name}-${crypto.randomUUID()}.report`;
  const inv = adapter.invocation({
    projectDir,
    reportFile,
    fix: options.fix ?? false,
    ...(options.select ? { select: options.select } : {}),
  });
  const command = [inv.cmd, ...inv.args];
  if (inv.requires !== undefined && !(await pathExists(inv.requires))) return null;
  try {
    const result = await runProcess(inv.cmd, inv.args, {
      cwd: projectDir,
      ...(inv.env || options.env ? { env: { ...options.env, ...inv.env } } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      graceMs: options.graceMs ?? GRACE_MS,
      ...(options.nice ? { nice: options.nice } : {}),
      ...(options.onOutput ? { onOutput: (chunk: string) => options.onOutput?.(chunk) } : {}),
    });
    if (result.notFound) return null;
    const output = tail(result.stdout + (result.stderr ? "\n" + result.stderr : ""), 64 * 1024);
    const base = { tool: adapter.name, command, output, durationMs: result.durationMs };
    if (result.aborted || result.timedOut) {
      const why = result.aborted ? "cancelled" : "timed out";
      return { ...base, status: "unknown", summary: `${adapter.name} ${why}`, findings: [] };
    }
    const report = await readReport(reportFile);
    try {
      const verdict = adapter.parse({
        projectDir,
        code: result.code,
        stdout: result.stdout,
        stderr: result.stderr,
        report,
        fix: options.fix ?? false,
      });
      return { ...base, ...verdict };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return {
        ...base,
        status: "unknown",
        summary: `Cannot read the output of ${adapter.name}: ${detail}`,
        findings: [],
      };
    }
  } finally {
    await Deno.remove(reportFile).catch(() => {});
  }
}

async function readReport(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

function unknownRun(tool: string, summary: string): ToolRun {
  return { tool, command: [], status: "unknown", summary, findings: [], output: "", durationMs: 0 };
}
