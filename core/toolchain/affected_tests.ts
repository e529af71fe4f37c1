/**
 * Which tests a set of changed files affects (stage 2 of the widening loop): Python from the import graph
 * of the project's modules, plus the tests an earlier whole run's per-test coverage saw run a changed
 * file (where `coverage` is installed); Deno from `deno info --json`, vitest and jest by their own
 * related-test selection, Go by package and the packages importing it. A change the graph cannot place
 * (configuration, lockfiles, fixtures, data, a deleted or unknown file) selects everything; so does a
 * runner Flux cannot select tests for.
 */
import type { TestSelection } from "./types.ts";
import { importersOf, pythonImportGraph } from "./python_import_graph.ts";
import { denoModuleGraph } from "./deno_module_graph.ts";
import { goPackageGraph } from "./go_package_graph.ts";
import { listProjectFiles } from "./list_project_files.ts";
import { pathExists } from "../fs/path_exists.ts";
import { loadCoverageMap } from "./python_coverage.ts";

/** What stage 2 runs. */
export type AffectedTests =
  | { kind: "all"; reason: string }
  | { kind: "some"; select: TestSelection; files: string[] }
  | { kind: "none" };

/** Files whose change means "anything may break": configuration, lockfiles, test set-up. */
const SELECTS_ALL = new RegExp(
  [
    String.raw`(^|/)conftest\.py$`,
    String
      .raw`(^|/)(pytest\.ini|tox\.ini|setup\.cfg|setup\.py|pyproject\.toml|requirements[^/]*\.txt)$`,
    String.raw`(^|/)(deno\.jsonc?|deno\.lock|import_map\.json)$`,
    String.raw`(^|/)(package\.json|package-lock\.json|pnpm-lock\.yaml|yarn\.lock|bun\.lockb?)$`,
    String.raw`(^|/)(tsconfig[^/]*\.json|(vitest|vite|jest)\.config\.[cm]?[jt]s)$`,
    String.raw`(^|/)(go\.mod|go\.sum|Cargo\.toml|Cargo\.lock)$`,
    String.raw`(^|/)(fixtures?|testdata|__snapshots__|__fixtures__)/`,
  ].join("|"),
);

const PYTHON_TEST = /(^|\/)(test_[^/]*|[^/]*_test)\.py$/;
const DENO_SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const DENO_TEST = /(^|\/)([^/]*[._])?test\.(ts|tsx|mts|js|jsx|mjs)$/;

/** The tests `changed` (project-relative paths) affects, for test runner `tool`. */
export async function affectedTests(
  projectDir: string,
  tool: string,
  changed: string[],
  signal?: AbortSignal,
): Promise<AffectedTests> {
  if (changed.length === 0) return { kind: "none" };
  const config = changed.find((f) => SELECTS_ALL.test(f));
  if (config) return { kind: "all", reason: `${config} changed` };
  for (const file of changed) {
    if (!(await pathExists(`${projectDir}/${file}`))) {
      return { kind: "all", reason: `${file} was deleted or moved` };
    }
  }
  switch (tool) {
    case "pytest":
      return await pythonAffected(projectDir, changed, signal);
    case "deno_test":
      return await denoAffected(projectDir, changed, signal);
    case "vitest":
    case "jest": {
      const odd = changed.find((f) => !DENO_SOURCE.test(f));
      if (odd) return { kind: "all", reason: `${odd} is not a module ${tool} can relate to tests` };
      return { kind: "some", select: { related: changed }, files: changed };
    }
    case "go_test":
      return await goAffected(projectDir, changed, signal);
    default:
      return { kind: "all", reason: `Flux cannot select tests for ${tool}` };
  }
}

async function pythonAffected(
  projectDir: string,
  changed: string[],
  signal?: AbortSignal,
): Promise<AffectedTests> {
  const odd = changed.find((f) => !f.endsWith(".py"));
  if (odd) return { kind: "all", reason: `${odd} is not a Python module` };
  const files = (await listProjectFiles(projectDir, signal)).filter((f) => f.endsWith(".py"));
  const graph = await pythonImportGraph(files, (f) => Deno.readTextFile(`${projectDir}/${f}`));
  const tests = [...importersOf(graph, changed)].filter((f) => PYTHON_TEST.test(f));
  // Per-test coverage of an earlier whole run adds the tests that ran a changed file's lines (an
  // `importlib` import the lines do not show). A file it never saw keeps the import graph alone; one
  // changed since it was recorded is still covered by the graph, which is always part of the answer.
  const coverage = await loadCoverageMap(projectDir);
  const known = new Set(files);
  for (const file of changed) {
    for (const test of coverage?.files[file] ?? []) if (known.has(test)) tests.push(test);
  }
  tests.splice(0, tests.length, ...[...new Set(tests)].sort());
  // Every test file reaches the change (a package __init__ imports it): stage 3 is that run already.
  if (tests.length > 0 && tests.length === files.filter((f) => PYTHON_TEST.test(f)).length) {
    return { kind: "all", reason: "every test file imports a changed module" };
  }
  return tests.length === 0
    ? { kind: "none" }
    : { kind: "some", select: { files: tests }, files: tests };
}

async function denoAffected(
  projectDir: string,
  changed: string[],
  signal?: AbortSignal,
): Promise<AffectedTests> {
  const odd = changed.find((f) => !DENO_SOURCE.test(f));
  if (odd) return { kind: "all", reason: `${odd} is not a module deno can place` };
  const testFiles = (await listProjectFiles(projectDir, signal)).filter((f) => DENO_TEST.test(f));
  if (testFiles.length === 0) return { kind: "all", reason: "no test files found by name" };
  const graph = await denoModuleGraph(projectDir, testFiles, signal);
  if (graph === null) return { kind: "all", reason: "deno info could not build the module graph" };
  const unplaced = changed.find((f) => !graph.has(f));
  if (unplaced) return { kind: "none" };
  const tests = [...importersOf(graph, changed)].filter((f) => testFiles.includes(f)).sort();
  if (tests.length > 0 && tests.length === testFiles.length) {
    return { kind: "all", reason: "every test file imports a changed module" };
  }
  return tests.length === 0
    ? { kind: "none" }
    : { kind: "some", select: { files: tests }, files: tests };
}

/** The packages of the changed files and every package of the module importing them (tests included). */
async function goAffected(
  projectDir: string,
  changed: string[],
  signal?: AbortSignal,
): Promise<AffectedTests> {
  const odd = changed.find((f) => !f.endsWith(".go"));
  if (odd) return { kind: "all", reason: `${odd} is not a Go source file` };
  const graph = await goPackageGraph(projectDir, signal);
  if (graph === null) return { kind: "all", reason: "go list could not read the packages" };
  const dirs = changed.map((f) => f.includes("/") ? f.slice(0, f.lastIndexOf("/")) : ".");
  const unplaced = dirs.find((d) => !graph.has(d));
  if (unplaced) return { kind: "all", reason: `go list does not know package ${unplaced}` };
  const affected = [...importersOf(graph, dirs)].sort();
  if (affected.length === graph.size) {
    return { kind: "all", reason: "every package imports a changed package" };
  }
  const packages = affected.map((d) => d === "." ? "." : `./${d}`);
  return { kind: "some", select: { packages }, files: packages };
}
