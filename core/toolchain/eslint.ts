/** ESLint: `eslint -f json .` from the project's node_modules (one entry per file, messages inside). */
import { nodeBin } from "./_util.ts";
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { lintVerdict } from "./_lint_verdict.ts";
import { relativePath } from "./_util.ts";
import { asArray, asNumber, asRecord, asString, parseJsonOutput } from "./_json.ts";

/** The project's own eslint, JSON formatter. */
export const eslint: ToolAdapter = {
  name: "eslint",
  kinds: ["lint"],
  invocation: (ctx) => ({
    cmd: "node",
    requires: nodeBin(ctx.projectDir, "eslint"),
    args: [nodeBin(ctx.projectDir, "eslint"), "-f", "json", "."],
  }),
  parse: parseEslint,
};

/** Reads `eslint -f json` output. Exit 2 is a configuration or crash, not lint issues. */
export function parseEslint(output: ToolOutput): ToolVerdict {
  if (output.code === 2) {
    return lintVerdict("eslint", [], output.code, output.stderr || output.stdout);
  }
  const findings: Finding[] = [];
  for (const file of asArray(parseJsonOutput(output.stdout, "eslint")).map(asRecord)) {
    const path = relativePath(output.projectDir, asString(file.filePath));
    for (const m of asArray(file.messages).map(asRecord)) {
      const finding: Finding = {
        file: path,
        message: asString(m.message),
        severity: m.severity === 2 ? "error" : "warning",
      };
      const line = asNumber(m.line);
      const column = asNumber(m.column);
      if (line !== undefined) finding.line = line;
      if (column !== undefined) finding.column = column;
      const rule = asString(m.ruleId);
      if (rule) finding.name = rule;
      finding.fixable = m.fix !== undefined && m.fix !== null;
      findings.push(finding);
    }
  }
  return lintVerdict("eslint", findings, output.code, output.stderr);
}
