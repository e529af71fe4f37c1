/**
 * Vitest and Jest share one JSON report shape (`testResults[].assertionResults[]` with `status`,
 * `fullName`, `failureMessages`); both write it with `--outputFile`.
 */
import { nodeBin } from "./_util.ts";
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding, TestCase, TestSelection } from "./types.ts";
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
      // vitest's own related-test selection from its module graph: `vitest related --run <changed files>`.
      ...(ctx.select?.related ? ["related", "--run"] : ["run"]),
      "--passWithNoTests",
      "--reporter=json",
      `--outputFile=${ctx.reportFile}`,
      ...nodeSelection(ctx.select, "vitest"),
    ],
    env: { CI: "1", NO_COLOR: "1" },
  }),
  selects: ["related", "files", "tests"],
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
      ...nodeSelection(ctx.select, "jest"),
    ],
    env: { CI: "1", NO_COLOR: "1" },
  }),
  selects: ["related", "files", "tests"],
  parse: (output) => parseJestReport(output, "jest"),
};

/**
 * Arguments for a selection: changed files for the runner's related-test selection (vitest's `related`
 * subcommand is chosen above, jest takes `--findRelatedTests`), or test files plus a name pattern.
 */
function nodeSelection(select: TestSelection | undefined, tool: "vitest" | "jest"): string[] {
  if (!select) return [];
  if (select.related) {
    return tool === "jest" ? ["--findRelatedTests", ...select.related] : [...select.related];
  }
  const tests = (select.tests ?? []).map((id) => {
    const at = id.indexOf("::");
    return at < 0 ? { file: id, name: "" } : { file: id.slice(0, at), name: id.slice(at + 2) };
  });
  const files = [...new Set([...tests.map((t) => t.file), ...(select.files ?? [])])];
  const names = tests.map((t) => t.name).filter((n) => n !== "");
  const pattern = names.length > 0 && (select.files ?? []).length === 0
    ? [
      "-t",
      `^(${[...new Set(names)].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$`,
    ]
    : [];
  return [...pattern, ...(tool === "jest" ? ["--runTestsByPath"] : []), ...files];
}

/** Reads a Jest-shaped JSON report; a suite that failed to load is a failure too. */
export function parseJestReport(output: ToolOutput, tool: string): ToolVerdict {
  if (output.report === null) {
    const why = lastLine(output.stderr) || lastLine(output.stdout) || `exit code ${output.code}`;
    return { status: "unknown", summary: `${tool} did not run: ${why}`, findings: [] };
  }
  const doc = asRecord(parseJsonOutput(output.report, tool));
  const findings: Finding[] = [];
  const cases: TestCase[] = [];
  let total = 0, failed = 0, skipped = 0;
  for (const suite of asArray(doc.testResults).map(asRecord)) {
    const file = relativePath(output.projectDir, asString(suite.name));
    const tests = asArray(suite.assertionResults).map(asRecord);
    for (const t of tests) {
      total++;
      const status = asString(t.status);
      const name = asString(t.fullName) || asString(t.title);
      const testCase: TestCase = { id: `${file}::${name}`, outcome: "passed", file };
      if (typeof t.duration === "number") testCase.durationMs = t.duration;
      cases.push(testCase);
      if (
        status === "pending" || status === "skipped" || status === "todo" || status === "disabled"
      ) {
        skipped++;
        testCase.outcome = "skipped";
      }
      if (status !== "failed") continue;
      failed++;
      const text = asArray(t.failureMessages).map(asString).join("\n");
      const finding = failureFinding(name, file, text, output);
      findings.push(finding);
      testCase.outcome = "failed";
      testCase.message = finding.message;
    }
    if (tests.length === 0 && asString(suite.status) === "failed") {
      failed++;
      total++;
      const finding = failureFinding(file, file, asString(suite.message), output);
      findings.push(finding);
      cases.push({ id: file, outcome: "error", file, message: finding.message });
    }
  }
  const counts = { total, passed: total - failed - skipped, failed, skipped };
  return {
    status: failed > 0 || (output.code !== 0 && total === 0) ? "fail" : "ok",
    summary: testSummary(counts),
    findings,
    counts,
    cases,
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
