/**
 * What Flux will really run for each kind of tool in a project, without running anything: the analyzer
 * `runTool` would pick (the first whose program is installed), its full command line with the program
 * as it will be found (the venv's `ruff`, the package's `bin` file), and config overrides
 * (`monitors.tests.command`, a monitor's `tool`). `flux doctor` prints it.
 */
import { commandAdapter } from "./custom_command.ts";
import { detectToolchains } from "./detect_toolchains.ts";
import { isReadOnly } from "./run_tool.ts";
import type { ToolAdapter } from "./tool_adapter.ts";
import { toolAdapter } from "./tool_adapters.ts";
import { TOOL_KINDS, type Toolchain, type ToolKind } from "./types.ts";

/** One kind's plan. `program` is null when nothing tried is installed. */
export interface PlannedTool {
  kind: ToolKind;
  /** The analyzer, or the names tried when none is installed. */
  tool: string;
  /** The command line, with `<report>` for the report file. */
  command: string[];
  /** The program's path as found (absolute), or null when missing. */
  program: string | null;
  /** "monitors.tests.command", "tried ruff, pylint", ... */
  note?: string;
  /** When nothing is installed: the programs tried ("ruff", "pylint"). */
  tried?: string[];
}

/** Overrides from `.flux/config.yaml`: per kind, a tool name or a command. */
export interface PlannedToolsOptions {
  toolchains?: Toolchain[];
  tool?: Partial<Record<ToolKind, string>>;
  command?: Partial<Record<ToolKind, string>>;
}

/** The plan of every kind the project has a tool for. */
export async function plannedTools(
  projectDir: string,
  options: PlannedToolsOptions = {},
): Promise<PlannedTool[]> {
  const chains = options.toolchains ?? await detectToolchains(projectDir);
  const plans: PlannedTool[] = [];
  for (const kind of TOOL_KINDS) {
    const command = options.command?.[kind];
    if (command) {
      plans.push({
        ...plan(kind, commandAdapter(command), projectDir),
        note: `config: "${command}"`,
      });
      continue;
    }
    const forced = options.tool?.[kind];
    const names = forced ? [forced] : [...new Set(chains.flatMap((c) => c.tools[kind] ?? []))];
    if (names.length === 0) continue;
    const tried = names.map((n) => toolAdapter(n)).filter((a): a is ToolAdapter => a !== undefined);
    const found = tried.map((a) => plan(kind, a, projectDir)).find((p) => p.program !== null);
    if (found) {
      const writes = isReadOnly(found.tool)
        ? {}
        : { note: "may write files: runs only in workflows" };
      plans.push({ ...found, ...writes });
    } else {
      plans.push({
        kind,
        tool: names.join(", "),
        command: [],
        program: null,
        note: `not installed (tried ${names.join(", ")})`,
        tried: tried.map((a) => programName(a, projectDir)),
      });
    }
  }
  return plans;
}

/** The name of the program an adapter starts (its bin's name for a project's own Node tool). */
function programName(adapter: ToolAdapter, projectDir: string): string {
  const inv = adapter.invocation({ projectDir, reportFile: "<report>", fix: false });
  const path = inv.requires ?? inv.cmd;
  return path.slice(path.lastIndexOf("/") + 1);
}

function plan(kind: ToolKind, adapter: ToolAdapter, projectDir: string): PlannedTool {
  const inv = adapter.invocation({ projectDir, reportFile: "<report>", fix: false });
  const installed = inv.requires === undefined || exists(inv.requires);
  return {
    kind,
    tool: adapter.name,
    command: [inv.cmd, ...inv.args],
    program: installed ? which(inv.cmd, projectDir) : null,
  };
}

/** The absolute path `cmd` runs as (a path as it is, a bare name from PATH), or null. */
export function which(cmd: string, cwd: string): string | null {
  if (cmd.includes("/")) {
    const path = cmd.startsWith("/") ? cmd : `${cwd}/${cmd}`;
    return exists(path) ? path : null;
  }
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (dir === "") continue;
    try {
      const info = Deno.statSync(`${dir}/${cmd}`);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return `${dir}/${cmd}`;
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
