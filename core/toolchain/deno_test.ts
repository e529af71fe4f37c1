/** deno test: `deno test --junit-path`, read as JUnit XML; a type-check failure is read like deno check. */
import { type JUnitCase, junitTestCase, parseJUnit, tallyCases } from "./junit.ts";
import { denoDiagnostics } from "./deno_check.ts";
import type { ToolAdapter, ToolContext, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding, TestSelection } from "./types.ts";
import { coverageDir, lastLine, lastWords, plural, relativePath, testSummary } from "./_util.ts";
import { asRecord, parseJsonc } from "./_json.ts";
import { shellWords } from "./shell_words.ts";
import { DENO_TEST_FLAGS, type DenoTestWords, denoTestWords } from "./_deno_test_flags.ts";

/**
 * The project's `test` task when it is one plain `deno test ...` (its permissions, flags and paths), else
 * `deno test -A`; plus the dot reporter on the terminal and JUnit XML in the report file (before the task's
 * `-- args`, which would take them for the tests' own arguments). A task that needs
 * the shell (`deno test && ...`) runs as `deno task test`, its verdict from the exit code.
 */
export const denoTest: ToolAdapter = {
  name: "deno_test",
  kinds: ["test"],
  invocation: (ctx) => {
    const task = denoTestTask(ctx.projectDir);
    if (task === "as written") return { cmd: "deno", args: ["task", "test"] };
    if (task !== "none") {
      const { args, scriptArgs } = task;
      const own = coverageFlags(ctx.select ? args.filter((arg) => !arg.path) : args, ctx)
        .flatMap((arg) => arg.words);
      return {
        cmd: "deno",
        args: [
          "test",
          ...own,
          ...denoTestReporter(ctx.reportFile),
          ...denoSelection(ctx.select),
          ...(scriptArgs.length > 0 ? ["--", ...scriptArgs] : []),
        ],
      };
    }
    return {
      cmd: "deno",
      args: [
        "test",
        "-A",
        "--permit-no-files",
        ...denoTestReporter(ctx.reportFile),
        ...denoSelection(ctx.select),
      ],
    };
  },
  // A task that needs the shell runs whole (`deno task test`): no selection.
  selects: (projectDir) => denoTestTask(projectDir) === "as written" ? [] : ["tests", "files"],
  parse: parseDenoTest,
};

/**
 * The task's coverage flags as a run of Flux's passes them. A background run writes no coverage profile
 * into the project: `--coverage` (or `--coverage=DIR`) is pointed at the run's own folder beside its
 * report under `.flux/tmp`, removed after the run, where `--coverage-threshold` still reads it. A
 * selection runs some of the tests: a coverage threshold is about the whole suite (a selection would
 * fail it, or pass it, for the files it left out), so it leaves out `--coverage-threshold` and the
 * coverage it needs.
 */
function coverageFlags(args: DenoTestWords["args"], ctx: ToolContext): DenoTestWords["args"] {
  const flag = (arg: DenoTestWords["args"][number]) => arg.words[0].replace(/=.*$/, "");
  if (ctx.select) {
    return args.filter((arg) => !["--coverage", "--coverage-threshold"].includes(flag(arg)));
  }
  if (!ctx.background) return args;
  return args.map((arg) =>
    flag(arg) === "--coverage"
      ? { ...arg, words: [`--coverage=${coverageDir(ctx.reportFile)}`] }
      : arg
  );
}

/** The reporter flags Flux adds to `deno test`. */
export function denoTestReporter(reportFile: string): string[] {
  return ["--reporter=dot", `--junit-path=${reportFile}`];
}

/**
 * The project's `test` task as Flux may run it: "none" (no task: `deno test -A`), "as written" (`deno
 * task test`, with nothing added), or the words after `deno test` when it is one plain `deno test`.
 * A task that needs the shell runs as written, and so does one that ends with a flag whose value is
 * missing (`deno test -A --conditions`): deno refuses it, and a flag Flux added after it would become
 * that value, so Flux's run could pass where the project's own command fails.
 */
export function denoTestTask(projectDir: string): "none" | "as written" | DenoTestWords {
  const task = denoTask(projectDir, "test");
  if (task === null) return "none";
  const words = shellWords(task);
  if (words === null || words[0] !== "deno" || words[1] !== "test") return "as written";
  const read = denoTestWords(words.slice(2));
  const dangling = read.args.some(({ words, path }) =>
    !path && words.length === 1 && DENO_TEST_FLAGS.get(words[0]) === "next"
  );
  return dangling ? "as written" : read;
}

/** The command of task `name` in the project's deno.json(c), or null. */
function denoTask(projectDir: string, name: string): string | null {
  for (const file of ["deno.json", "deno.jsonc"]) {
    let text: string;
    try {
      text = Deno.readTextFileSync(`${projectDir}/${file}`);
    } catch {
      continue;
    }
    const task = asRecord(asRecord(parseJsonc(text)).tasks)[name];
    if (typeof task === "string") return task;
    const command = asRecord(task).command;
    return typeof command === "string" ? command : null;
  }
  return null;
}

/** How deno's argument parser says it refused a command line (deno 2.9). */
const USAGE_ERROR = new RegExp(
  "^error: ((?:unexpected argument|a value is required for|invalid value|the argument) '.*" +
    "|the following required arguments were not provided: .*)$",
  "m",
);

/** Reads a `deno test` run. Test steps count as tests; a parent whose steps failed is not repeated. */
export function parseDenoTest(output: ToolOutput): ToolVerdict {
  if (output.report === null || output.report.trim() === "") {
    // Deno refused the command line itself (its argument parser's words): no test ran, nothing to compile.
    const usage = USAGE_ERROR.exec(output.stderr);
    if (output.code !== 0 && usage) {
      return {
        status: "fail",
        summary: `deno test refused its arguments: ${usage[1]}`,
        findings: [],
      };
    }
    const findings = denoDiagnostics(output.stdout + "\n" + output.stderr, output.projectDir);
    if (output.code === 0) return { status: "ok", summary: "no tests found", findings };
    if (findings.length > 0) {
      return {
        status: "fail",
        summary: `tests did not compile: ${plural(findings.length, "error")}`,
        findings,
      };
    }
    const why = lastLine(output.stderr) || lastLine(output.stdout) || `exit code ${output.code}`;
    return { status: "fail", summary: `deno test failed: ${why}`, findings };
  }
  const cases = parseJUnit(output.report);
  const leaves = cases.filter((c) =>
    !cases.some((o) => o.classname === c.classname && o.name.startsWith(`${c.name} > `))
  );
  const { bad, counts } = tallyCases(leaves);
  const findings = bad.map((c) => denoTestFinding(c, output.projectDir));
  const message = new Map(bad.map((c, i) => [c, findings[i]!.message]));
  // Every test passed and deno still failed (a coverage threshold not met, a leak found after the
  // tests): the summary says why, not only that the tests passed.
  const after = bad.length === 0 && output.code !== 0
    ? `, but deno test failed: ${denoError(output.stderr) || `exit code ${output.code}`}`
    : "";
  return {
    status: bad.length > 0 || output.code !== 0 ? "fail" : "ok",
    summary: `${testSummary(counts)}${after}`,
    findings,
    counts,
    cases: leaves.map((c) => {
      const file = relativePath(output.projectDir, c.classname);
      return junitTestCase(c, `${file}::${c.name}`, file, message.get(c));
    }),
  };
}

/**
 * Deno's last `error:` message in `stderr` with the lines that go with it, on one line ("Coverage
 * threshold not met: Branch coverage 50.00% is below the threshold of 90.00%"); else its last words.
 */
function denoError(stderr: string): string {
  const lines = stderr.split("\n").map((line) => line.trim());
  const start = lines.findLastIndex((line) => line.startsWith("error: "));
  if (start < 0) return lastWords(stderr);
  const end = lines.findIndex((line, i) =>
    i > start && (line === "" || line === "Stack backtrace:")
  );
  return lines.slice(start, end < 0 ? undefined : end).map((line) => line.replace(/^- /, ""))
    .join(" ").replace(/^error: /, "");
}

/**
 * `deno test` arguments for a selection: the files of the selected tests (ids are `file::name`) and the
 * given test files, plus `--filter` with the selected names when only whole tests are asked for.
 */
function denoSelection(select: TestSelection | undefined): string[] {
  if (!select) return [];
  const tests = (select.tests ?? []).map((id) => {
    const at = id.indexOf("::");
    return at < 0 ? { file: id, name: "" } : { file: id.slice(0, at), name: id.slice(at + 2) };
  });
  const files = [...new Set([...tests.map((t) => t.file), ...(select.files ?? [])])];
  if (files.length === 0) return [];
  const names = tests.map((t) => t.name.split(" > ")[0]!).filter((n) => n !== "");
  const filter = names.length > 0 && (select.files ?? []).length === 0
    ? [`--filter=/^(${[...new Set(names)].map(escapeRegExp).join("|")})$/`]
    : [];
  return [...filter, ...files];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function denoTestFinding(c: JUnitCase, projectDir: string): Finding {
  const raw = (c.message ?? c.detail ?? "failed").replace(/^Uncaught /, "");
  const message = raw.split("\n").map((l) => l.trim()).filter((l) => l !== "").join(" ")
    .slice(0, 300);
  const file = relativePath(projectDir, c.classname);
  const finding: Finding = { message, name: c.name, file, severity: "error" };
  // The first stack frame in the test's own file is where it failed; else where the test is declared.
  const frame = [
    ...(c.detail ?? "").matchAll(/^\s+at (?:.*\()?(file:\/\/[^\s)]+):(\d+):(\d+)\)?$/gm),
  ]
    .find((m) => relativePath(projectDir, m[1]!) === file);
  if (frame) {
    finding.line = Number(frame[2]);
    finding.column = Number(frame[3]);
  } else if (c.line !== undefined) {
    finding.line = c.line;
    if (c.column !== undefined) finding.column = c.column;
  }
  return finding;
}
