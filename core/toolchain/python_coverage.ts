/**
 * Per-test coverage for pytest projects, where the `coverage` module is importable by the python that
 * runs the project's pytest: the whole-suite run (stage `full`) runs as `python -m coverage run
 * --rcfile=<.flux/tmp/...> -m pytest ...` with one dynamic context per test function, and the data
 * file is read (read-only SQLite) into a map: source file -> the test files whose tests ran its lines.
 * Stage 2 adds those test files to the ones the import graph selects, so a module reached only by
 * `importlib.import_module(name)` still selects its tests. Everything lives under `.flux/tmp`; the
 * user's tree and their own coverage config are never touched.
 */
import { DatabaseSync } from "node:sqlite";
import { ensureFluxTmpDir } from "./flux_tmp_dir.ts";
import { runProcess } from "../process/run_process.ts";

/** The map of the last whole run recorded under coverage. */
export interface CoverageMap {
  /** When the whole run that recorded it ended (ISO time). */
  recordedAt: string;
  /** Project-relative source file -> project-relative test files that executed it. */
  files: Record<string, string[]>;
}

const MAP_FILE = "pytest-coverage-map.json";
const PYTHON_TEST = /(^|\/)(test_[^/]*|[^/]*_test)\.py$/;
const importable = new Map<string, Promise<boolean>>();

/** True when `python` (a path or a name on PATH) can import `coverage`; asked once per python. */
export function coverageImportable(python: string, cwd: string): Promise<boolean> {
  let known = importable.get(python);
  if (!known) {
    known = imports(python, cwd);
    importable.set(python, known);
  }
  return known;
}

async function imports(python: string, cwd: string): Promise<boolean> {
  // Through runProcess: in a plugin's sandbox programs are started by the host's broker.
  const result = await runProcess(python, ["-c", "import coverage"], { cwd });
  return !result.notFound && result.code === 0;
}

/** The coverage rc Flux writes under `.flux/tmp` for one run: data to `dataFile`, a context per test. */
export function coverageRc(dataFile: string): string {
  return `# Written by Flux for one pytest run.\n[run]\ndata_file = ${dataFile}\n` +
    `dynamic_context = test_function\n`;
}

/** A fresh path under `.flux/tmp` for a coverage data file. */
export async function coverageDataPath(projectDir: string): Promise<string> {
  return `${await ensureFluxTmpDir(projectDir)}/pytest-coverage-${crypto.randomUUID()}.db`;
}

/**
 * Reads a coverage data file (SQLite, read-only) into source file -> test files. A test context
 * ("tests.test_a.TestK.test_x") is placed in the test file whose module name it holds and whose lines
 * it ran; the empty context (imports, collection) selects nothing. Null when the file cannot be read.
 */
export function readCoverageData(
  projectDir: string,
  dataFile: string,
): Record<string, string[]> | null {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(dataFile, { readOnly: true });
  } catch {
    return null;
  }
  try {
    // A row with no line set (all-zero numbits) is a file the tracer knew in that context, not one it ran.
    const rows = db.prepare(
      `SELECT f.path AS path, c.context AS context FROM line_bits l
       JOIN file f ON f.id = l.file_id JOIN context c ON c.id = l.context_id
       WHERE c.context != '' AND hex(l.numbits) GLOB '*[1-9A-F]*'`,
    ).all() as Array<{ path: string; context: string }>;
    const prefix = `${projectDir.replace(/\/+$/, "")}/`;
    const ran = new Map<string, Set<string>>();
    for (const { path, context } of rows) {
      if (!path.startsWith(prefix)) continue;
      const file = path.slice(prefix.length);
      if (file.startsWith(".") || file.includes("/.")) continue;
      let contexts = ran.get(file);
      if (!contexts) ran.set(file, contexts = new Set());
      contexts.add(context);
    }
    const testFileOf = new Map<string, string>();
    for (const [file, contexts] of ran) {
      if (!PYTHON_TEST.test(file)) continue;
      const stem = file.slice(file.lastIndexOf("/") + 1).replace(/\.py$/, "");
      for (const context of contexts) {
        if (context.split(".").includes(stem)) testFileOf.set(context, file);
      }
    }
    const map: Record<string, string[]> = {};
    for (const [file, contexts] of [...ran].sort(([a], [b]) => a.localeCompare(b))) {
      const tests = new Set(
        [...contexts].map((c) => testFileOf.get(c)).filter((t): t is string => t !== undefined),
      );
      if (tests.size > 0) map[file] = [...tests].sort();
    }
    return map;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/** Keeps `files` as the map of the last covered whole run (written whole, then renamed into place). */
export async function saveCoverageMap(
  projectDir: string,
  files: Record<string, string[]>,
): Promise<void> {
  const dir = await ensureFluxTmpDir(projectDir);
  const map: CoverageMap = { recordedAt: new Date().toISOString(), files };
  const partial = `${dir}/${MAP_FILE}.${crypto.randomUUID()}`;
  await Deno.writeTextFile(partial, JSON.stringify(map));
  await Deno.rename(partial, `${dir}/${MAP_FILE}`);
}

/** The map of the last covered whole run, or null when none was recorded (or it cannot be read). */
export async function loadCoverageMap(projectDir: string): Promise<CoverageMap | null> {
  try {
    const map = JSON.parse(await Deno.readTextFile(`${projectDir}/.flux/tmp/${MAP_FILE}`));
    if (typeof map !== "object" || map === null || typeof map.files !== "object") return null;
    return map as CoverageMap;
  } catch {
    return null;
  }
}
