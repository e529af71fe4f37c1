/** The files of a project that the file filter keeps (nested .gitignore files included), sorted. */
import { FileFilter } from "./file_filter.ts";

/** Walks `projectDir` without following links; paths are project-relative. */
export async function listProjectFiles(
  projectDir: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const filter = await FileFilter.load(projectDir);
  const files: string[] = [];
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
      else if (entry.isFile) files.push(rel);
    }
  }
  return files.sort();
}
