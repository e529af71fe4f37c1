/**
 * The analysis used when no model is configured: a specific hint read from the failure itself (the missing
 * import and where it is imported, expected vs actual, the lint fix command, what a type error means).
 */
import type { FailureAnalyzer, FailureReport } from "./failure_analyzer.ts";
import type { MonitorItem } from "../plugin_host/types.ts";
import { grepProject } from "./_grep_project.ts";
import {
  assertionHint,
  LINT_FIX,
  lintTool,
  type MissingImport,
  missingImport,
  runtimeHint,
  typeHint,
} from "./_hint_rules.ts";
import { pathExists } from "../fs/path_exists.ts";

const MAX_ITEMS = 4;
const PY = [".py"];
const JS = [".ts", ".tsx", ".mts", ".js", ".jsx", ".mjs", ".cjs"];

/** {@linkcode FailureAnalyzer} without a model; reads the project to say where things are imported. */
export class BuiltinAnalyzer implements FailureAnalyzer {
  #projectDir: string;

  constructor(projectDir: string) {
    this.#projectDir = projectDir;
  }

  async analyze(report: FailureReport, signal?: AbortSignal): Promise<string> {
    if (report.monitor === "lint") return await this.#lint(report.items);
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

  async #lint(items: MonitorItem[]): Promise<string> {
    const has = {
      denoJson: await pathExists(`${this.#projectDir}/deno.json`) ||
        await pathExists(`${this.#projectDir}/deno.jsonc`),
      packageJson: await pathExists(`${this.#projectDir}/package.json`),
    };
    const byTool = new Map<string, string[]>();
    for (const item of items) {
      const code = item.name ?? "";
      const tool = lintTool(code, has);
      const codes = byTool.get(tool) ?? [];
      if (code && !codes.includes(code)) codes.push(code);
      byTool.set(tool, codes);
    }
    const lines: string[] = [];
    for (const [tool, codes] of byTool) {
      const fix = LINT_FIX[tool as keyof typeof LINT_FIX];
      const what = codes.length > 0 ? `${codes.slice(0, 5).join(", ")}: ` : "";
      lines.push(
        tool === "pylint"
          ? `${what}${fix}`
          : `${what}run \`${fix}\` to fix what can be fixed automatically`,
      );
    }
    for (const item of items.slice(0, 2)) {
      if (/F401|unused/i.test(`${item.name} ${item.message}`)) {
        lines.push(
          `${label(item)}: remove the unused name or use it (prefix with _ to keep it on purpose)`,
        );
      }
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
