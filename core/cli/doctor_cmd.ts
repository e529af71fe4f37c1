/**
 * `flux doctor`: what Flux runs on and what it found. Deno version, unstable features in effect, for
 * each toolchain the project uses what Flux will really run (the venv's programs, the project's test
 * script, config overrides) and whether it is installed, `.flux/config.yaml` read by the same readers
 * the commands use, the health of `.flux/sessions.db`, plugins that cannot be used, and whether the
 * project is trusted (and what changed since it was). Exits 1 when
 * the config is wrong, the database is damaged or a plugin has a problem.
 */
import { say } from "./say.ts";
import { DatabaseSync } from "node:sqlite";
import type { Command } from "../deps/commander.ts";
import { printJson, resolveProjectDir, rootOf } from "./cli_context.ts";
import { VERSION } from "../version.ts";
import { detectToolchains } from "../toolchain/detect_toolchains.ts";
import {
  type PlannedTool,
  plannedTools,
  type PlannedToolsOptions,
  which,
} from "../toolchain/planned_tools.ts";
import { configPath, loadConfig } from "../config/load_config.ts";
import { checkConfig } from "../config/check_config.ts";
import { configVocabulary } from "./load_checked_config.ts";
import { monitorSettings } from "../monitor/monitor_settings.ts";
import { notifyConfig } from "../notify/notify_config.ts";
import { PluginHost } from "../plugin_host/plugin_host.ts";
import { workerOptionsEnabled } from "../plugin_host/worker_options.ts";
import { sandboxRuntimeProblem } from "../plugin_host/sandbox_runtime.ts";
import { osSandboxProblem } from "../process/os_sandbox.ts";
import { printable } from "../plugin_host/printable.ts";
import { checkWorkspaceTrust } from "../trust/workspace_trust.ts";

interface DoctorReport {
  flux: string;
  deno: { version: string; v8: string; typescript: string; path: string };
  unstable: { workerOptions: boolean };
  /** Whether plugins that are not built in can run (in `deno run` sandbox subprocesses). */
  sandbox: { ok: boolean; detail: string };
  /** Whether the programs plugins start can run in the OS sandbox (bubblewrap). */
  osSandbox: { ok: boolean; detail: string };
  project: string;
  git: string | null;
  toolchains: {
    name: string;
    markers: string[];
    /** The programs Flux will start for this toolchain, as found (null: missing). */
    programs: { name: string; path: string | null }[];
    /** Per kind, what Flux will really run (config overrides included). */
    tools: PlannedTool[];
  }[];
  /** `.flux/config.yaml` checked as the commands check it; `problems` lists every one. */
  config: { file: string; exists: boolean; ok: boolean; detail: string; problems: string[] };
  database: { path: string; exists: boolean; ok: boolean; detail: string };
  plugins: { found: number; problems: string[] };
  /**
   * The project's lasting workspace trust (what `flux trust` stored or a folder rule), and whether
   * `--trust`/`FLUX_TRUST=1` trusts this one run anyway.
   */
  trust: {
    trusted: boolean;
    via?: string;
    detail?: string;
    /** Untrusted: never trusted (`unseen`), or trusted and then `changed` parts were edited. */
    reason?: "unseen" | "changed";
    changed?: string[];
    thisRun?: "flag" | "environment";
  };
}

/** Registers `flux doctor`. */
export function registerDoctorCommand(program: Command): void {
  program.command("doctor")
    .description("check Deno, unstable features, tools on PATH, the database and plugins")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const root = rootOf(cmd);
      const report = await diagnose(
        resolveProjectDir(root),
        root.opts<{ trust?: boolean }>().trust,
      );
      if (opts.json) printJson(report);
      else print(report);
      const ok = report.database.ok && report.plugins.problems.length === 0 && report.config.ok;
      Deno.exitCode = ok ? 0 : 1;
    });
}

async function diagnose(projectDir: string, trustFlag = false): Promise<DoctorReport> {
  const { config, overrides } = await readConfig(projectDir);
  const toolchains = [];
  for (const chain of await detectToolchains(projectDir)) {
    const tools = await plannedTools(projectDir, { toolchains: [chain], ...overrides });
    const programs = new Map<string, string | null>();
    for (const t of tools) {
      const names = t.command[0]
        ? [t.command[0].slice(t.command[0].lastIndexOf("/") + 1)]
        : t.tried ?? [];
      for (const name of names) {
        if (!programs.has(name) || t.program !== null) programs.set(name, t.program);
      }
    }
    toolchains.push({
      name: chain.name,
      markers: chain.markers,
      programs: [...programs].map(([name, path]) => ({ name, path })),
      tools,
    });
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  const host = new PluginHost(projectDir, { onWarning: (line) => warnings.push(line) });
  let found = 0;
  const sandboxProblem = sandboxRuntimeProblem({
    standalone: Deno.build.standalone,
    denoPath: Deno.execPath(),
    sandboxMain: new URL("../plugin_host/sandbox_main.ts", import.meta.url).href,
    workerOptions: workerOptionsEnabled(),
  });
  try {
    const plugins = await host.discover();
    found = plugins.length;
    for (const p of plugins) if (p.problem !== undefined) problems.push(p.problem);
    const sandboxed = plugins.filter((p) => p.tier === "sandbox" || !workerOptionsEnabled());
    if (sandboxProblem !== undefined && sandboxed.length > 0) {
      const names = sandboxed.map((p) => p.name).join(", ");
      problems.push(`Plugins ${names} cannot start: ${sandboxProblem}`);
    }
  } finally {
    await host.close();
  }
  return {
    flux: VERSION,
    deno: {
      version: Deno.version.deno,
      v8: Deno.version.v8,
      typescript: Deno.version.typescript,
      path: Deno.execPath(),
    },
    unstable: { workerOptions: workerOptionsEnabled() },
    sandbox: sandboxProblem === undefined
      ? {
        ok: true,
        detail: Deno.build.standalone
          ? `this binary re-launched as a subprocess (${Deno.execPath()}), the plugin in a permission-scoped worker`
          : `deno run subprocesses (${Deno.execPath()})`,
      }
      : { ok: false, detail: sandboxProblem },
    osSandbox: osSandboxReport(),
    project: projectDir,
    git: which("git", projectDir),
    toolchains,
    config,
    database: checkDatabase(`${projectDir}/.flux/sessions.db`),
    plugins: { found, problems: [...warnings, ...problems] },
    trust: await trustReport(projectDir, trustFlag),
  };
}

/** The lasting trust of `projectDir` (as `flux trust` reports it), and what trusts this run. */
async function trustReport(projectDir: string, flag: boolean): Promise<DoctorReport["trust"]> {
  const env = (key: string) => key === "FLUX_TRUST" ? undefined : Deno.env.get(key);
  const verdict = await checkWorkspaceTrust(projectDir, { env });
  const thisRun = flag
    ? { thisRun: "flag" as const }
    : Deno.env.get("FLUX_TRUST") === "1"
    ? { thisRun: "environment" as const }
    : {};
  if (verdict.trusted) {
    return {
      trusted: true,
      via: verdict.via,
      ...(verdict.detail === undefined ? {} : { detail: verdict.detail }),
      ...thisRun,
    };
  }
  return { trusted: false, reason: verdict.reason, changed: verdict.changed, ...thisRun };
}

/** The doctor's line about workspace trust. */
function trustLine(trust: DoctorReport["trust"]): string {
  const run = trust.thisRun === "flag"
    ? "; --trust trusts this run only"
    : trust.thisRun === "environment"
    ? "; FLUX_TRUST=1 trusts this run only"
    : "";
  if (trust.trusted) {
    return `workspace trust: trusted (${trust.via}${
      trust.detail ? `: ${trust.detail}` : ""
    })${run}`;
  }
  const why = trust.reason === "changed"
    ? `changed since you trusted it: ${(trust.changed ?? []).join(", ") || "its fingerprint"}`
    : "never trusted";
  return `workspace trust: NOT TRUSTED (${why}): Flux runs none of its code; run "flux trust" to review and trust it${run}`;
}

function osSandboxReport(): DoctorReport["osSandbox"] {
  const problem = osSandboxProblem();
  return problem === undefined
    ? { ok: true, detail: "bubblewrap (programs of plugins write and connect only as granted)" }
    : {
      ok: false,
      detail:
        `${problem}; built-in checks run their programs unsandboxed, other plugins' programs are refused`,
    };
}

/**
 * Reads the config with the readers `flux watch` and the workflows use, so a mistake shows here as it
 * would there; returns the per-kind overrides the monitors will apply.
 */
async function readConfig(
  projectDir: string,
): Promise<{ config: DoctorReport["config"]; overrides: PlannedToolsOptions }> {
  const file = configPath(projectDir);
  try {
    const loaded = await loadConfig(projectDir);
    const problems = checkConfig(loaded, await configVocabulary(projectDir)).map((p) => p.message);
    if (problems.length > 0) {
      const detail = problems.length === 1 ? problems[0]! : `${problems.length} errors`;
      return { config: { file, exists: true, ok: false, detail, problems }, overrides: {} };
    }
    const settings = monitorSettings(loaded);
    notifyConfig(loaded);
    const option = (monitor: string, key: string) => {
      const value = settings.monitors[monitor]?.options?.[key];
      return typeof value === "string" && value !== "" ? value : undefined;
    };
    const tool: PlannedToolsOptions["tool"] = {};
    const command: PlannedToolsOptions["command"] = {};
    const testTool = option("tests", "tool");
    const testCommand = option("tests", "command");
    const lintTool = option("lint", "tool");
    if (testTool) tool.test = testTool;
    if (testCommand) command.test = testCommand;
    if (lintTool) tool.lint = lintTool;
    return {
      config: {
        file,
        exists: loaded.exists,
        ok: true,
        detail: loaded.exists ? "ok" : "not present (defaults apply)",
        problems: [],
      },
      overrides: { tool, command },
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { config: { file, exists: true, ok: false, detail, problems: [detail] }, overrides: {} };
  }
}

function checkDatabase(path: string): DoctorReport["database"] {
  try {
    Deno.statSync(path);
  } catch {
    return { path, exists: false, ok: true, detail: "not created yet" };
  }
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { readOnly: true });
    db.exec("PRAGMA busy_timeout = 5000");
    const rows = db.prepare("PRAGMA integrity_check").all();
    const lines = rows.map((r) => String(Object.values(r as Record<string, unknown>)[0]));
    const ok = lines.length === 1 && lines[0] === "ok";
    return {
      path,
      exists: true,
      ok,
      detail: ok ? "integrity check ok" : lines.slice(0, 3).join("; "),
    };
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    return { path, exists: true, ok: false, detail: `cannot be read (${detail})` };
  } finally {
    db?.close();
  }
}

function print(report: DoctorReport): void {
  const mark = (ok: boolean) => ok ? "ok" : "MISSING";
  say(`Flux ${report.flux} on Deno ${report.deno.version} (${report.deno.path})`);
  say(
    `unstable worker-options: ${
      report.unstable.workerOptions
        ? "on (built-in plugins run in permission-scoped workers)"
        : 'OFF (built-in plugins fall back to sandboxes; start Flux with "deno task flux")'
    }`,
  );
  say(
    `sandbox: ${report.sandbox.ok ? "ok" : "UNAVAILABLE"}: ${report.sandbox.detail}`,
  );
  say(
    `os sandbox: ${report.osSandbox.ok ? "ok" : "UNAVAILABLE"}: ${report.osSandbox.detail}`,
  );
  say(`project: ${report.project}`);
  say(printable(trustLine(report.trust)));
  say(`git: ${report.git ?? "MISSING"}`);
  if (report.toolchains.length === 0) say("toolchains: none detected");
  for (const chain of report.toolchains) {
    const programs = chain.programs.map((p) => `${p.name} ${mark(p.path !== null)}`).join(", ");
    console.log(printable(`toolchain ${chain.name} (${chain.markers.join(", ")}): ${programs}`));
    for (const t of chain.tools) {
      const what = t.program === null
        ? `MISSING: ${t.note ?? t.tool}`
        : `${t.tool}: ${t.command.join(" ")}${t.note ? ` (${t.note})` : ""}`;
      console.log(printable(`  ${t.kind}: ${what}`));
    }
  }
  const config = report.config;
  say(
    printable(`config: ${config.file}: ${config.ok ? config.detail : `ERROR: ${config.detail}`}`),
  );
  if (config.problems.length > 1) {
    for (const problem of config.problems) console.log(printable(`  ${problem}`));
  }
  const db = report.database;
  say(`database: ${db.path}: ${db.ok ? db.detail : `DAMAGED: ${db.detail}`}`);
  say(
    `plugins: ${report.plugins.found} found, ${report.plugins.problems.length} problem(s)`,
  );
  for (const line of report.plugins.problems) console.log(printable(`  ${line}`));
}
