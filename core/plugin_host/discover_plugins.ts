/**
 * Finds plugin folders: built-ins in `monitors/` and `plugins/` of the Flux install, then `plugins/` and
 * `.flux/plugins/` of the project. On a name clash between project folders the later one wins, with a
 * warning; a project plugin named like a built-in carries it in `replaces`, and replaces it only once
 * trusted (see `PluginHost`).
 */
import type { PluginManifest } from "./types.ts";
import { loadManifest, PluginManifestError } from "./manifest.ts";
import { isWithin, normalize } from "./plugin_permissions.ts";

/** A plugin folder that was found; `problem` says why it cannot be used. */
export interface DiscoveredPlugin {
  name: string;
  /** Absolute real path of the plugin folder. */
  dir: string;
  /** How messages name its manifest, e.g. `.flux/plugins/disk/plugin.json`. */
  manifestFile: string;
  origin: "builtin" | "project";
  /** Built-ins run in a Web Worker; every other plugin in a sandbox subprocess. */
  tier: "builtin" | "sandbox";
  manifest?: PluginManifest;
  problem?: string;
  /** Built-ins are always trusted; others need a grant matching `hash`. */
  trust: "builtin" | "granted" | "untrusted" | "changed";
  trusted: boolean;
  hash?: string;
  /** The permissions at the time of the grant, when it has one (to show what changed). */
  grantedPermissions?: string;
  /** Set once the host disabled it (crashed too often, protocol mismatch). */
  disabled?: string;
  /** The built-in plugin of the same name that this project plugin would replace. */
  replaces?: DiscoveredPlugin;
}

/** The install root of Flux (the folder holding `core/`), from this module's URL. */
export function fluxRoot(): string {
  return decodeURIComponent(new URL("../../", import.meta.url).pathname).replace(/\/$/, "");
}

/** Lists plugin folders with their manifests; `warnings` gets one line per clash. */
export async function discoverPlugins(
  projectDir: string,
  builtinDirs: string[],
  warnings: string[],
): Promise<DiscoveredPlugin[]> {
  const found = new Map<string, DiscoveredPlugin>();
  const seenDirs = new Set<string>();
  const root = fluxRoot();
  const sources: { base: string; origin: "builtin" | "project"; shownFrom: string }[] = [
    ...builtinDirs.map((base) => ({
      base: normalize(base),
      origin: "builtin" as const,
      shownFrom: root,
    })),
    { base: `${projectDir}/plugins`, origin: "project", shownFrom: projectDir },
    { base: `${projectDir}/.flux/plugins`, origin: "project", shownFrom: projectDir },
  ];
  // Every folder is read at once (each `flux` command that runs a step or a monitor starts with this);
  // clashes are then settled in the fixed order of the sources and of the folder names.
  const inspected = await Promise.all(sources.map(async (source) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(source.base));
    } catch {
      return [];
    }
    entries.sort((a, b) => a.name < b.name ? -1 : 1);
    return await Promise.all(
      entries.filter((entry) => entry.isDirectory || entry.isSymlink)
        .map((entry) => inspect(source, entry.name, projectDir)),
    );
  }));
  for (const plugins of inspected) {
    for (const plugin of plugins) {
      if (plugin === undefined || seenDirs.has(plugin.dir)) continue;
      seenDirs.add(plugin.dir);
      const earlier = found.get(plugin.name);
      if (earlier?.origin === "builtin") {
        // Whether it may take the built-in's place depends on its trust: the host decides.
        plugin.replaces = earlier;
      } else if (earlier) {
        warnings.push(
          `Plugin "${plugin.name}" in ${shownDir(plugin)} overrides the one in ${
            shownDir(earlier)
          }`,
        );
      }
      found.set(plugin.name, plugin);
    }
  }
  return [...found.values()].sort((a, b) => a.name < b.name ? -1 : 1);
}

async function inspect(
  source: { base: string; origin: "builtin" | "project"; shownFrom: string },
  folder: string,
  projectDir: string,
): Promise<DiscoveredPlugin | undefined> {
  const path = `${source.base}/${folder}`;
  let dir: string;
  try {
    dir = await Deno.realPath(path);
    if (!(await Deno.stat(dir)).isDirectory) return undefined;
  } catch {
    return undefined;
  }
  const shownFrom = isWithin(path, source.shownFrom) ? source.shownFrom : "";
  const manifestFile = `${shownFrom ? path.slice(shownFrom.length + 1) : path}/plugin.json`;
  const tier = source.origin === "builtin" ? "builtin" : "sandbox";
  const plugin: DiscoveredPlugin = {
    name: folder,
    dir,
    manifestFile,
    origin: source.origin,
    tier,
    trust: tier === "builtin" ? "builtin" : "untrusted",
    trusted: tier === "builtin",
  };
  try {
    await Deno.stat(`${dir}/plugin.json`);
  } catch {
    return undefined; // Not a plugin folder.
  }
  if (source.origin === "project" && !isWithin(dir, projectDir)) {
    plugin.problem = `Cannot load plugin "${folder}": ${
      path.slice(projectDir.length + 1)
    } links to "${dir}", outside the project: copy the plugin into the project`;
    return plugin;
  }
  try {
    plugin.manifest = await loadManifest(dir, manifestFile);
    plugin.name = plugin.manifest.name;
  } catch (error) {
    if (!(error instanceof PluginManifestError)) throw error;
    plugin.name = error.plugin;
    plugin.problem = error.message;
  }
  return plugin;
}

function shownDir(plugin: DiscoveredPlugin): string {
  return plugin.manifestFile.replace(/\/plugin\.json$/, "");
}
