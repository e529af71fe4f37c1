/** deno test: `deno test --junit-path`, read as JUnit XML; a type-check failure is read like deno check. */
import { type JUnitCase, junitTestCase, parseJUnit, tallyCases } from "./junit.ts";
import { denoDiagnostics } from "./deno_check.ts";
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding, TestSelection } from "./types.ts";
import { lastLine, plural, relativePath, testSummary } from "./_util.ts";
import { asRecord, parseJsonc } from "./_json.ts";
import { shellWords } from "./shell_words.ts";
import { denoTestWords } from "./_deno_test_flags.ts";

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
    const task = denoTask(ctx.projectDir, "test");
    if (task !== null) {
      const words = shellWords(task);
      if (words === null || words[0] !== "deno" || words[1] !== "test") {
        return { cmd: "deno", args: ["task", "test"] };
      }
      const written = words.slice(2);
      const { args, scriptArgs } = denoTestWords(written);
      const own = ctx.select ? withoutPaths(written) : args.flatMap((arg) => arg.words);
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
  selects: (projectDir) => {
    const task = denoTask(projectDir, "test");
    const words = task === null ? ["deno", "test"] : shellWords(task);
    return words !== null && words[0] === "deno" && words[1] === "test" ? ["tests", "files"] : [];
  },
  parse: parseDenoTest,
};

/** The reporter flags Flux adds to `deno test`. */
export function denoTestReporter(reportFile: string): string[] {
  return ["--reporter=dot", `--junit-path=${reportFile}`];
}

/** The command of task `name` in the project's deno.json(c), or null. */
export function denoTask(projectDir: string, name: string): string | null {
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

/** Reads a `deno test` run. Test steps count as tests; a parent whose steps failed is not repeated. */
export function parseDenoTest(output: ToolOutput): ToolVerdict {
  if (output.report === null || output.report.trim() === "") {
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
  return {
    status: bad.length > 0 || output.code !== 0 ? "fail" : "ok",
    summary: testSummary(counts),
    findings,
    counts,
    cases: leaves.map((c) => {
      const file = relativePath(output.projectDir, c.classname);
      return junitTestCase(c, `${file}::${c.name}`, file, message.get(c));
    }),
  };
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

/**
 * The task's flags without its paths: a selection names the files itself. A flag's value that is a word
 * of its own stays with its flag (`--conditions dev`); what follows `--` is left out (the tests' own arguments).
 */
export function withoutPaths(words: string[]): string[] {
  return denoTestWords(words).args.flatMap((arg) => arg.path ? [] : arg.words);
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
