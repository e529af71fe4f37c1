/**
 * cargo test: libtest's JSON output needs a nightly compiler, so the analyzer reads its stable text
 * format: `test path::name ... ok|FAILED|ignored`, then per failure a `---- path::name stdout ----`
 * block with `thread 'path::name' panicked at src/lib.rs:7:20:` and the panic message. Compiler errors
 * come from `--message-format=json` lines on the same stdout.
 */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { cargoDiagnostics } from "./cargo_build.ts";
import { lastLine, plural, relativePath, testSummary } from "./_util.ts";

/**
 * `cargo test --message-format=json`: as the user runs it (it stops after the first test binary that
 * fails, as in the terminal), with compiler messages as JSON.
 */
export const cargoTest: ToolAdapter = {
  name: "cargo_test",
  kinds: ["test"],
  invocation: () => ({
    cmd: "cargo",
    args: ["test", "--message-format=json"],
  }),
  parse: parseCargoTest,
};

const RESULT = /^test (.+?) \.\.\. (ok|FAILED|ignored\b.*)$/;
const HEADER = /^---- (.+?) stdout ----$/;
const PANIC_NEW = /^thread '(.+?)'(?: \(\d+\))? panicked at (.+?):(\d+):(\d+):$/;
const PANIC_OLD = /^thread '(.+?)' panicked at '(.*)', (.+?):(\d+):(\d+)$/;

/** Reads `cargo test` output. */
export function parseCargoTest(output: ToolOutput): ToolVerdict {
  // Each test binary prints its own "running N tests" section; names may repeat across binaries.
  const findings: Finding[] = [];
  let total = 0, skipped = 0;
  for (const section of output.stdout.split(/^running \d+ tests?$/m).slice(1)) {
    const lines = section.split("\n");
    const details = failureDetails(lines, output.projectDir);
    for (const line of lines) {
      const m = RESULT.exec(line);
      if (!m) continue;
      total++;
      const name = m[1]!.replace(/ - should panic$/, "");
      if (m[2]!.startsWith("ignored")) skipped++;
      if (m[2] === "FAILED") {
        findings.push(details.get(name) ?? { name, message: "failed", severity: "error" });
      }
    }
  }
  const failed = findings.length;
  const counts = { total, passed: total - failed - skipped, failed, skipped };
  const compile = cargoDiagnostics(output.stdout, output.projectDir).filter((f) =>
    f.severity === "error"
  );
  if (compile.length > 0) {
    return {
      status: "fail",
      summary: `tests did not compile: ${plural(compile.length, "error")}`,
      findings: [...findings, ...compile],
      counts,
    };
  }
  if (output.code !== 0 && failed === 0) {
    const why = lastLine(output.stderr) || `exit code ${output.code}`;
    return {
      status: "fail",
      summary: `cargo test failed: ${why}`,
      findings: [{ message: why, severity: "error" }],
      counts,
    };
  }
  return { status: failed > 0 ? "fail" : "ok", summary: testSummary(counts), findings, counts };
}

function failureDetails(lines: string[], projectDir: string): Map<string, Finding> {
  const details = new Map<string, Finding>();
  let current: Finding | null = null;
  let collecting = false;
  const message: string[] = [];
  const flush = () => {
    if (current && message.length > 0) {
      current.message = message.join(" ").replace(/\s+/g, " ").trim();
    }
    message.length = 0;
    collecting = false;
  };
  for (const line of lines) {
    const header = HEADER.exec(line);
    if (header) {
      flush();
      current = { name: header[1]!, message: "failed", severity: "error" };
      details.set(current.name!, current);
      continue;
    }
    if (!current) continue;
    const panicNew = PANIC_NEW.exec(line);
    const panicOld = PANIC_OLD.exec(line);
    if (panicNew) {
      current.file = relativePath(projectDir, panicNew[2]!);
      current.line = Number(panicNew[3]);
      current.column = Number(panicNew[4]);
      collecting = true;
    } else if (panicOld) {
      message.push(panicOld[2]!);
      current.file = relativePath(projectDir, panicOld[3]!);
      current.line = Number(panicOld[4]);
      current.column = Number(panicOld[5]);
      flush();
    } else if (collecting) {
      if (line.trim() === "" || /^(note: |stack backtrace:)/.test(line) || line === "failures:") {
        flush();
      } else message.push(line.trim());
    }
  }
  flush();
  return details;
}
