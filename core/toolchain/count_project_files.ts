/** Counts the files of a project that the file filter keeps (nested .gitignore files included). */
import { FileFilter } from "./file_filter.ts";

/** Options for {@linkcode countProjectFiles}. */
export interface CountProjectFilesOptions {
  filter?: FileFilter;
  signal?: AbortSignal;
}

/** Walks `projectDir` without following links and counts the files not ignored. */
export async function countProjectFiles(
  projectDir: string,
  options: CountProjectFilesOptions = {},
): Promise<number> {
  const filter = options.filter ?? await FileFilter.load(projectDir);
  let count = 0;
  const stack = [""];
  while (stack.length > 0) {
    options.signal?.throwIfAborted();
    const dir = stack.pop()!;
    const abs = dir === "" ? projectDir : `${projectDir}/${dir}`;
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(abs));
    } catch {
      continue;
    }
    const gitignore = entries.find((e) => e.name === ".gitignore" && e.isFile);
    if (gitignore && dir !== "") {
      const text = await Deno.readTextFile(`${abs}/.gitignore`).catch(() => "");
      filter.addNested(dir, text.split(/\r?\n/));
    }
    for (const entry of entries) {
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (filter.ignores(rel, entry.isDirectory)) continue;
      if (entry.isDirectory) stack.push(rel);
      else if (entry.isFile) count++;
    }
  }
  return count;
}
