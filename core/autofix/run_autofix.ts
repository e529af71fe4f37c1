/**
 * `/autofix` and `flux autofix`: the one place Flux writes the person's code, and only when asked. Runs
 * the project's lint and format checks as the lint monitor does (same toolchain detection, same analyzers,
 * read-only), takes the files their findings name (fixable ones, where the tool says; never lockfiles,
 * generated or ignored files), runs each tool's write mode on exactly those files, and lists every file
 * that changed with its +/- lines. The changes are recorded as the person's own edits (`file_edit`,
 * `source: "autofix"`), and marked as Flux's writes so the file watcher does not record them twice.
 */
import { runProcess } from "../process/run_process.ts";
import { runTool } from "../toolchain/run_tool.ts";
import { detectToolchains } from "../toolchain/detect_toolchains.ts";
import type { ToolKind, ToolRun } from "../toolchain/types.ts";
import { FileFilter } from "../toolchain/file_filter.ts";
import { beginOwnWrites } from "../toolchain/own_writes.ts";
import { stripAnsi, tail } from "../toolchain/_util.ts";
import { EventType } from "../session/event_type.ts";
import { FIXERS } from "./fixers.ts";
import { fixableFile } from "./fixable_file.ts";
import { type LineChanges, lineChanges } from "./line_changes.ts";

/** One file the fixers changed. */
export interface ChangedFile extends LineChanges {
  /** Project-relative path. */
  file: string;
}

/** One fixer that ran. */
export interface FixerRun {
  /** The check's analyzer name ("eslint", "deno_fmt"). */
  tool: string;
  command: string[];
  files: string[];
  code: number;
  ok: boolean;
  /** The end of its output, for a failure's message. */
  output: string;
}

/** What `/autofix` did. */
export interface AutofixReport {
  /** Every file that changed, sorted. */
  changed: ChangedFile[];
  fixers: FixerRun[];
  /** One line per check that found nothing to fix, or could not say ("deno lint: no lint issues"). */
  notes: string[];
}

/** Where the changes are recorded (a `SessionManager`). */
export interface AutofixSession {
  recordEvents(batch: Array<{ type: EventType; data: Record<string, unknown> }>): unknown;
}

/** Options of {@linkcode runAutofix}. */
export interface AutofixOptions {
  session?: AutofixSession;
  signal?: AbortSignal;
  /** One line per step ("deno lint: 2 issues in 1 file", "running eslint --fix on 3 files"). */
  onProgress?(line: string): void;
  /** Analyzer per kind instead of the detected one (`monitors.lint.tool`). */
  tools?: Partial<Record<"lint" | "format", string>>;
}

/** Lint first, so the formatter has the last word on layout. */
const KINDS = ["lint", "format"] as const satisfies readonly ToolKind[];

/** Runs the fixers of `projectDir`'s lint and format findings; see the module comment. */
export async function runAutofix(
  projectDir: string,
  options: AutofixOptions = {},
): Promise<AutofixReport> {
  const progress = options.onProgress ?? (() => {});
  const toolchains = await detectToolchains(projectDir);
  const filter = await FileFilter.load(projectDir);
  const plan: Array<{ kind: (typeof KINDS)[number]; tool: string; files: string[] }> = [];
  const notes: string[] = [];
  for (const kind of KINDS) {
    progress(`checking ${kind}`);
    const tool = options.tools?.[kind];
    const run = await runTool(kind, projectDir, {
      toolchains,
      readOnly: true,
      ...(tool ? { tool } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const files = await filesToFix(projectDir, run, filter);
    progress(`${run.tool}: ${run.summary}`);
    const byHand = FIXERS[run.tool]?.fixes === "fixable"
      ? run.findings.filter((f) => f.fixable !== true)
      : [];
    if (byHand.length > 0) {
      const where = [...new Set(byHand.map((f) => f.file).filter((f) => f !== undefined))];
      notes.push(
        `${run.tool}: ${byHand.length} ${
          byHand.length === 1 ? "finding" : "findings"
        } its fixer cannot fix, left for you${where.length ? ` (${listFiles(where)})` : ""}`,
      );
    }
    if (files === null) notes.push(`${run.tool}: ${run.summary}`);
    else {
      if (files.length === 0) {
        notes.push(
          `${run.tool}: ${run.summary}${run.status === "fail" ? " (none it can fix)" : ""}`,
        );
      }
      plan.push({ kind, tool: run.tool, files });
    }
  }
  if (plan.every((p) => p.files.length === 0)) return { changed: [], fixers: [], notes };

  const targets = [...new Set(plan.flatMap((p) => p.files))].sort();
  const before = new Map<string, string | null>();
  for (const file of targets) before.set(file, await readOrNull(`${projectDir}/${file}`));
  const writes = await beginOwnWrites(projectDir);
  const fixers: FixerRun[] = [];
  try {
    for (const { kind, tool, files: named } of plan) {
      // The formatter also gets the files the lint fixes rewrote (as `npm run fix` would format them).
      const files = kind === "format"
        ? [...new Set([...named, ...await changedSince(projectDir, before)])].sort()
        : named;
      if (files.length === 0) continue;
      const fixer = FIXERS[tool]!;
      const inv = fixer.invocation(projectDir, files.map((f) => `./${f}`));
      progress(`running ${tool} on ${files.length} ${files.length === 1 ? "file" : "files"}`);
      const result = await runProcess(inv.cmd, inv.args, {
        cwd: projectDir,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const output = tail(stripAnsi(`${result.stdout}\n${result.stderr}`).trim(), 2000);
      fixers.push({
        tool,
        command: [inv.cmd, ...inv.args],
        files,
        code: result.notFound ? 127 : result.code,
        ok: !result.notFound && !result.aborted && fixer.okCodes.includes(result.code) &&
          !fixer.crashed?.test(stripAnsi(`${result.stdout}\n${result.stderr}`)),
        output: result.notFound ? `${inv.cmd}: program not found` : output,
      });
      if (result.aborted) break;
    }
  } finally {
    const stamps = new Map<string, string>();
    for (const file of targets) {
      const info = await Deno.lstat(`${projectDir}/${file}`).catch(() => null);
      stamps.set(file, info ? `${info.mtime?.getTime() ?? 0}:${info.size}` : "deleted");
    }
    await writes.close(stamps, await changedSince(projectDir, before));
  }
  const changed: ChangedFile[] = [];
  for (const file of targets) {
    const after = await readOrNull(`${projectDir}/${file}`);
    const was = before.get(file) ?? null;
    if (after === was) continue;
    changed.push({ file, ...lineChanges(was ?? "", after ?? "") });
  }
  const touched = new Set(changed.map((c) => c.file));
  for (const run of fixers.filter((f) => f.ok)) {
    const left = run.files.filter((f) => !touched.has(f));
    if (left.length === run.files.length) {
      notes.push(`${run.tool}: nothing it could fix in ${listFiles(left)} (left for you)`);
    }
  }
  if (changed.length > 0 && options.session) {
    options.session.recordEvents(changed.map((c) => ({
      type: EventType.FILE_EDIT,
      data: {
        file: c.file,
        lines_changed: c.added + c.removed,
        added: c.added,
        removed: c.removed,
        source: "autofix",
      },
    })));
  }
  return { changed, fixers, notes };
}

/**
 * The files `run`'s findings name that its fixer may rewrite; null when there is no fixer for the tool
 * or the check could not say (tool missing, crashed).
 */
async function filesToFix(
  projectDir: string,
  run: ToolRun,
  filter: FileFilter,
): Promise<string[] | null> {
  const fixer = FIXERS[run.tool];
  if (!fixer || run.status === "unknown") return null;
  const named = run.findings
    .filter((f) => fixer.fixes === "all" || f.fixable === true)
    .map((f) => f.file)
    .filter((f): f is string => f !== undefined && f !== "");
  const files: string[] = [];
  for (const file of [...new Set(named)].sort()) {
    if (await fixableFile(projectDir, file, filter)) files.push(file);
  }
  return files;
}

/** The files of `before` whose text is not what it was. */
async function changedSince(
  projectDir: string,
  before: Map<string, string | null>,
): Promise<string[]> {
  const changed: string[] = [];
  for (const [file, text] of before) {
    if ((await readOrNull(`${projectDir}/${file}`)) !== text) changed.push(file);
  }
  return changed;
}

function listFiles(files: string[]): string {
  return files.length <= 3
    ? files.join(", ")
    : `${files.slice(0, 3).join(", ")} and ${files.length - 3} more`;
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return null;
  }
}
