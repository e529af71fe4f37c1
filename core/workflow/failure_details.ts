/**
 * What a failed step's result says went wrong, in lines a person reads: the failing tests or the findings
 * (the first 10, then "and N more"), else the last lines of the command's stderr. Never the raw JSON of a
 * tool's report and never a path to a report file (those are deleted after the run).
 */

/** The lines, and whether they repeat the output the step already streamed. */
export interface FailureDetails {
  /** `output`: the end of stdout, for a command that said nothing on stderr. */
  kind: "findings" | "stderr" | "output";
  lines: string[];
  /**
   * A line about how the step ran that may explain the failure (a step confined to the OS sandbox
   * without network), shown whether or not the output was.
   */
  hint?: string;
}

/** Findings shown per failed step. */
export const SHOWN_FINDINGS = 10;
/** Lines of stderr shown per failed command. */
export const SHOWN_STDERR_LINES = 10;

/**
 * The details of a failed step's `data` (`findings`, `counts`, `stderrTail`, else `outputTail`);
 * undefined when none.
 */
export function failureDetails(data: unknown): FailureDetails | undefined {
  const d = isRecord(data) ? data : {};
  const findings = Array.isArray(d.findings) ? d.findings.filter(isRecord) : [];
  if (findings.length > 0) {
    const failed = isRecord(d.counts) && typeof d.counts.failed === "number" ? d.counts.failed : 0;
    const total = Math.max(findings.length, failed);
    const lines = findings.slice(0, SHOWN_FINDINGS).map(findingLine);
    if (total > SHOWN_FINDINGS) lines.push(`… and ${total - SHOWN_FINDINGS} more`);
    return { kind: "findings", lines };
  }
  for (const [field, kind] of [["stderrTail", "stderr"], ["outputTail", "output"]] as const) {
    const text = typeof d[field] === "string" ? withoutColour(d[field]).trimEnd() : "";
    if (text.trim() !== "") {
      return { kind, lines: text.split("\n").slice(-SHOWN_STDERR_LINES).map((l) => l.trimEnd()) };
    }
  }
  return undefined;
}

/** Text without SGR colour codes (a runner's colours would print as escapes, not colours). */
function withoutColour(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "").replace(/\r/g, "");
}

/** `tests/test_auth.py:12 test_login: AssertionError: expected 200` */
function findingLine(f: Record<string, unknown>): string {
  const where = typeof f.file === "string"
    ? `${f.file}${typeof f.line === "number" ? `:${f.line}` : ""}${
      typeof f.column === "number" ? `:${f.column}` : ""
    }`
    : "";
  const name = typeof f.name === "string" ? f.name : "";
  const message = typeof f.message === "string" ? f.message.split("\n")[0] ?? "" : "";
  const head = [where, name].filter(Boolean).join(" ");
  const line = head && message ? `${head}: ${message}` : head || message;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
