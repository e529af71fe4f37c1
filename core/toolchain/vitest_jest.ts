/**
 * Vitest and Jest share one JSON report shape (`testResults[].assertionResults[]` with `status`,
 * `fullName`, `failureMessages`); both write it with `--outputFile`.
 */
import { nodeBin } from "./_util.ts";
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { lastLine, relativePath, testSummary } from "./_util.ts";
import { asArray, asRecord, asString, parseJsonOutput } from "./_json.ts";

/** `vitest run --passWithNoTests --reporter=json --outputFile=<report>`. */
export const vitest: ToolAdapter = {
  name: "vitest",
  kinds: ["test"],
  invocation: (ctx) => ({
    cmd: "node",
    requires: nodeBin(ctx.projectDir, "vitest"),
    args: [
      nodeBin(ctx.projectDir, "vitest"),
      "run",
      "--passWithNoTests",
      "--reporter=json",
      `--outputFile=${ctx.reportFile}`,
    ],
    env: { CI: "1", NO_COLOR: "1" },
  }),
  parse: (output) => parseJestReport(output, "vitest"),
};

/** `jest --ci --passWithNoTests --json --outputFile=<report>`. */
export const jest: ToolAdapter = {
  name: "jest",
  kinds: ["test"],
  invocation: (ctx) => ({
    cmd: "node",
    requires: nodeBin(ctx.projectDir, "jest"),
    args: [
      nodeBin(ctx.projectDir, "jest"),
      "--ci",
      "--passWithNoTests",
      "--json",
      `--outputFile=${ctx.reportFile}`,
    ],
    env: { CI: "1", NO_COLOR: "1" },
  }),
  parse: (output) => parseJestReport(output, "jest"),
};

/** Reads a Jest-shaped JSON report; a suite that failed to load is a failure too. */
export function parseJestReport(output: ToolOutput, tool: string): ToolVerdict {
  if (output.report === null) {
    const why = lastLine(output.stderr) || lastLine(output.stdout) || `exit code ${output.code}`;
    return { status: "unknown", summary: `${tool} did not run: ${why}`, findings: [] };
  }
  const doc = asRecord(parseJsonOutput(output.report, tool));
  const findings: Finding[] = [];
  let total = 0, failed = 0, skipped = 0;
  for (const suite of asArray(doc.testResults).map(asRecord)) {
    const file = relativePath(output.projectDir, asString(suite.name));
    const tests = asArray(suite.assertionResults).map(asRecord);
    for (const t of tests) {
      total++;
      const status = asString(t.status);
      if (
        status === "pending" || status === "skipped" || status === "todo" || status === "disabled"
      ) {
        skipped++;
      }
      if (status !== "failed") continue;
      failed++;
      const text = asArray(t.failureMessages).map(asString).join("\n");
      findings.push(failureFinding(asString(t.fullName) || asString(t.title), file, text, output));
    }
    if (tests.length === 0 && asString(suite.status) === "failed") {
      failed++;
      total++;
      findings.push(failureFinding(file, file, asString(suite.message), output));
    }
  }
  const counts = { total, passed: total - failed - skipped, failed, skipped };
  return {
    status: failed > 0 || (output.code !== 0 && total === 0) ? "fail" : "ok",
    summary: testSummary(counts),
    findings,
    counts,
  };
}

function failureFinding(name: string, file: string, text: string, output: ToolOutput): Finding {
  const lines = text.split("\n").map((l) => l.trim());
  const body = lines.filter((l) => l !== "" && !l.startsWith("at "));
  const message = body.slice(0, 3).join(" ").replace(/\s+/g, " ").slice(0, 300) || "failed";
  const finding: Finding = { name, file, message, severity: "error" };
  const abs = `${output.projectDir}/${file}`;
  for (const l of lines) {
    const m = /^at (?:.*\()?(?:file:\/\/)?(\/[^\s)]+):(\d+):(\d+)\)?$/.exec(l);
    if (m && (m[1] === abs || m[1] === file)) {
      finding.line = Number(m[2]);
      finding.column = Number(m[3]);
      break;
    }
  }
  return finding;
}
