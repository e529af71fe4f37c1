/**
 * The import graph of a project's own Python modules, read from `import` and `from ... import` lines
 * (relative imports included; imports inside functions too). Modules are named from the project root and
 * from `src/`; imports of anything else (the standard library, site-packages) are left out.
 */

/** Which project files each project file imports. */
export type ImportGraph = Map<string, Set<string>>;

const IMPORT = /^[ \t]*import[ \t]+([\w. \t,]+)/gm;
const FROM = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)/gm;

/** Builds the graph of `files` (project-relative `.py` paths), reading each with `read`. */
export async function pythonImportGraph(
  files: string[],
  read: (file: string) => Promise<string>,
): Promise<ImportGraph> {
  const modules = new Map<string, string>();
  for (const file of files) {
    for (const name of moduleNames(file)) if (!modules.has(name)) modules.set(name, file);
  }
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const text = await read(file).catch(() => "");
    const deps = new Set<string>();
    const add = (name: string) => {
      const hit = modules.get(name);
      if (hit && hit !== file) deps.add(hit);
    };
    for (const m of text.matchAll(IMPORT)) {
      for (const part of m[1]!.split(",")) {
        const name = part.trim().split(/\s+/)[0] ?? "";
        // "import a.b.c" loads a, a.b and a.b.c.
        const segments = name.split(".");
        for (let i = 1; i <= segments.length; i++) add(segments.slice(0, i).join("."));
      }
    }
    for (const m of text.matchAll(FROM)) {
      const base = resolveBase(file, m[1]!.length, m[2]!);
      if (base === null) continue;
      if (base !== "") {
        const segments = base.split(".");
        for (let i = 1; i <= segments.length; i++) add(segments.slice(0, i).join("."));
      }
      const names = m[3]!.replace(/[()]/g, " ").split(",").map((n) =>
        n.trim().split(/\s+/)[0] ?? ""
      );
      for (const n of names) if (n && n !== "*") add(base ? `${base}.${n}` : n);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** The files that reach any of `changed` through imports (the changed files included). */
export function importersOf(graph: ImportGraph, changed: Iterable<string>): Set<string> {
  const reverse = new Map<string, string[]>();
  for (const [file, deps] of graph) {
    for (const dep of deps) (reverse.get(dep) ?? reverse.set(dep, []).get(dep)!).push(file);
  }
  const seen = new Set<string>();
  const stack = [...changed];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...(reverse.get(file) ?? []));
  }
  return seen;
}

/** "pkg/mod.py" -> ["pkg.mod"], "src/pkg/__init__.py" -> ["src.pkg", "pkg"]. */
function moduleNames(file: string): string[] {
  const dotted = file.replace(/\.py$/, "").replace(/\/__init__$/, "").replaceAll("/", ".");
  const names = [dotted];
  if (dotted.startsWith("src.")) names.push(dotted.slice(4));
  // Tests importing a sibling ("from helpers import x" next to tests/helpers.py, rootdir-relative).
  const slash = file.lastIndexOf("/");
  if (slash > 0) {
    names.push(file.slice(slash + 1).replace(/\.py$/, "").replace(/^__init__$/, ""));
  }
  return names.filter((n) => n !== "");
}

/** The absolute module a `from` names: `dots` leading dots resolve against `file`'s package. */
function resolveBase(file: string, dots: number, rest: string): string | null {
  if (dots === 0) return rest;
  // The package of "a/b/mod.py" (and of "a/b/__init__.py") is a.b.
  const parts = file.split("/").slice(0, -1);
  const up = dots - 1;
  if (up > parts.length) return null;
  const pkg = parts.slice(0, parts.length - up);
  return [...pkg, ...(rest ? [rest] : [])].join(".");
}
