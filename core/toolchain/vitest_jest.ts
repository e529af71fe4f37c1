/**
 * Vitest and Jest share one JSON report shape (`testResults[].assertionResults[]` with `status`,
 * `fullName`, `failureMessages`); both write it with `--outputFile`.
 */
import { nodeBin } from "./_util.ts";
import { type NodeTestScript, nodeTestScript } from "./node_test_script.ts";
import type {
  ToolAdapter,
  ToolContext,
  ToolInvocation,
  ToolOutput,
  ToolVerdict,
} from "./tool_adapter.ts";
import type { Finding, TestCase, TestSelection } from "./types.ts";
import { coverageDir, lastLine, relativePath, testSummary } from "./_util.ts";
import { asArray, asRecord, asString, parseJsonOutput } from "./_json.ts";

/**
 * Vitest as the project's `test` script runs it (or plain `vitest` without one), plus only reporter flags:
 * the default reporter on the terminal and the JSON report in the report file. No variable is changed, so
 * colour, CI detection and snapshot writing behave as in the user's shell (stdin is not a terminal, so
 * vitest runs once instead of watching).
 */
export const vitest: ToolAdapter = {
  name: "vitest",
  kinds: ["test"],
  invocation: (ctx) => vitestInvocation(ctx, ownScript(ctx.projectDir, "vitest")),
  selects: ["related", "files", "tests"],
  parse: (output) => parseJestReport(output, "vitest"),
};

/** The runner's part of a test command: variables, node options and its own arguments. */
export type RunnerCommand = Pick<NodeTestScript, "env" | "nodeArgs" | "args">;

/** `node [node options] <vitest bin> <args> <reporter flags>`, with the command's variables. */
export function vitestInvocation(ctx: ToolContext, own: RunnerCommand): ToolInvocation {
  const bin = nodeBin(ctx.projectDir, "vitest");
  const args = withoutOwnCoverageArgs(
    ctx.select ? vitestSelected(own.args, ctx.select) : withoutWatch(own.args, "vitest"),
    ctx,
    "vitest",
  );
  return {
    cmd: "node",
    requires: bin,
    args: [
      ...own.nodeArgs,
      bin,
      ...args,
      ...vitestReporterArgs(args, ctx.reportFile),
      ...coverageArgs(ctx, "vitest"),
      ...(ctx.select ? nodeSelection(ctx.select, "vitest") : []),
    ],
    ...(Object.keys(own.env).length > 0 ? { env: own.env } : {}),
  };
}

/**
 * Coverage as a run of Flux's needs it. A selection (an early stage) runs some of the tests: coverage and
 * its thresholds are about the whole suite, so it is off. A background run of the whole suite writes the
 * report beside its own under `.flux/tmp` (removed after the run), not into the project's `coverage/`,
 * whether the script or the config turns coverage on; thresholds still hold, and vitest never rewrites
 * them into the config (`coverage.thresholds.autoUpdate`).
 */
export function coverageArgs(ctx: ToolContext, tool: "vitest" | "jest"): string[] {
  if (ctx.select) return tool === "vitest" ? ["--coverage.enabled=false"] : ["--coverage=false"];
  if (!ctx.background) return [];
  const dir = coverageDir(ctx.reportFile);
  return tool === "vitest"
    ? [`--coverage.reportsDirectory=${dir}`, "--coverage.thresholds.autoUpdate=false"]
    : [`--coverageDirectory=${dir}`];
}

/**
 * `args` without the script's own value of an option {@linkcode coverageArgs} sets (jest's boolean
 * `--coverage` excepted: its last word wins): vitest refuses an option given twice ("Expected a single
 * value for option") and jest crashes on it, so Flux's value replaces the script's.
 */
export function withoutOwnCoverageArgs(
  args: string[],
  ctx: ToolContext,
  tool: "vitest" | "jest",
): string[] {
  const options = coverageArgs(ctx, tool).map((arg) => arg.replace(/=.*$/, ""))
    .filter((option) => option !== "--coverage");
  if (options.length === 0) return args;
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const option = options.find((o) => word === o || word.startsWith(`${o}=`));
    if (!option) {
      out.push(word);
      continue;
    }
    if (word !== option) continue;
    // A folder is the next word; a switch may stand alone or be followed by true or false.
    const next = args[i + 1];
    const valued = option.endsWith("Directory") || next === "true" || next === "false";
    if (valued && next !== undefined && !next.startsWith("-")) i++;
  }
  return out;
}

/** The flags that make vitest write its JSON report to `reportFile`, keeping the user's reporters. */
export function vitestReporterArgs(args: string[], reportFile: string): string[] {
  const ownReporter = args.some((a) => a === "--reporter" || a.startsWith("--reporter="));
  return [
    ...(ownReporter ? [] : ["--reporter=default"]),
    "--reporter=json",
    `--outputFile.json=${reportFile}`,
  ];
}

/**
 * Jest as the project's `test` script runs it (or plain `jest`), writing its JSON report to the report
 * file. The reporter flags reach jest only: tests that read `process.argv` (a CLI parsing it with
 * commander) see the script's own arguments, as under `npm test` (see {@linkcode JEST_LAUNCHER}).
 */
export const jest: ToolAdapter = {
  name: "jest",
  kinds: ["test"],
  invocation: (ctx) => jestInvocation(ctx, ownScript(ctx.projectDir, "jest")),
  selects: ["related", "files", "tests"],
  parse: (output) => parseJestReport(output, "jest"),
};

/** `node [node options] <launcher> <jest bin> <n> <args> <reporter flags>`, with its variables. */
export function jestInvocation(ctx: ToolContext, own: RunnerCommand): ToolInvocation {
  const bin = nodeBin(ctx.projectDir, "jest");
  const args = withoutOwnCoverageArgs(withoutWatch(own.args, "jest"), ctx, "jest");
  // Selection flags go after the user's arguments, so the launcher hides them from process.argv too.
  const reporter = [
    "--json",
    `--outputFile=${ctx.reportFile}`,
    ...coverageArgs(ctx, "jest"),
    ...(ctx.select ? nodeSelection(ctx.select, "jest") : []),
  ];
  const launcher = `${ctx.reportFile}.launcher.cjs`;
  return {
    cmd: "node",
    requires: bin,
    args: [...own.nodeArgs, launcher, bin, String(args.length), ...args, ...reporter],
    files: { [launcher]: JEST_LAUNCHER },
    ...(Object.keys(own.env).length > 0 ? { env: own.env } : {}),
  };
}

/**
 * A file in `.flux/tmp`, started as `node <launcher> <jest bin> <n> <n user args> <reporter flags>`: jest
 * reads its arguments from `process.argv` synchronously when its bin is loaded; right after, the reporter
 * flags are taken off again, so tests running in jest's own process see `[node, <jest bin>, ...user
 * args]`. A file, not `node -e`: `-e` would show in `process.execArgv` (commander reads it, and jest's
 * workers inherit it).
 */
export const JEST_LAUNCHER = [
  "// Written by Flux: starts jest with its reporter flags, then hides them from process.argv.",
  "const [bin, n, ...rest] = process.argv.slice(2);",
  "process.argv = [process.argv[0], bin, ...rest];",
  "require(bin);",
  "process.argv.splice(2 + Number(n));",
  "",
].join("\n");

function ownScript(projectDir: string, runner: "vitest" | "jest") {
  const script = nodeTestScript(projectDir);
  return script?.runner === runner ? script : { env: {}, nodeArgs: [], args: [] };
}

/**
 * The script's arguments without watch mode (a background run must end): `vitest watch` -> `vitest run`,
 * and a bare `vitest` (which watches whenever it guesses a developer is present) -> `vitest run`.
 */
export function withoutWatch(args: string[], runner: "vitest" | "jest"): string[] {
  const out = args.filter((a) => !["--watch", "--watchAll", "-w"].includes(a));
  if (runner !== "vitest") return out;
  if (out[0] === "watch" || out[0] === "dev") out[0] = "run";
  else if (!["run", "related", "bench", "typecheck", "list"].includes(out[0] ?? "")) {
    out.unshift("run");
  }
  return out;
}

/**
 * The script's vitest arguments for a selection: its flags kept, its subcommand replaced by `related
 * --run` (vitest's own related-test selection from its module graph) or `run`.
 */
function vitestSelected(args: string[], select: TestSelection): string[] {
  const flags = withoutWatch(args, "vitest").filter((a, i) =>
    !(i === 0 && ["run", "watch", "dev", "related"].includes(a))
  ).filter((a) => a.startsWith("-"));
  return select.related ? ["related", "--run", ...flags] : ["run", ...flags];
}

/**
 * Arguments for a selection: changed files for the runner's related-test selection (vitest's `related`
 * subcommand is chosen above, jest takes `--findRelatedTests`), or test files plus a name pattern.
 */
function nodeSelection(select: TestSelection, tool: "vitest" | "jest"): string[] {
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
    ? ["-t", `^(${[...new Set(names)].map(escapeRegExp).join("|")})$`]
    : [];
  return [...pattern, ...(tool === "jest" ? ["--runTestsByPath"] : []), ...files];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Reads a Jest-shaped JSON report; a suite that failed to load is a failure too. */
export function parseJestReport(output: ToolOutput, tool: string): ToolVerdict {
  if (output.report === null) {
    const why = lastErrorLine(output.stderr) || lastLine(output.stdout) ||
      `exit code ${output.code}`;
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
  if (failed === 0 && output.code !== 0) {
    // All tests passed and yet the command failed (a coverage threshold, a type error under
    // --typecheck, no tests found): the verdict is the command's, as in the terminal.
    const why = lastLine(output.stderr) || lastLine(output.stdout) || `exit code ${output.code}`;
    return {
      status: "fail",
      summary: `${testSummary(counts)}, but ${tool} exited with code ${output.code}`,
      findings: [{ message: why, severity: "error" }],
      counts,
      cases,
    };
  }
  return {
    status: failed > 0 ? "fail" : "ok",
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

/**
 * The last line of `stderr` that names an error (`TypeError [ERR_INVALID_ARG_TYPE]: ...`), else its last
 * line: node ends a crash with its version (`Node.js v20.20.2`), which says nothing.
 */
function lastErrorLine(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  return lines.findLast((l) => /^(\w*Error\b|Error:)/.test(l)) ??
    lines.findLast((l) => !/^Node\.js v\d/.test(l)) ?? "";
}
