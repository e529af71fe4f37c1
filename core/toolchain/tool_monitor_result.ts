/** Turns a {@linkcode ToolRun} into what a monitor's `check(ctx)` returns. */
import type { MonitorItem, MonitorResult } from "../plugin_host/types.ts";
import type { Finding, ToolRun } from "./types.ts";
import { tail } from "./_util.ts";

/** At most this many items go into one result (the summary still counts all of them). */
export const MAX_ITEMS = 200;

/** A finding as a monitor item: message, file, line and test name or rule. */
export function findingItem(
  finding: Finding,
): MonitorItem & { column?: number; fixable?: boolean } {
  const item: MonitorItem & { column?: number; fixable?: boolean } = { message: finding.message };
  if (finding.file !== undefined) item.file = finding.file;
  if (finding.line !== undefined) item.line = finding.line;
  // Kept where the host passes data through (the lint monitor's data.issues): "auth.py:23:1: F401".
  if (finding.line !== undefined && finding.column !== undefined) item.column = finding.column;
  if (finding.name !== undefined) item.name = finding.name;
  if (finding.fixable !== undefined) item.fixable = finding.fixable;
  return item;
}

/** The result of a tests or build monitor: items are the failures, `data` carries counts and the tool. */
export function toolMonitorResult(run: ToolRun): MonitorResult {
  const items = run.findings.filter((f) => f.severity === "error").slice(0, MAX_ITEMS)
    .map(findingItem);
  return {
    status: run.status,
    summary: run.summary,
    items,
    data: {
      tool: run.tool,
      command: run.command,
      durationMs: Math.round(run.durationMs),
      ...(run.counts ? { counts: run.counts } : {}),
      findings: run.findings.length,
      output: tail(run.output, 4000),
    },
  };
}

/** Reads a string option. */
export function stringOption(options: Record<string, unknown>, key: string): string | undefined {
  const value = options[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Reads a positive number option. */
export function numberOption(options: Record<string, unknown>, key: string): number | undefined {
  const value = options[key];
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}
