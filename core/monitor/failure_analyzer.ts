/**
 * The seam between monitors and analysis: a failure report goes in, a short analysis comes out. The built-in
 * analyzer (no model) and the model analyzer (core/ai) both implement {@linkcode FailureAnalyzer}.
 */
import type { MonitorItem } from "../plugin_host/types.ts";

/** A monitor's failing state, as handed to an analyzer. */
export interface FailureReport {
  /** Monitor name: "tests", "build", "lint", ... */
  monitor: string;
  summary: string;
  items: MonitorItem[];
  /** The tail of the tool's own output, when there is one. */
  output?: string;
  /** The tool that reported the failures ("ruff", "eslint", "pytest"), when the monitor says. */
  tool?: string;
}

/** Turns a failure report into a specific, short analysis (a few lines of plain text). */
export interface FailureAnalyzer {
  analyze(report: FailureReport, signal?: AbortSignal): Promise<string>;
}
