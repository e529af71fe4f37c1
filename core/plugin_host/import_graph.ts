/**
 * The code a sandboxed plugin really runs: the static import graph of its entry (`deno info`, local
 * files only). Every module must lie in the plugin's folder (Flux's plugin API types excepted), so the
 * plugin hash, taken over that folder, covers all of it; a remote or npm import is refused.
 */
import { isWithin } from "./plugin_permissions.ts";
import { isRecord } from "./protocol.ts";

/** Files outside a plugin folder that a plugin may import: Flux's plugin API (type imports). */
export function pluginApiFiles(fluxRoot: string): string[] {
  return [`${fluxRoot}/core/plugin_host/types.ts`];
}

/**
 * Checks the import graph of `entryFile`; resolves when every module is inside `pluginDir` or in
 * `allowed`, else rejects with one line naming the import and the fix.
 */
export async function checkImportGraph(
  entryFile: string,
  pluginDir: string,
  allowed: string[],
  denoPath: string,
): Promise<void> {
  const out = await new Deno.Command(denoPath, {
    args: ["info", "--json", "--no-config", "--no-lock", "--no-remote", "--no-npm", entryFile],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (!out.success) {
    const why = new TextDecoder().decode(out.stderr).trim().split("\n")[0] ?? "";
    throw new Error(`its imports cannot be read (${why})`);
  }
  const graph: unknown = JSON.parse(new TextDecoder().decode(out.stdout));
  const modules = isRecord(graph) && Array.isArray(graph.modules) ? graph.modules : [];
  const shown = (path: string) =>
    isWithin(path, pluginDir) ? path.slice(pluginDir.length + 1) : path;
  for (const module of modules) {
    if (!isRecord(module) || typeof module.specifier !== "string") continue;
    const specifier = module.specifier;
    if (!specifier.startsWith("file:")) {
      throw new Error(
        `it imports "${specifier}", and plugins may not import remote or npm code: copy what it needs into the plugin folder`,
      );
    }
    const path = decodeURIComponent(new URL(specifier).pathname);
    if (isWithin(path, pluginDir) || allowed.includes(path)) continue;
    throw new Error(
      `it imports "${
        shown(path)
      }", outside its folder: copy it into the plugin folder (plugins import only their own files and Flux's plugin types)`,
    );
  }
}
