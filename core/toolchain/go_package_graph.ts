/**
 * The package graph of a Go module from one `go list` (imports of each package's code and of its tests),
 * keyed by package directory relative to the project ("." for the root, "pkg/a"). Only the module's own
 * packages are kept. `go list` reads, never builds; GOPROXY=off keeps it off the network (a missing
 * dependency is then an error line, not a download).
 */
import { runProcess } from "../process/run_process.ts";
import type { ImportGraph } from "./python_import_graph.ts";

const FORMAT = '{{.Dir}}{{"\\t"}}{{.ImportPath}}{{"\\t"}}' +
  '{{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}';

/** Package dir -> dirs of the project's packages it (or its tests) imports; null when `go list` fails. */
export async function goPackageGraph(
  projectDir: string,
  signal?: AbortSignal,
): Promise<ImportGraph | null> {
  const result = await runProcess("go", ["list", "-e", "-f", FORMAT, "./..."], {
    cwd: projectDir,
    ...(signal ? { signal } : {}),
    env: { GOPROXY: "off" },
  });
  if (result.code !== 0 || result.aborted || result.timedOut) return null;
  const rows = result.stdout.split("\n").filter((l) => l.includes("\t")).map((line) => {
    const [dir = "", path = "", imports = ""] = line.split("\t");
    return {
      dir: packageDir(projectDir, dir),
      path,
      imports: imports.split(/\s+/).filter(Boolean),
    };
  }).filter((r) => r.dir !== null);
  const dirOf = new Map(rows.map((r) => [r.path, r.dir!]));
  const graph: ImportGraph = new Map();
  for (const row of rows) {
    const deps = row.imports.flatMap((p) => dirOf.has(p) ? [dirOf.get(p)!] : []);
    graph.set(row.dir!, new Set(deps.filter((d) => d !== row.dir)));
  }
  return graph;
}

function packageDir(projectDir: string, dir: string): string | null {
  if (dir === projectDir) return ".";
  return dir.startsWith(`${projectDir}/`) ? dir.slice(projectDir.length + 1) : null;
}
