/**
 * The shapes every tool analyzer produces: a tool run becomes a {@linkcode ToolRun} with
 * {@linkcode Finding}s, whatever the tool (pytest, deno test, eslint, cargo, ...).
 */

/** What a tool is run for. `build` and `typecheck` may map to the same tool (deno check). */
export type ToolKind = "test" | "lint" | "build" | "typecheck" | "format";

/** All tool kinds, in a stable order. */
export const TOOL_KINDS: readonly ToolKind[] = ["test", "lint", "build", "typecheck", "format"];

/** One structured result of a tool: a failed test, a lint issue, a compiler error. */
export interface Finding {
  /** Path relative to the project directory when the tool says where. */
  file?: string;
  line?: number;
  column?: number;
  /** One line: "AssertionError: Expected 200, got 401". */
  message: string;
  /** Test name ("tests/test_auth.py::test_login") or rule/error code ("F401", "no-unused-vars"). */
  name?: string;
  severity: "error" | "warning" | "info";
  /** True when the tool's own output says its fix mode can fix this finding (ruff `fix`, eslint `fix`). */
  fixable?: boolean;
}

/** Test counts, when the tool reports them. */
export interface ToolCounts {
  total: number;
  passed: number;
  failed: number;
  skipped?: number;
}

/** One test of a run, as the runner names it: the pytest node id, `file::name` for the others. */
export interface TestCase {
  id: string;
  outcome: "passed" | "failed" | "error" | "skipped";
  /** The test's file, relative to the project, when the runner says. */
  file?: string;
  durationMs?: number;
  /** One line, for failures. */
  message?: string;
}

/**
 * Which tests a run is limited to (the widening loop's early stages); no selection runs the whole suite.
 * `tests` are ids from {@linkcode TestCase.id}; `files` test files; `related` changed source files the
 * runner maps to tests itself (vitest related, jest --findRelatedTests); `packages` Go packages.
 */
export interface TestSelection {
  tests?: string[];
  files?: string[];
  related?: string[];
  packages?: string[];
}

/** The outcome of one tool run. `unknown` means the tool could not say (missing, crashed, aborted). */
export interface ToolRun {
  /** Analyzer name: "pytest", "deno_test", "eslint", ... */
  tool: string;
  command: string[];
  status: "ok" | "fail" | "unknown";
  /** One line: "15 tests, 3 failed", "2 lint issues", "deno check: 1 error". */
  summary: string;
  findings: Finding[];
  /** The tool's combined stdout and stderr (the tail, when long). */
  output: string;
  durationMs: number;
  counts?: ToolCounts;
  /** Tests: every test of the run (passed ones too), when the runner's report lists them. */
  cases?: TestCase[];
}

/** The ecosystems Flux detects. */
export type ToolchainName = "deno" | "node" | "python" | "go" | "rust";

/** A detected ecosystem and, per kind, the analyzers to try in order (the first one installed is used). */
export interface Toolchain {
  name: ToolchainName;
  /** The files that revealed it ("deno.json", "package.json", ...). */
  markers: string[];
  tools: Partial<Record<ToolKind, string[]>>;
}
