/** Counts the files of a project that the file filter keeps (nested .gitignore files included). */
import { FileFilter } from "./file_filter.ts";
import { walkProjectFiles } from "./walk_project_files.ts";

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
  for await (const _ of walkProjectFiles(projectDir, filter, options.signal)) count++;
  return count;
}
