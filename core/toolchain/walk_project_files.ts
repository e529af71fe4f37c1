/** The walk behind listing and counting a project's files: the file filter's view, nested .gitignore included. */
import type { FileFilter } from "./file_filter.ts";

/** Yields each project-relative file `filter` keeps, walking `projectDir` without following links. */
export async function* walkProjectFiles(
  projectDir: string,
  filter: FileFilter,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const stack = [""];
  while (stack.length > 0) {
    signal?.throwIfAborted();
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
      else if (entry.isFile) yield rel;
    }
  }
}
