/**
 * Remembers the previous lint run so the lint monitor reports only new issues. The previous set is kept
 * in memory and in `.flux/tmp/lint_state.json`, so a restarted worker does not report old issues again.
 */
import type { MonitorResult } from "../plugin_host/types.ts";
import { diffFindings } from "./diff_findings.ts";
import { findingItem, MAX_ITEMS } from "./tool_monitor_result.ts";
import type { Finding, ToolRun } from "./types.ts";
import { plural, tail } from "./_util.ts";
import { asArray, asRecord, asString } from "./_json.ts";
import { ensureFluxTmpDir } from "./flux_tmp_dir.ts";

/** The lint state of one project. */
export class LintTracker {
  #projectDir: string;
  #stateFile: string;
  #previous: { tool: string; findings: Finding[] } | null = null;

  constructor(projectDir: string) {
    this.#projectDir = projectDir;
    this.#stateFile = `${projectDir}/.flux/tmp/lint_state.json`;
  }

  /** Compares `run` with the previous run, remembers it, and builds the monitor result. */
  async update(run: ToolRun): Promise<MonitorResult> {
    if (run.status === "unknown") {
      return { status: "unknown", summary: run.summary, items: [], data: runData(run) };
    }
    const previous = this.#previous ?? await this.#load();
    const before = previous?.tool === run.tool ? previous.findings : [];
    const { added, resolved } = diffFindings(before, run.findings);
    this.#previous = { tool: run.tool, findings: run.findings };
    await this.#save();
    const total = run.findings.length;
    const summary = total === 0
      ? "no lint issues"
      : added.length > 0
      ? `${plural(added.length, "new lint issue")} (${total} in all)`
      : `${plural(total, "lint issue")}, none new`;
    return {
      status: total > 0 ? "fail" : "ok",
      summary,
      items: added.slice(0, MAX_ITEMS).map(findingItem),
      data: {
        ...runData(run),
        total,
        new: added.length,
        resolved: resolved.length,
        resolvedIssues: resolved.slice(0, MAX_ITEMS).map(findingItem),
        issues: run.findings.slice(0, MAX_ITEMS).map(findingItem),
      },
    };
  }

  async #load(): Promise<{ tool: string; findings: Finding[] } | null> {
    try {
      const raw = asRecord(JSON.parse(await Deno.readTextFile(this.#stateFile)));
      const findings = asArray(raw.findings).map(asRecord).map((f): Finding => {
        const finding: Finding = { message: asString(f.message), severity: "warning" };
        if (typeof f.file === "string") finding.file = f.file;
        if (typeof f.name === "string") finding.name = f.name;
        return finding;
      });
      return { tool: asString(raw.tool), findings };
    } catch {
      return null;
    }
  }

  async #save(): Promise<void> {
    try {
      await ensureFluxTmpDir(this.#projectDir);
      await Deno.writeTextFile(this.#stateFile, JSON.stringify(this.#previous));
    } catch {
      // Not fatal: the in-memory state still works; a restart would report old issues once more.
    }
  }
}

function runData(run: ToolRun): Record<string, unknown> {
  return {
    tool: run.tool,
    command: run.command,
    durationMs: Math.round(run.durationMs),
    output: tail(run.output, 4000),
  };
}
