/**
 * Ruff: `ruff check --output-format json --no-fix` (lint) and `ruff format --check` (format). `--no-cache` keeps
 * ruff from writing `.ruff_cache/` into the project, which would wake the file watcher.
 */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { formatVerdict, lintVerdict } from "./_lint_verdict.ts";
import { pythonBin, relativePath } from "./_util.ts";
import { NO_WRITE } from "./no_write_flags.ts";
import { asArray, asNumber, asRecord, asString, parseJsonOutput } from "./_json.ts";

/** `ruff check --output-format json --no-fix --no-cache .`: never fixes, even with `fix = true`. */
export const ruff: ToolAdapter = {
  name: "ruff",
  kinds: ["lint"],
  invocation: (ctx) => ({
    cmd: pythonBin(ctx.projectDir, "ruff"),
    args: ["check", "--output-format", "json", ...NO_WRITE.ruff.flags, "."],
  }),
  parse: parseRuff,
};

/** `ruff format --check .`, or `ruff format .` with `fix`. */
export const ruffFormat: ToolAdapter = {
  name: "ruff_format",
  kinds: ["format"],
  invocation: (ctx) => ({
    cmd: pythonBin(ctx.projectDir, "ruff"),
    args: ctx.fix ? ["format", "--no-cache", "."] : ["format", ...NO_WRITE.ruff_format.flags, "."],
  }),
  parse: parseRuffFormat,
};

/** Reads `ruff check --output-format json` (exit 1 = issues, 2 = ruff itself failed). */
export function parseRuff(output: ToolOutput): ToolVerdict {
  if (output.code === 2) return lintVerdict("ruff", [], output.code, output.stderr);
  const findings = asArray(parseJsonOutput(output.stdout, "ruff")).map(asRecord).map((d) => {
    const location = asRecord(d.location);
    const finding: Finding = {
      file: relativePath(output.projectDir, asString(d.filename)),
      message: asString(d.message),
      severity: asString(d.severity) === "warning" ? "warning" : "error",
    };
    const line = asNumber(location.row);
    const column = asNumber(location.column);
    if (line !== undefined) finding.line = line;
    if (column !== undefined) finding.column = column;
    const code = asString(d.code);
    if (code) finding.name = code;
    // `ruff check --fix` applies only fixes ruff marks safe; an unsafe one needs --unsafe-fixes.
    const fix = d.fix === null || d.fix === undefined ? undefined : asRecord(d.fix);
    finding.fixable = fix !== undefined && asString(fix.applicability) === "safe";
    return finding;
  });
  return lintVerdict("ruff", findings, output.code, output.stderr);
}

/**
 * Reads `ruff format --check`: newer ruff prints `unformatted: ...` then ` --> file:line:col`, older ruff
 * prints `Would reformat: file`.
 */
export function parseRuffFormat(output: ToolOutput): ToolVerdict {
  const text = output.stdout + "\n" + output.stderr;
  const files = new Set<string>();
  for (const m of text.matchAll(/^Would reformat: (.+)$/gm)) files.add(m[1]!.trim());
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (!line.startsWith("unformatted:")) return;
    const arrow = /^\s*-->\s+(.+?):\d+:\d+\s*$/.exec(lines[i + 1] ?? "");
    if (arrow) files.add(arrow[1]!);
  });
  const relative = [...files].map((f) => relativePath(output.projectDir, f));
  return formatVerdict("ruff format", output.fix ? [] : relative, output.code, text, output.fix);
}
