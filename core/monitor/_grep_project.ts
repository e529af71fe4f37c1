/** A small, bounded grep over a project's source files, for analysis hints ("imported at auth.py:3"). */
import { isIgnoredPath } from "./watch_globs.ts";

/** One matching line. */
export interface GrepHit {
  file: string;
  line: number;
  text: string;
}

/** Options for {@linkcode grepProject}. */
export interface GrepOptions {
  /** File name endings to read, e.g. [".py"]. */
  extensions: string[];
  maxHits?: number;
  maxFiles?: number;
  signal?: AbortSignal;
}

/** Lines of the project's files matching `pattern`, in path order, bounded by `maxHits`/`maxFiles`. */
export async function grepProject(
  projectDir: string,
  pattern: RegExp,
  options: GrepOptions,
): Promise<GrepHit[]> {
  const hits: GrepHit[] = [];
  const maxHits = options.maxHits ?? 5;
  let budget = options.maxFiles ?? 5000;
  const walk = async (rel: string): Promise<void> => {
    let entries: Deno.DirEntry[];
    try {
      entries = [];
      for await (const e of Deno.readDir(rel ? `${projectDir}/${rel}` : projectDir)) {
        entries.push(e);
      }
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (hits.length >= maxHits || budget <= 0 || options.signal?.aborted) return;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (isIgnoredPath(path) || entry.name.startsWith(".")) continue;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && options.extensions.some((x) => entry.name.endsWith(x))) {
        budget--;
        await grepFile(projectDir, path, pattern, hits, maxHits);
      }
    }
  };
  await walk("");
  return hits;
}

async function grepFile(
  projectDir: string,
  path: string,
  pattern: RegExp,
  hits: GrepHit[],
  maxHits: number,
): Promise<void> {
  let text: string;
  try {
    const file = `${projectDir}/${path}`;
    if ((await Deno.stat(file)).size > 1_000_000) return;
    text = await Deno.readTextFile(file);
  } catch {
    return;
  }
  const lines = text.split("\n");
  for (let i = 0; i < lines.length && hits.length < maxHits; i++) {
    const line = lines[i] as string;
    if (pattern.test(line)) hits.push({ file: path, line: i + 1, text: line.trim() });
  }
}
