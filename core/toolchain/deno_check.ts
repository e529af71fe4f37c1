/**
 * deno check: type-checks the project. Deno has no JSON output for diagnostics, so the analyzer reads the
 * text blocks (colour codes removed): `TS2322 [ERROR]: message`, the source excerpt, `at file:///x.ts:1:7`.
 */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { lastLine, plural, relativePath } from "./_util.ts";

/** `deno check` of the whole project. */
export const denoCheck: ToolAdapter = {
  name: "deno_check",
  kinds: ["typecheck", "build"],
  invocation: () => ({
    cmd: "deno",
    args: ["check", "--quiet", "."],
  }),
  parse: parseDenoCheck,
};

/** Reads `deno check` output. */
export function parseDenoCheck(output: ToolOutput): ToolVerdict {
  const findings = denoDiagnostics(output.stdout + "\n" + output.stderr, output.projectDir);
  if (output.code === 0) return { status: "ok", summary: "deno check: no errors", findings };
  if (findings.length === 0) {
    const why = lastLine(output.stderr) || `exit code ${output.code}`;
    return { status: "unknown", summary: `deno check did not run: ${why}`, findings };
  }
  return { status: "fail", summary: `deno check: ${plural(findings.length, "error")}`, findings };
}

const HEADER = /^(TS\d+) \[(ERROR|WARN|WARNING)\]: (.*)$/;
const ERROR = /^error: (.*)$/;
const AT = /^\s+at (\S+):(\d+):(\d+)\s*$/;
const NOT_FINDINGS = /^(Type checking failed\.?|Test failed|\d+ errors? found)$/i;

/** Diagnostics in Deno's text output (type errors, parse errors, missing modules), in order. */
export function denoDiagnostics(text: string, projectDir: string): Finding[] {
  const findings: Finding[] = [];
  let pending: Finding | null = null;
  for (const line of text.split("\n")) {
    const header = HEADER.exec(line);
    const error = ERROR.exec(line);
    const at = AT.exec(line);
    if (header) {
      if (pending) findings.push(pending);
      const severity = header[2] === "ERROR" ? "error" : "warning";
      pending = { message: header[3]!.trim(), name: header[1]!, severity };
    } else if (error && !NOT_FINDINGS.test(error[1]!.trim())) {
      if (pending) findings.push(pending);
      pending = { message: error[1]!.trim(), severity: "error" };
    } else if (at && pending) {
      pending.file = relativePath(projectDir, at[1]!);
      pending.line = Number(at[2]);
      pending.column = Number(at[3]);
      findings.push(pending);
      pending = null;
    }
  }
  if (pending) findings.push(pending);
  return findings;
}
