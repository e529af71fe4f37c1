/** The verdict shape shared by linters, compilers and formatters. */
import type { ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { lastLine, plural } from "./_util.ts";

/** Lint: fail while any issue exists; "unknown" when the tool failed without saying why. */
export function lintVerdict(
  tool: string,
  findings: Finding[],
  code: number,
  stderr: string,
): ToolVerdict {
  if (findings.length > 0) {
    return { status: "fail", summary: plural(findings.length, "lint issue"), findings };
  }
  if (code === 0) return { status: "ok", summary: "no lint issues", findings };
  return {
    status: "unknown",
    summary: `${tool} failed: ${lastLine(stderr) || `exit code ${code}`}`,
    findings,
  };
}

/** Build or type check: fail on errors, ok on exit 0 (warnings kept as findings). */
export function buildVerdict(
  tool: string,
  findings: Finding[],
  code: number,
  output: string,
): ToolVerdict {
  const errors = findings.filter((f) => f.severity === "error").length;
  if (code === 0 && errors === 0) {
    const warnings = findings.length > 0 ? ` (${plural(findings.length, "warning")})` : "";
    return { status: "ok", summary: `${tool}: no errors${warnings}`, findings };
  }
  if (errors > 0) {
    return { status: "fail", summary: `${tool}: ${plural(errors, "error")}`, findings };
  }
  const why = lastLine(output) || `exit code ${code}`;
  return {
    status: "fail",
    summary: `${tool} failed: ${why}`,
    findings: [...findings, { message: why, severity: "error" }],
  };
}

/** Format: in check mode each unformatted file is a finding; in fix mode exit 0 means done. */
export function formatVerdict(
  tool: string,
  files: string[],
  code: number,
  output: string,
  fix: boolean,
): ToolVerdict {
  const findings: Finding[] = files.map((file) => ({
    file,
    message: fix ? "reformatted" : "not formatted",
    severity: fix ? "info" : "warning",
  }));
  if (fix) {
    return code === 0 ? { status: "ok", summary: `${tool}: formatted`, findings } : {
      status: "fail",
      summary: `${tool} failed: ${lastLine(output) || `exit ${code}`}`,
      findings,
    };
  }
  if (files.length > 0) {
    return { status: "fail", summary: `${plural(files.length, "file")} not formatted`, findings };
  }
  if (code === 0) return { status: "ok", summary: "all files formatted", findings };
  return {
    status: "unknown",
    summary: `${tool} failed: ${lastLine(output) || `exit ${code}`}`,
    findings,
  };
}
