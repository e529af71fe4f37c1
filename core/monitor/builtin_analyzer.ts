/**
 * The analysis used when no model is configured: a specific hint read from the failure itself (the missing
 * import and where it is imported, expected vs actual, the lint fix command, what a type error means).
 */
import { requiredText } from "../api/required.ts";
import type { FailureAnalyzer, FailureReport } from "./failure_analyzer.ts";
import type { MonitorItem } from "../plugin_host/types.ts";
import { grepProject } from "./_grep_project.ts";
import {
  assertionHint,
  LINT_FIX,
  type MissingImport,
  missingImport,
  runtimeHint,
  typeHint,
} from "./_hint_rules.ts";

const MAX_ITEMS = 4;
const PY = [".py"];
const JS = [".ts", ".tsx", ".mts", ".js", ".jsx", ".mjs", ".cjs"];

/** {@linkcode FailureAnalyzer} without a model; reads the project to say where things are imported. */
export class BuiltinAnalyzer implements FailureAnalyzer {
  #projectDir: string;

  constructor(projectDir: string) {
    requiredText(projectDir, "BuiltinAnalyzer's projectDir", 'new BuiltinAnalyzer("/project")');
    this.#projectDir = projectDir;
  }

  async analyze(report: FailureReport, signal?: AbortSignal): Promise<string> {
    if (report.monitor === "lint") return this.#lint(report.items, report.tool);
    const lines: string[] = [];
    const items = report.items.slice(0, MAX_ITEMS);
    for (const item of items) {
      if (signal?.aborted) break;
      const hint = await this.#hint(item, items.length === 1 ? report.output : undefined, signal);
      const line = `${label(item)}: ${hint}`;
      if (!lines.includes(line)) lines.push(line);
    }
    if (report.items.length > MAX_ITEMS) {
      lines.push(`... and ${report.items.length - MAX_ITEMS} more.`);
    }
    if (lines.length === 0) {
      const fromOutput = report.output ? await this.#textHint(report.output, signal) : undefined;
      lines.push(fromOutput ?? `${report.summary}. ${lastLine(report.output)}`.trim());
    }
    return lines.join("\n");
  }

  async #hint(
    item: MonitorItem,
    output: string | undefined,
    signal?: AbortSignal,
  ): Promise<string> {
    const code = item.name?.match(/^TS\d+$/)?.[0] ?? item.message.match(/\bTS\d{4,5}\b/)?.[0];
    if (code) {
      const hint = typeHint(code, item.message);
      if (hint) return hint;
    }
    const hint = await this.#textHint(`${item.message}\n${output ?? ""}`, signal);
    return hint ?? firstLine(item.message);
  }

  async #textHint(text: string, signal?: AbortSignal): Promise<string | undefined> {
    const missing = missingImport(text);
    if (missing) {
      return await this.#importHint(
        missing,
        /cannot import name|No module named/.test(text),
        signal,
      );
    }
    return assertionHint(text) ?? runtimeHint(text);
  }

  async #importHint(m: MissingImport, python: boolean, signal?: AbortSignal): Promise<string> {
    const name = escape(m.name.split(".").pop() ?? m.name);
    const uses = await grepProject(
      this.#projectDir,
      python
        ? new RegExp(`^\\s*(from\\s+\\S+\\s+)?import\\s.*\\b${name}\\b`)
        : new RegExp(`\\bimport\\b.*\\b${name}\\b|from\\s+["'].*${name}`),
      { extensions: python ? PY : JS, maxHits: 3, ...(signal ? { signal } : {}) },
    );
    const at = uses.length > 0
      ? ` (imported at ${uses.map((u) => `${u.file}:${u.line}`).join(", ")})`
      : "";
    if (m.moduleMissing) {
      return `module ${m.name} cannot be found${at}: install it or fix the import path`;
    }
    const defs = await grepProject(
      this.#projectDir,
      python
        ? new RegExp(`^\\s*(def|class)\\s+${name}\\b|^${name}\\s*=`)
        : new RegExp(`\\b(function|class|const|let|var|interface|type|enum)\\s+${name}\\b`),
      { extensions: python ? PY : JS, maxHits: 2, ...(signal ? { signal } : {}) },
    );
    const from = m.module ? ` from ${m.module}` : "";
    const where = defs.length > 0
      ? `; it is defined at ${
        defs.map((d) => `${d.file}:${d.line}`).join(", ")
      }: import it from there or export it`
      : `; no definition found in the project: add ${m.name} to ${
        m.module ?? "the module"
      } or fix the import`;
    return `${m.name} cannot be imported${from}${at}${where}`;
  }

  /**
   * Lint hints name only the tool that reported the issues (the monitor's `data.tool`), and offer its fix
   * command only for issues its own JSON marks fixable.
   */
  #lint(items: Array<MonitorItem & { fixable?: unknown }>, tool: string | undefined): string {
    const lines: string[] = [];
    const fixable = items.filter((i) => i.fixable === true);
    // `flux autofix` runs the tool's own fix mode (LINT_FIX) on the files with fixable findings.
    const command = tool && LINT_FIX[tool] ? "flux autofix" : undefined;
    if (command && fixable.length > 0) {
      const codes = [...new Set(fixable.map((i) => i.name).filter((c) => c !== undefined))];
      const what = codes.length > 0 ? `${codes.slice(0, 5).join(", ")}: ` : "";
      const count = fixable.length === items.length
        ? ""
        : ` (${fixable.length} of ${items.length} can be fixed this way)`;
      lines.push(
        `${what}run \`${command}\` (/autofix in the TUI) to fix them automatically${count}`,
      );
    }
    for (const item of items.slice(0, 2)) {
      if (/F401|unused/i.test(`${item.name} ${item.message}`)) {
        lines.push(
          `${label(item)}: remove the unused name or use it (prefix with _ to keep it on purpose)`,
        );
      } else if (/syntax ?error/i.test(item.message)) {
        lines.push(
          `${label(item)}: ${firstLine(item.message)}: fix the syntax before other issues`,
        );
      }
    }
    if (lines.length === 0) {
      const first = items[0];
      lines.push(
        first
          ? `${label(first)}: ${firstLine(first.message)}${
            items.length > 1 ? ` (and ${items.length - 1} more)` : ""
          }`
          : "no details from the linter",
      );
    }
    return lines.join("\n");
  }
}

function label(item: MonitorItem): string {
  const at = item.file ? `${item.file}${item.line ? `:${item.line}` : ""}` : "";
  if (item.name && at && !item.name.includes(item.file ?? "\0")) return `${item.name} (${at})`;
  return item.name ?? (at || "failure");
}

function firstLine(text: string): string {
  return text.split("\n").find((l) => l.trim())?.trim() ?? text;
}

function lastLine(text: string | undefined): string {
  return text?.trim().split("\n").pop()?.trim() ?? "";
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
