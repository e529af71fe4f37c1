/** Reads JUnit XML (pytest `--junitxml`, `deno test --junit-path`, many others) into test cases. */
import { findAll, parseXml } from "./_xml.ts";
import type { TestCase, ToolCounts } from "./types.ts";

/** One `<testcase>`. */
export interface JUnitCase {
  suite: string;
  classname: string;
  name: string;
  file?: string;
  line?: number;
  column?: number;
  outcome: "passed" | "failed" | "error" | "skipped";
  /** The `message` attribute of the failure, error or skip. */
  message?: string;
  /** The body of the failure or error (traceback, assertion diff). */
  detail?: string;
  /** Seconds, from the `time` attribute. */
  time?: number;
}

/** Parses a JUnit XML document; throws a SyntaxError when it is not one. */
export function parseJUnit(xml: string): JUnitCase[] {
  const root = parseXml(xml);
  if (root.name !== "testsuites" && root.name !== "testsuite") {
    throw new SyntaxError(`Cannot read JUnit XML: the root element is "<${root.name}>"`);
  }
  const suites = root.name === "testsuite" ? [root] : findAll(root, "testsuite");
  const cases: JUnitCase[] = [];
  for (const suite of suites) {
    for (const tc of suite.children.filter((c) => c.name === "testcase")) {
      const failure = tc.children.find((c) => c.name === "failure");
      const error = tc.children.find((c) => c.name === "error");
      const skipped = tc.children.find((c) => c.name === "skipped");
      const problem = failure ?? error ?? skipped;
      const junitCase: JUnitCase = {
        suite: suite.attrs.name ?? "",
        classname: tc.attrs.classname ?? "",
        name: tc.attrs.name ?? "",
        outcome: failure ? "failed" : error ? "error" : skipped ? "skipped" : "passed",
      };
      const file = tc.attrs.file;
      if (file) junitCase.file = file;
      const line = Number(tc.attrs.line);
      if (tc.attrs.line !== undefined && Number.isFinite(line)) junitCase.line = line;
      const column = Number(tc.attrs.col ?? tc.attrs.column);
      if (Number.isFinite(column) && (tc.attrs.col ?? tc.attrs.column) !== undefined) {
        junitCase.column = column;
      }
      const time = Number(tc.attrs.time);
      if (tc.attrs.time !== undefined && Number.isFinite(time)) junitCase.time = time;
      if (problem?.attrs.message !== undefined) junitCase.message = problem.attrs.message;
      if (problem && problem.text.trim() !== "") junitCase.detail = problem.text;
      cases.push(junitCase);
    }
  }
  return cases;
}

/** The failed (or errored) cases of a run and its counts. */
export function tallyCases(cases: JUnitCase[]): { bad: JUnitCase[]; counts: Required<ToolCounts> } {
  const bad = cases.filter((c) => c.outcome === "failed" || c.outcome === "error");
  const skipped = cases.filter((c) => c.outcome === "skipped").length;
  const counts = {
    total: cases.length,
    passed: cases.length - bad.length - skipped,
    failed: bad.length,
    skipped,
  };
  return { bad, counts };
}

/** A JUnit case as a recorded {@linkcode TestCase}: `id` as the runner names it, time in milliseconds. */
export function junitTestCase(
  c: JUnitCase,
  id: string,
  file: string | undefined,
  message: string | undefined,
): TestCase {
  const out: TestCase = { id, outcome: c.outcome };
  if (file) out.file = file;
  if (c.time !== undefined) out.durationMs = Math.round(c.time * 100_000) / 100;
  if (message !== undefined) out.message = message;
  return out;
}
