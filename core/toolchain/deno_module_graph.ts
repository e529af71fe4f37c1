/**
 * The module graph of a Deno project's tests from `deno info --json`: one `deno info` over a module in
 * `.flux/tmp/` that imports every test file, so the whole graph costs one process. Only local modules
 * (`file://` inside the project) are kept; the entry module is removed afterwards.
 */
import { runProcess } from "../process/run_process.ts";
import { ensureFluxTmpDir } from "./flux_tmp_dir.ts";
import { asArray, asRecord, asString } from "./_json.ts";
import { relativePath } from "./_util.ts";
import type { ImportGraph } from "./python_import_graph.ts";

/** The graph of `testFiles` and everything they import locally; null when `deno info` fails. */
export async function denoModuleGraph(
  projectDir: string,
  testFiles: string[],
  signal?: AbortSignal,
): Promise<ImportGraph | null> {
  const tmp = await ensureFluxTmpDir(projectDir);
  const entry = `${tmp}/graph-${crypto.randomUUID()}.ts`;
  const lines = testFiles.map((f) =>
    `import ${JSON.stringify(new URL(`file://${projectDir}/${f}`).href)};`
  );
  await Deno.writeTextFile(entry, lines.join("\n") + "\n");
  try {
    const result = await runProcess("deno", ["info", "--json", entry], {
      cwd: projectDir,
      ...(signal ? { signal } : {}),
      env: { NO_COLOR: "1" },
    });
    if (result.code !== 0 || result.aborted || result.timedOut) return null;
    const doc = asRecord(JSON.parse(result.stdout));
    const graph: ImportGraph = new Map();
    const local = (specifier: string) =>
      specifier.startsWith("file://") ? relativePath(projectDir, specifier) : null;
    for (const module of asArray(doc.modules).map(asRecord)) {
      const file = local(asString(module.specifier));
      if (file === null || file.startsWith("/") || file.startsWith(".flux/")) continue;
      const deps = new Set<string>();
      for (const dep of asArray(module.dependencies).map(asRecord)) {
        for (const kind of ["code", "type"]) {
          const target = local(asString(asRecord(dep[kind]).specifier));
          if (target !== null && !target.startsWith("/")) deps.add(target);
        }
      }
      graph.set(file, deps);
    }
    return graph;
  } catch {
    return null;
  } finally {
    await Deno.remove(entry).catch(() => {});
  }
}
