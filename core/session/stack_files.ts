/**
 * The project files a failure points at: `file:line` from the failure itself and from the stack trace in its
 * message (JavaScript `at fn (file:///p/src/a.ts:12:5)`, Python `File "x.py", line 12`, `src/a.go:31:`), made
 * relative to the project, without dependencies, runtimes and files outside it.
 */

const FRAME = /(?:file:\/\/)?((?:\/|\.{0,2}\/?)?[\w@.+-]+(?:\/[\w@.+-]+)*\.[A-Za-z]\w{0,5}):(\d+)/g;
const PYTHON_FRAME = /File "([^"]+)", line (\d+)/g;
const FOREIGN = /(^|\/)(node_modules|site-packages|dist-packages|\.deno|\.cache|vendor)\//;
const MAX_FILES_PER_TEXT = 20;

/** `file:line` strings found in `texts`, in order of appearance, each once. */
export function stackFiles(projectDir: string, texts: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    let taken = 0;
    for (const [file, line] of frames(text)) {
      const relative = inProject(projectDir, file);
      if (relative === null) continue;
      found.add(`${relative}:${line}`);
      if (++taken >= MAX_FILES_PER_TEXT) break;
    }
  }
  return [...found];
}

function* frames(text: string): Generator<[string, string]> {
  const hits: Array<[number, string, string]> = [];
  for (const m of text.matchAll(PYTHON_FRAME)) hits.push([m.index, m[1] ?? "", m[2] ?? ""]);
  for (const m of text.matchAll(FRAME)) hits.push([m.index, m[1] ?? "", m[2] ?? ""]);
  hits.sort((a, b) => a[0] - b[0]);
  for (const [, file, line] of hits) yield [file, line];
}

/** The path relative to the project, or `null` for files outside it or in dependencies. */
function inProject(projectDir: string, file: string): string | null {
  const root = projectDir.endsWith("/") ? projectDir : `${projectDir}/`;
  let path = file;
  if (path.startsWith("/")) {
    if (!path.startsWith(root)) return null;
    path = path.slice(root.length);
  }
  path = path.replace(/^\.\//, "");
  if (path.startsWith("../") || FOREIGN.test(path) || !/[\w-]\.[A-Za-z]/.test(path)) return null;
  return path;
}
