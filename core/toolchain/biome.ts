/**
 * Biome: `biome lint --reporter=json` and `biome format --reporter=json` from the project's node_modules.
 * Both print `{ summary, diagnostics: [{ severity, message, category, location: { path, start } }] }`.
 */
import { nodeBin } from "./_util.ts";
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { formatVerdict, lintVerdict } from "./_lint_verdict.ts";
import { relativePath } from "./_util.ts";
import { asArray, asNumber, asRecord, asString, parseJsonOutput } from "./_json.ts";

/** `biome lint --reporter=json .` */
export const biome: ToolAdapter = {
  name: "biome",
  kinds: ["lint"],
  invocation: (ctx) => ({
    cmd: "node",
    requires: nodeBin(ctx.projectDir, "biome"),
    args: [nodeBin(ctx.projectDir, "biome"), "lint", "--reporter=json", "."],
  }),
  parse: (output) => lintVerdict("biome", biomeDiagnostics(output), output.code, output.stderr),
};

/** `biome format --reporter=json .`, or `biome format --write .` with `fix`. */
export const biomeFormat: ToolAdapter = {
  name: "biome_format",
  kinds: ["format"],
  invocation: (ctx) => ({
    cmd: "node",
    requires: nodeBin(ctx.projectDir, "biome"),
    args: [
      nodeBin(ctx.projectDir, "biome"),
      ...(ctx.fix ? ["format", "--write", "."] : ["format", "--reporter=json", "."]),
    ],
  }),
  parse: parseBiomeFormat,
};

/** Reads `biome format` output: each "format" diagnostic is an unformatted file. */
export function parseBiomeFormat(output: ToolOutput): ToolVerdict {
  const files = output.fix
    ? []
    : biomeDiagnostics(output).filter((f) => f.name === "format").map((f) => f.file ?? "");
  return formatVerdict("biome format", files, output.code, output.stderr, output.fix);
}

/** The diagnostics of a biome JSON report as findings (rule name = `category`). */
export function biomeDiagnostics(output: ToolOutput): Finding[] {
  const doc = asRecord(parseJsonOutput(output.stdout, "biome"));
  return asArray(doc.diagnostics).map(asRecord).map((d) => {
    const location = asRecord(d.location);
    const start = asRecord(location.start);
    const severity = asString(d.severity);
    const finding: Finding = {
      message: asString(d.message),
      severity: severity === "error" || severity === "fatal"
        ? "error"
        : severity === "warning"
        ? "warning"
        : "info",
    };
    const path = asString(location.path);
    if (path) finding.file = relativePath(output.projectDir, path);
    const line = asNumber(start.line);
    const column = asNumber(start.column);
    if (line) finding.line = line;
    if (column) finding.column = column;
    const category = asString(d.category);
    if (category) finding.name = category.replace(/^lint\//, "");
    return finding;
  });
}
