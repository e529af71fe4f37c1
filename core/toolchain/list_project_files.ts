/** The files of a project that the file filter keeps (nested .gitignore files included), sorted. */
import { FileFilter } from "./file_filter.ts";
import { walkProjectFiles } from "./walk_project_files.ts";

/** Walks `projectDir` without following links; paths are project-relative. */
export async function listProjectFiles(
  projectDir: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const filter = await FileFilter.load(projectDir);
  return (await Array.fromAsync(walkProjectFiles(projectDir, filter, signal))).sort();
}
