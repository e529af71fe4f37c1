/**
 * The one interface every external tool sits behind: how to invoke it and how to read what it wrote.
 * Each analyzer (pytest.ts, deno_test.ts, eslint.ts, ...) exports one {@linkcode ToolAdapter}.
 */
import type { Finding, TestCase, TestSelection, ToolCounts, ToolKind, ToolRun } from "./types.ts";

/** What an adapter needs to build its command line. */
export interface ToolContext {
  projectDir: string;
  /** A fresh path under `.flux/tmp/` for a report file (JUnit XML, JSON), not yet created. */
  reportFile: string;
  /** Format tools: rewrite files instead of checking them. */
  fix: boolean;
  /** Test runners: run only these tests (see {@linkcode TestSelection}); absent runs them all. */
  select?: TestSelection;
  /**
   * pytest: record per-test coverage of this (whole) run into this data file under `.flux/tmp`
   * (`coverage` must be importable by the project's python; see python_coverage.ts).
   */
  coverageData?: string;
  /**
   * A check nobody asked for at this moment (a monitor's): whatever the plain command would run besides
   * the tests and may write files (npm's `pretest`/`posttest` hooks) is left out, and the run says so;
   * coverage a test runner collects goes beside the report under `.flux/tmp` (`coverageDir`), not into
   * the project.
   */
  background?: boolean;
}

/** The program to start. */
export interface ToolInvocation {
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  /** A file that must exist for the tool to count as installed (a `node_modules/.bin` script). */
  requires?: string;
  /** Files under `.flux/tmp` to write before the run and remove after (path -> text). */
  files?: Record<string, string>;
  /** What this run leaves out of the plain command, appended to its summary ("pretest not run: ..."). */
  note?: string;
}

/** What the run produced, handed to `parse`. */
export interface ToolOutput {
  projectDir: string;
  code: number;
  stdout: string;
  stderr: string;
  /** The report file's text, or null when the tool did not write it. */
  report: string | null;
  /** The run was a fix (format) run rather than a check. */
  fix: boolean;
}

/** An adapter's reading of the output. */
export interface ToolVerdict {
  status: ToolRun["status"];
  summary: string;
  findings: Finding[];
  counts?: ToolCounts;
  cases?: TestCase[];
}

/** One external tool. */
export interface ToolAdapter {
  /** Analyzer name, used in `ToolRun.tool` and in toolchain tool lists: "pytest", "deno_lint". */
  name: string;
  kinds: ToolKind[];
  invocation(ctx: ToolContext): ToolInvocation;
  /**
   * Test runners: what of a {@linkcode TestSelection} they can run (for this project, when it depends on
   * how the project runs its tests); absent or empty: they always run everything.
   */
  selects?: Array<keyof TestSelection> | ((projectDir: string) => Array<keyof TestSelection>);
  parse(output: ToolOutput): ToolVerdict;
  /** A second tool run after this one passes (`go vet` after the build); its verdict is added. */
  then?: ToolAdapter;
}

/** What `adapter` can select in `projectDir` (empty: only the whole suite). */
export function adapterSelects(
  adapter: ToolAdapter,
  projectDir: string,
): Array<keyof TestSelection> {
  const selects = adapter.selects;
  return typeof selects === "function" ? selects(projectDir) : selects ?? [];
}
