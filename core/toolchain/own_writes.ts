/**
 * Files Flux's own steps wrote (`flux wf run fix`), so that the session does not count them as the
 * person's work ("Working on"). A writing step opens an entry in `.flux/tmp/own-writes/` before it runs
 * and closes it with the stamp of every file it changed; the watcher, in whatever Flux process, holds a
 * batch of changed files while an entry is open, then drops the files whose stamp is still the one the
 * step left (a later edit by the person changes the stamp, and counts again).
 */
import { ensureFluxTmpDir } from "./flux_tmp_dir.ts";
import type { FileStamps } from "./file_stamps.ts";

interface Entry {
  pid: number;
  open: boolean;
  at: number;
  files: Record<string, string>;
}

/** An open entry; `close` records what the step changed. */
export interface OwnWrites {
  close(stamps: FileStamps, changed: string[]): Promise<void>;
}

const KEEP_MS = 60 * 60 * 1000;

/** Opens an entry for a step about to write in `projectDir`. */
export async function beginOwnWrites(projectDir: string): Promise<OwnWrites> {
  const dir = `${await ensureFluxTmpDir(projectDir)}/own-writes`;
  await Deno.mkdir(dir, { recursive: true });
  const path = `${dir}/${crypto.randomUUID()}.json`;
  const write = (entry: Entry) => Deno.writeTextFile(path, JSON.stringify(entry));
  await write({ pid: Deno.pid, open: true, at: Date.now(), files: {} });
  return {
    close: async (stamps, changed) => {
      const files = Object.fromEntries(changed.map((f) => [f, stamps.get(f) ?? "deleted"]));
      await write({ pid: Deno.pid, open: false, at: Date.now(), files });
    },
  };
}

/** Options for {@linkcode withoutOwnWrites}. */
export interface WithoutOwnWritesOptions {
  /** Longest wait for an open entry to close (default 120 s). */
  waitMs?: number;
  signal?: AbortSignal;
}

/** `files` (relative to the project) without those a Flux step wrote and nobody has touched since. */
export async function withoutOwnWrites(
  projectDir: string,
  files: string[],
  options: WithoutOwnWritesOptions = {},
): Promise<string[]> {
  const dir = `${projectDir}/.flux/tmp/own-writes`;
  const end = Date.now() + (options.waitMs ?? 120_000);
  let entries = await readEntries(dir);
  while (entries.some((e) => e.open && alive(e.pid)) && Date.now() < end) {
    if (options.signal?.aborted) break;
    await new Promise((r) => setTimeout(r, 100));
    entries = await readEntries(dir);
  }
  const own = new Map<string, Set<string>>();
  for (const e of entries) {
    for (const [file, stamp] of Object.entries(e.files)) {
      (own.get(file) ?? own.set(file, new Set()).get(file)!).add(stamp);
    }
  }
  const kept: string[] = [];
  for (const file of files) {
    const stamps = own.get(file);
    if (!stamps || !stamps.has(await stampOf(`${projectDir}/${file}`))) kept.push(file);
  }
  return kept;
}

async function stampOf(path: string): Promise<string> {
  const info = await Deno.lstat(path).catch(() => null);
  return info ? `${info.mtime?.getTime() ?? 0}:${info.size}` : "deleted";
}

async function readEntries(dir: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  let names: string[];
  try {
    names = await Array.fromAsync(Deno.readDir(dir), (e) => e.name);
  } catch {
    return entries;
  }
  for (const name of names.filter((n) => n.endsWith(".json"))) {
    try {
      const entry = JSON.parse(await Deno.readTextFile(`${dir}/${name}`)) as Entry;
      if (Date.now() - entry.at > KEEP_MS) await Deno.remove(`${dir}/${name}`).catch(() => {});
      else entries.push(entry);
    } catch {
      // Being written, or not ours: skipped.
    }
  }
  return entries;
}

function alive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch (error) {
    // Without /proc (macOS) an open entry is trusted until the wait ends.
    return !(error instanceof Deno.errors.NotFound) || !hasProc();
  }
}

function hasProc(): boolean {
  try {
    Deno.statSync("/proc/self");
    return true;
  } catch {
    return false;
  }
}
