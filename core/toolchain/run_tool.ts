/**
 * Runs the project's tool of a kind (tests, lint, build, typecheck, format) and returns structured
 * results. The tool is chosen from the detected toolchains; the first analyzer whose program is installed
 * is used. Every program goes through runProcess, so an abort stops the whole process tree.
 */
import { requiredText } from "../api/required.ts";
import type { SandboxGrant } from "../process/os_sandbox.ts";
import { runProcess } from "../process/run_process.ts";
import { detectToolchains } from "./detect_toolchains.ts";
import type { ToolAdapter } from "./tool_adapter.ts";
import { toolAdapter } from "./tool_adapters.ts";
import type { TestSelection, Toolchain, ToolKind, ToolRun } from "./types.ts";
import { coverageDir, stripAnsi, tail } from "./_util.ts";
import { commandAdapter } from "./custom_command.ts";
import { NO_WRITE } from "./no_write_flags.ts";
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
  /** A background check (a monitor's): see `ToolContext.background`. */
  background?: boolean;
  /** Test runners: run only these tests; ignored by a tool whose adapter cannot select. */
  select?: TestSelection;
  /**
   * pytest: run the whole suite under `coverage` with a context per test, writing this data file (a
   * path under `.flux/tmp`); ignored by other tools and with a selection.
   */
  coverageData?: string;
  /**
   * The user's own command for this kind (`monitors.tests.command`), run as written; only the reporter
   * flags of a runner Flux knows are added.
   */
  command?: string;
  /**
   * Only tools that never write to the working tree (`readOnly` in the no-write table): a background
   * check must not run a build script.
   */
  readOnly?: boolean;
  /**
   * Runs the tool in the OS sandbox of this grant (a workflow's `sandbox:`); the project's `.flux/tmp`,
   * where the tool's report goes, is added to its write folders.
   */
  sandbox?: SandboxGrant;
}

/**
 * A stopped tool gets SIGKILL this soon after SIGTERM: well within the plugin host's cancel grace (1 s),
 * so a test that ignores SIGTERM is gone before the host gives up on the plugin and closes its worker
 * (which would leave the tool running, re-parented to init).
 */
const GRACE_MS = 500;

/**
 * A background check asks no tool to look for its own updates: npm's and the `update-notifier` package's
 * checks talk to the registry, and their notice (a box on stderr, "ava update check failed" when the
 * sandbox keeps ~/.config read-only) would be read as the run's last words.
 */
const QUIET_BACKGROUND_ENV: Readonly<Record<string, string>> = {
  NO_UPDATE_NOTIFIER: "1",
  npm_config_update_notifier: "false",
};

/** Runs the `kind` tool of `projectDir`; never throws for the tool's own failure. */
export async function runTool(
  kind: ToolKind,
  projectDir: string,
  options: RunToolOptions = {},
): Promise<ToolRun> {
  requiredText(kind, "runTool's kind", 'runTool("test", "/project")');
  requiredText(projectDir, "runTool's projectDir", 'runTool("test", "/project")');
  if (options.command !== undefined && options.command.trim() !== "") {
    const run = await runAdapter(commandAdapter(options.command), projectDir, options);
    return run ?? unknownRun("command", `Cannot run "${options.command}": program not found`);
  }
  const chains = options.toolchains ?? await detectToolchains(projectDir);
  const names = options.tool
    ? [options.tool]
    : [...new Set(chains.flatMap((c) => c.tools[kind] ?? []))];
  if (names.length === 0) {
    return unknownRun(
      "none",
      `No ${kind} tool detected (flux help toolchain lists what is detected)`,
    );
  }
  if (options.readOnly) {
    const writers = names.filter((n) => !isReadOnly(n));
    if (writers.length === names.length) {
      return unknownRun(
        writers[0]!,
        `No read-only ${kind} check for this project: ${
          writers.join(", ")
        } may write files, so it runs only in a workflow or when config names it`,
      );
    }
    names.splice(0, names.length, ...names.filter(isReadOnly));
  }
  const missing: string[] = [];
  for (const name of names) {
    const adapter = toolAdapter(name);
    if (!adapter) {
      return unknownRun(name, `Cannot run tool "${name}": Flux has no analyzer by that name`);
    }
    const run = await runAdapter(adapter, projectDir, options);
    if (run) return run;
    const program = programOf(adapter, projectDir);
    missing.push(program === null ? name : `${name} (${program} not found)`);
  }
  return unknownRun(
    names[0]!,
    `No ${kind} tool is installed (tried ${missing.join(", ")}): install one to enable this check`,
  );
}

/**
 * Runs one analyzer, and the one it names in `then` when it passes; null when its program is not
 * installed.
 */
export async function runAdapter(
  adapter: ToolAdapter,
  projectDir: string,
  options: RunToolOptions = {},
): Promise<ToolRun | null> {
  const first = await runOneAdapter(adapter, projectDir, options);
  if (!first || !adapter.then || first.status !== "ok") return first;
  const second = await runOneAdapter(adapter.then, projectDir, options);
  if (!second) return first;
  return {
    ...second,
    command: [...first.command, "&&", ...second.command],
    findings: [...first.findings, ...second.findings],
    output: tail(`${first.output}\n${second.output}`.trim(), OUTPUT_CHARS),
    durationMs: first.durationMs + second.durationMs,
  };
}

/** Characters of a tool's output kept in a ToolRun for people to read (never what a verdict is read from). */
const OUTPUT_CHARS = 64 * 1024;

async function runOneAdapter(
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
    ...(options.coverageData ? { coverageData: options.coverageData } : {}),
    ...(options.background ? { background: true } : {}),
  });
  const command = [inv.cmd, ...inv.args];
  if (inv.requires !== undefined && !(await pathExists(inv.requires))) return null;
  const scratch = Object.entries(inv.files ?? {});
  for (const [path, text] of scratch) {
    if (!path.startsWith(`${tmpDir}/`)) {
      throw new Error(`Adapter "${adapter.name}" wrote outside .flux/tmp`);
    }
    await Deno.writeTextFile(path, text);
  }
  // Stdout is what most verdicts are read from (JSON reporters, `go test -json`): it goes whole into a
  // file, never cut to a tail in memory, so a 6 MB report reads as 6 MB.
  const stdoutFile = `${reportFile}.stdout`;
  const stdoutSink = await Deno.open(stdoutFile, { write: true, createNew: true });
  const encoder = new TextEncoder();
  let stderrChars = 0;
  try {
    const result = await runProcess(inv.cmd, inv.args, {
      cwd: projectDir,
      env: { ...(options.background ? QUIET_BACKGROUND_ENV : {}), ...options.env, ...inv.env },
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      graceMs: options.graceMs ?? GRACE_MS,
      ...(options.nice ? { nice: options.nice } : {}),
      ...(options.sandbox
        ? { sandbox: { ...options.sandbox, write: [...options.sandbox.write, tmpDir] } }
        : {}),
      onOutput: (chunk: string, stream: "stdout" | "stderr") => {
        if (stream === "stdout") writeAllSync(stdoutSink, encoder.encode(chunk));
        else stderrChars += chunk.length;
        options.onOutput?.(chunk);
      },
    });
    stdoutSink.close();
    if (result.notFound) return null;
    const stdout = stripAnsi(await Deno.readTextFile(stdoutFile));
    const stderr = stripAnsi(result.stderr);
    const output = tail(stdout + (stderr ? "\n" + stderr : ""), OUTPUT_CHARS);
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
        stdout,
        stderr,
        report,
        fix: options.fix ?? false,
      });
      // Only the start of a huge stderr is dropped (stdout never is): say so rather than hide it.
      const cut = stderrChars > result.stderr.length ? " (stderr cut to its last 4 MB)" : "";
      const note = inv.note ? ` (${inv.note})` : "";
      return { ...base, ...verdict, summary: verdict.summary + note + cut };
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
    try {
      stdoutSink.close();
    } catch {
      // Closed already.
    }
    // Besides the report: its stdout, go's and tsc's scratch files, the coverage a background run of deno
    // test, vitest or jest collects (coverageDir in _util.ts).
    const made = [
      reportFile,
      stdoutFile,
      `${reportFile}.bin`,
      `${reportFile}.tsbuildinfo`,
      coverageDir(reportFile),
    ];
    for (const path of [...made, ...scratch.map(([p]) => p)]) {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    }
  }
}

function writeAllSync(file: Deno.FsFile, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += file.writeSync(bytes.subarray(done));
}

async function readReport(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** The program on PATH an adapter starts ("pnpm"), or null for a project's own file (its bin). */
function programOf(adapter: ToolAdapter, projectDir: string): string | null {
  const inv = adapter.invocation({ projectDir, reportFile: "", fix: false });
  return inv.requires === undefined && !inv.cmd.includes("/") ? inv.cmd : null;
}

/** True unless the no-write table says the adapter writes by design (a build script, `go build`). */
export function isReadOnly(name: string): boolean {
  return (NO_WRITE as Record<string, { readOnly: boolean }>)[name]?.readOnly !== false;
}

function unknownRun(tool: string, summary: string): ToolRun {
  return { tool, command: [], status: "unknown", summary, findings: [], output: "", durationMs: 0 };
}
