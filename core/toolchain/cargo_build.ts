/**
 * Cargo: `--message-format=json` prints one JSON object per line; `reason: "compiler-message"` carries a
 * rustc diagnostic with its level, code and spans. Used by cargo build, check, clippy and cargo test.
 */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { buildVerdict, formatVerdict, lintVerdict } from "./_lint_verdict.ts";
import { relativePath } from "./_util.ts";
import { NO_WRITE } from "./no_write_flags.ts";
import { asArray, asNumber, asRecord, asString } from "./_json.ts";

/** `cargo build --message-format=json` */
export const cargoBuild: ToolAdapter = {
  name: "cargo_build",
  kinds: ["build"],
  invocation: () => ({ cmd: "cargo", args: ["build", "--message-format=json"] }),
  parse: (o) =>
    buildVerdict("cargo build", cargoDiagnostics(o.stdout, o.projectDir), o.code, o.stderr),
};

/** `cargo check --message-format=json` */
export const cargoCheck: ToolAdapter = {
  name: "cargo_check",
  kinds: ["typecheck"],
  invocation: () => ({ cmd: "cargo", args: ["check", "--message-format=json"] }),
  parse: (o) =>
    buildVerdict("cargo check", cargoDiagnostics(o.stdout, o.projectDir), o.code, o.stderr),
};

/** `cargo clippy --message-format=json`: every diagnostic is a lint issue. */
export const cargoClippy: ToolAdapter = {
  name: "cargo_clippy",
  kinds: ["lint"],
  invocation: () => ({ cmd: "cargo", args: ["clippy", "--message-format=json"] }),
  parse: (o) => lintVerdict("clippy", cargoDiagnostics(o.stdout, o.projectDir), o.code, o.stderr),
};

/** `cargo fmt --check` prints `Diff in /path/file.rs:line:` per hunk; `cargo fmt` rewrites. */
export const rustfmt: ToolAdapter = {
  name: "rustfmt",
  kinds: ["format"],
  invocation: (ctx) => ({
    cmd: "cargo",
    args: ctx.fix ? ["fmt"] : ["fmt", ...NO_WRITE.rustfmt.flags, "--", "--color=never"],
  }),
  parse: (output: ToolOutput): ToolVerdict => {
    const files = output.fix ? [] : [
      ...new Set(
        [...output.stdout.matchAll(/^Diff in (.+?\.rs)(?: at line \d+)?:(?:\d+:)?\s*$/gm)]
          .map((m) => relativePath(output.projectDir, m[1]!)),
      ),
    ];
    return formatVerdict("cargo fmt", files, output.code, output.stderr, output.fix);
  },
};

const NOT_FINDINGS = /^(aborting due to|\d+ warnings? emitted|could not compile)/;

/** The rustc diagnostics among cargo's JSON lines, located at their primary span. */
export function cargoDiagnostics(stdout: string, projectDir: string): Finding[] {
  const findings: Finding[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let record: Record<string, unknown>;
    try {
      record = asRecord(JSON.parse(line));
    } catch {
      continue;
    }
    if (record.reason !== "compiler-message") continue;
    const message = asRecord(record.message);
    const text = asString(message.message);
    const level = asString(message.level);
    if (!text || NOT_FINDINGS.test(text) || (level !== "error" && level !== "warning")) continue;
    const finding: Finding = { message: text, severity: level };
    const code = asString(asRecord(message.code).code);
    if (code) finding.name = code;
    const span = asArray(message.spans).map(asRecord).find((s) => s.is_primary === true);
    if (span) {
      finding.file = relativePath(projectDir, asString(span.file_name));
      const lineNo = asNumber(span.line_start);
      const column = asNumber(span.column_start);
      if (lineNo !== undefined) finding.line = lineNo;
      if (column !== undefined) finding.column = column;
    }
    findings.push(finding);
  }
  return findings;
}
