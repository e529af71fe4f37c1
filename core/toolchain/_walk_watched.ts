/**
 * The folders of a project the file watcher watches: every folder the filter keeps, found without following
 * links and without opening any file but `.gitignore` files (whose rules are loaded into the filter on the
 * way). Ignored folders (`.flux/`, `.git/`, `node_modules/`, git-ignored ones) are never entered, so nothing
 * inside them is ever opened or watched.
 */
import type { FileFilter } from "./file_filter.ts";

/** What a walk found: folders (relative, `""` is the start) and the files in them. */
export interface WalkedTree {
  dirs: string[];
  files: string[];
}

/** Walks `root/start` (`start` relative, `""` for the project itself). */
export async function walkWatched(
  root: string,
  start: string,
  filter: FileFilter,
  signal?: AbortSignal,
): Promise<WalkedTree> {
  const dirs: string[] = [];
  const files: string[] = [];
  const stack = [start];
  while (stack.length > 0) {
    if (signal?.aborted) break;
    const dir = stack.pop()!;
    const abs = dir === "" ? root : `${root}/${dir}`;
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(abs));
    } catch {
      continue; // gone or unreadable
    }
    dirs.push(dir);
    if (dir !== "" && entries.some((e) => e.name === ".gitignore" && e.isFile)) {
      const text = await Deno.readTextFile(`${abs}/.gitignore`).catch(() => "");
      filter.addNested(dir, text.split(/\r?\n/));
    }
    for (const entry of entries) {
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (filter.ignores(rel, entry.isDirectory)) continue;
      if (entry.isDirectory) stack.push(rel);
      else if (entry.isFile) files.push(rel);
    }
  }
  return { dirs, files };
}
