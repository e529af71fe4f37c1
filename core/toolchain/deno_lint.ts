/** deno lint: `deno lint --json` (diagnostics with 0-based columns, plus files that failed to parse). */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { lintVerdict } from "./_lint_verdict.ts";
import { relativePath } from "./_util.ts";
import { asArray, asNumber, asRecord, asString, parseJsonOutput } from "./_json.ts";

/** `deno lint --json` of the project. */
export const denoLint: ToolAdapter = {
  name: "deno_lint",
  kinds: ["lint"],
  invocation: () => ({
    cmd: "deno",
    args: ["lint", "--json", "--permit-no-files"],
  }),
  parse: parseDenoLint,
};

/** Reads `deno lint --json` output. */
export function parseDenoLint(output: ToolOutput): ToolVerdict {
  if (output.code === 0 && !output.stdout.includes("{")) {
    return { status: "ok", summary: "no lint issues (no files to lint)", findings: [] };
  }
  const doc = asRecord(parseJsonOutput(output.stdout, "deno lint"));
  const findings: Finding[] = [];
  for (const d of asArray(doc.diagnostics).map(asRecord)) {
    const start = asRecord(asRecord(d.range).start);
    const finding: Finding = {
      file: relativePath(output.projectDir, asString(d.filename)),
      message: asString(d.message),
      severity: "error",
    };
    const line = asNumber(start.line);
    const col = asNumber(start.col);
    if (line !== undefined) finding.line = line;
    if (col !== undefined) finding.column = col + 1;
    const code = asString(d.code);
    if (code) finding.name = code;
    findings.push(finding);
  }
  for (const e of asArray(doc.errors).map(asRecord)) {
    findings.push({
      file: relativePath(output.projectDir, asString(e.file_path)),
      message: asString(e.message),
      severity: "error",
    });
  }
  return lintVerdict("deno lint", findings, output.code, output.stderr);
}
