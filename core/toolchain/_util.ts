/** Small helpers shared by the analyzers: paths, output tails, summaries. */
import { isFile } from "../fs/is_file.ts";

/**
 * Makes a path a tool printed relative to the project: strips `file://`, the project directory and a
 * leading `./`. Paths outside the project stay absolute.
 */
export function relativePath(projectDir: string, path: string): string {
  let p = path.startsWith("file://") ? decodeURIComponent(new URL(path).pathname) : path;
  const base = projectDir.endsWith("/") ? projectDir : projectDir + "/";
  if (p.startsWith(base)) p = p.slice(base.length);
  else if (base.startsWith("/private/") && p.startsWith(base.slice(8))) {
    p = p.slice(base.length - 8);
  }
  while (p.startsWith("./")) p = p.slice(2);
  return p;
}

/** The last `max` characters of `text`, cut at a line start. */
export function tail(text: string, max = 4000): string {
  if (text.length <= max) return text;
  const cut = text.slice(text.length - max);
  const nl = cut.indexOf("\n");
  return nl >= 0 ? cut.slice(nl + 1) : cut;
}

/** `text` without ANSI colour and cursor sequences (tools run in the user's environment may colour). */
export function stripAnsi(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, "");
}

/** "1 test" / "3 tests". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** "15 tests, 3 failed", "15 tests passed", "5 tests, 2 failed, 1 skipped", "no tests found". */
export function testSummary(counts: { total: number; failed: number; skipped?: number }): string {
  if (counts.total === 0) return "no tests found";
  const skipped = counts.skipped ? `, ${counts.skipped} skipped` : "";
  // "2 tests passed, 42 skipped": the skipped ones did not pass (a narrowed stage skips most of a file).
  if (counts.failed === 0) {
    return `${plural(counts.total - (counts.skipped ?? 0), "test")} passed${skipped}`;
  }
  return `${plural(counts.total, "test")}, ${counts.failed} failed${skipped}`;
}

/** The last non-empty line of `text`, trimmed; "" when there is none. */
export function lastLine(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  return lines[lines.length - 1] ?? "";
}

/**
 * Where a background run writes the coverage its test runner collects: beside its report under
 * `.flux/tmp`, never the project's `coverage/` (removed with the report, see run_tool.ts).
 */
export function coverageDir(reportFile: string): string {
  return `${reportFile}.coverage`;
}

/** The last line of `text` that says something (a letter or digit): not a box's border or a rule. */
export function lastWords(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => /[\p{L}\p{N}]/u.test(l));
  return lines[lines.length - 1] ?? "";
}

/** Packages whose command is not named after them. */
const BIN_PACKAGES: Record<string, string> = { tsc: "typescript", biome: "@biomejs/biome" };

/**
 * The JavaScript file behind the project's own `<name>` command, started as `node <file>` so that a plugin
 * needs only the "node" run permission. It is read from the `bin` field of the package in `node_modules`
 * (pnpm's `node_modules/.bin/<name>` is a shell script, not the JavaScript file); the `.bin` entry is the
 * fallback. The file may not exist: adapters name it in `requires`.
 */
export function nodeBin(projectDir: string, name: string): string {
  const pkgDir = `${projectDir}/node_modules/${BIN_PACKAGES[name] ?? name}`;
  try {
    const pkg = JSON.parse(Deno.readTextFileSync(`${pkgDir}/package.json`));
    const bin = typeof pkg?.bin === "string" ? pkg.bin : pkg?.bin?.[name];
    if (typeof bin === "string") return normalize(`${pkgDir}/${bin}`);
  } catch {
    // Not installed, or no readable package.json: the .bin entry, if any.
  }
  return `${projectDir}/node_modules/.bin/${name}`;
}

function normalize(path: string): string {
  return path.replace(/\/\.\//g, "/");
}

/** Virtual environments a Python project keeps its interpreter and tools in, most common first. */
const VENVS = [".venv", "venv", "env"];

/**
 * `name` from the project's virtual environment (`.venv/bin/<name>`, `venv/`, `env/`) when it has one,
 * else `fallback` (found on PATH): pytest, ruff and friends are usually installed in the project's venv.
 */
export function pythonBin(projectDir: string, name: string, fallback = name): string {
  for (const venv of VENVS) {
    const path = `${projectDir}/${venv}/bin/${name}`;
    if (isFile(path)) return path;
  }
  return fallback;
}
