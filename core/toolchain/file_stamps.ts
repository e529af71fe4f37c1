/**
 * Stamps (modification time and size) of a project's files, to list what a writing step changed: taken
 * before and after `flux wf run fix`, the difference is every file the formatter rewrote, created or
 * deleted. The walk skips what the file watcher skips (.git/, .flux/, node_modules/, .gitignore'd files).
 */
import { FileFilter } from "./file_filter.ts";

/** Path relative to the project -> "mtime:size". */
export type FileStamps = Map<string, string>;

/** Stamps every file of `projectDir` the filter keeps. */
export async function fileStamps(projectDir: string, filter?: FileFilter): Promise<FileStamps> {
  const keep = filter ?? await FileFilter.load(projectDir);
  const stamps: FileStamps = new Map();
  const stack = [""];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const abs = dir === "" ? projectDir : `${projectDir}/${dir}`;
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(abs));
    } catch {
      continue;
    }
    for (const entry of entries) {
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (keep.ignores(rel, entry.isDirectory)) continue;
      if (entry.isDirectory) stack.push(rel);
      else if (entry.isFile) {
        const info = await Deno.lstat(`${projectDir}/${rel}`).catch(() => null);
        if (info) stamps.set(rel, `${info.mtime?.getTime() ?? 0}:${info.size}`);
      }
    }
  }
  return stamps;
}

/** Files added, removed or changed between two stamp sets, sorted. */
export function changedFiles(before: FileStamps, after: FileStamps): string[] {
  const changed = new Set<string>();
  for (const [path, stamp] of after) if (before.get(path) !== stamp) changed.add(path);
  for (const path of before.keys()) if (!after.has(path)) changed.add(path);
  return [...changed].sort();
}
