/** pytest: `python3 -m pytest --junitxml`, read as JUnit XML (xunit1 family, which carries file and line). */
import { type JUnitCase, junitTestCase, parseJUnit, tallyCases } from "./junit.ts";
import { isDependencyPath } from "./user_frame.ts";
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding, ToolCounts } from "./types.ts";
import { NO_WRITE } from "./no_write_flags.ts";
import { lastLine, plural, pythonBin, relativePath, testSummary } from "./_util.ts";
import { coverageRc } from "./python_coverage.ts";

/**
 * Runs pytest as `python -m pytest` from the project's venv; its own config (pytest.ini, pyproject
 * `addopts`) applies as in the terminal. Only the report flags are added, and no cache dir and no bytecode
 * are written, so the run does not trigger file watchers.
 */
export const pytest: ToolAdapter = {
  name: "pytest",
  kinds: ["test"],
  invocation: (ctx) => ({
    cmd: pytestPython(ctx.projectDir),
    args: [
      // The whole suite may record per-test coverage (python_coverage.ts): the same pytest, run by
      // `coverage run` with Flux's own rc file under .flux/tmp (the user's coverage config is not read).
      ...(ctx.coverageData && !ctx.select
        ? ["-m", "coverage", "run", `--rcfile=${ctx.reportFile}.coveragerc`]
        : []),
      "-m",
      "pytest",
      "-q",
      ...NO_WRITE.pytest.flags,
      ...pytestReporterArgs(ctx.reportFile),
      // A selection: node ids ("tests/test_a.py::test_x") and test files, given as pytest takes them.
      ...(ctx.select?.tests ?? []),
      ...(ctx.select?.files ?? []),
    ],
    env: { ...NO_WRITE.pytest.env },
    ...(ctx.coverageData && !ctx.select
      ? { files: { [`${ctx.reportFile}.coveragerc`]: coverageRc(ctx.coverageData) } }
      : {}),
  }),
  selects: ["tests", "files"],
  parse: parsePytest,
};

/** The python that runs the project's pytest: its venv's, else `python3` on PATH. */
export function pytestPython(projectDir: string): string {
  return pythonBin(projectDir, "python", "python3");
}

/** The flags that make pytest write its JUnit report (xunit1: with file and line) to `reportFile`. */
export function pytestReporterArgs(reportFile: string): string[] {
  return ["-o", "junit_family=xunit1", `--junitxml=${reportFile}`];
}

/** Reads a pytest run: JUnit report plus exit code (0 ok, 1 failures, 5 no tests, others broken). */
export function parsePytest(output: ToolOutput): ToolVerdict {
  if (output.report === null) {
    const why = lastLine(output.stderr) || lastLine(output.stdout) || `exit code ${output.code}`;
    return {
      status: "unknown",
      summary: `pytest did not run: ${why}`,
      findings: [{ message: why, severity: "error" }],
    };
  }
  const cases = parseJUnit(output.report);
  const { bad, counts } = tallyCases(cases);
  const findings = bad.map((c) => pytestFinding(c, output.projectDir));
  const broken = bad.length === 0 && output.code !== 0 && output.code !== 5;
  const message = new Map(bad.map((c, i) => [c, findings[i]!.message]));
  return {
    status: bad.length > 0 ? "fail" : broken ? "unknown" : "ok",
    summary: broken
      ? `pytest exited with code ${output.code}`
      : pytestSummary(counts, bad.filter(isCollectionError).length),
    findings,
    counts,
    cases: cases.map((c) => junitTestCase(c, nodeId(c), c.file, message.get(c))),
  };
}

/**
 * The summary in pytest's own terms: a module that could not be imported is an error during collection,
 * not a test ("2 errors during collection: no tests ran", as pytest's "Interrupted: 2 errors during
 * collection"; with `--continue-on-collection-errors`, "3 tests, 1 failed, 1 error during collection").
 */
function pytestSummary(counts: Required<ToolCounts>, collection: number): string {
  if (collection === 0) return testSummary(counts);
  const errors = `${plural(collection, "error")} during collection`;
  const ran = {
    total: counts.total - collection,
    failed: counts.failed - collection,
    skipped: counts.skipped,
  };
  return ran.total === 0 ? `${errors}: no tests ran` : `${testSummary(ran)}, ${errors}`;
}

/** pytest reports a test module it could not import as an errored case with this message. */
function isCollectionError(c: JUnitCase): boolean {
  return c.outcome === "error" && c.message === "collection failure";
}

function pytestFinding(c: JUnitCase, projectDir: string): Finding {
  const detail = c.detail ?? "";
  const eLines = detail.split("\n").filter((l) => /^E\s+\S/.test(l));
  // The exception line ("E   SyntaxError: invalid syntax") says more than a quoted source line before it.
  const eLine = eLines.find((l) => /^E\s+[\w.]*(Error|Exception|Exit)\b/.test(l)) ?? eLines[0];
  const message = eLine?.replace(/^E\s+/, "").trim() ||
    (c.message ?? "").split("\n")[0]!.trim() || (c.outcome === "error" ? "error" : "failed");
  const finding: Finding = { message, name: nodeId(c), severity: "error" };
  // Frames in the order pytest prints them: "path.py:12: in f", then a failing file quoted by Python
  // ('E     File "path.py", line 3') for syntax errors. The innermost frame of the user's own code wins,
  // never one inside site-packages or a virtualenv.
  const frames = [
    ...detail.matchAll(/^([^\s:][^:\n]*\.py):(\d+): |^E\s+File "([^"]+\.py)", line (\d+)/gm),
  ]
    .map((m) => ({ file: relativePath(projectDir, m[1] ?? m[3]!), line: Number(m[2] ?? m[4]) }))
    .filter((w) => !w.file.startsWith("/") && !isDependencyPath(w.file));
  const last = frames[frames.length - 1];
  if (last) {
    finding.file = last.file;
    finding.line = last.line;
  } else if (c.file) {
    finding.file = relativePath(projectDir, c.file);
    if (c.line !== undefined) finding.line = c.line + 1;
  }
  return finding;
}

/** "tests/test_auth.py::TestLogin::test_ok", as pytest names tests; a collection error names the file. */
function nodeId(c: JUnitCase): string {
  if (!c.file) return c.classname ? `${c.classname}.${c.name}` : c.name;
  if (!c.classname) return c.file;
  const module = c.file.replace(/\.py$/, "").replaceAll("/", ".");
  const rest = c.classname.startsWith(module) ? c.classname.slice(module.length + 1) : "";
  return [c.file, ...(rest ? rest.split(".") : []), c.name].join("::");
}
