/**
 * Turns a manifest's `permissions` into what Deno enforces: Web Worker permissions for built-ins and
 * `--allow-*`/`--deny-*` flags for the sandbox subprocess. Paths are resolved against the project root.
 */
import type { PluginManifest } from "./types.ts";

/** Resolved permissions: absolute paths, plus links inside granted folders that must be refused. */
export interface PermissionPlan {
  read: string[];
  write: string[];
  run: string[];
  net: string[];
  env: string[];
  denyRead: string[];
  denyWrite: string[];
  /** One line per refused link, naming it. */
  warnings: string[];
}

/**
 * Resolves the manifest's paths against `projectDir` (symlinks included) and adds `extraRead` (the plugin
 * folder, or the Flux install for built-ins). Throws a one-line Error when a granted path leaves the
 * project. With `scanLinks`, every link inside a granted folder that points outside the granted folders is
 * refused (denied) and named in `warnings`.
 */
export async function resolvePermissions(
  manifest: PluginManifest,
  projectDir: string,
  extraRead: string[],
  scanLinks: boolean,
): Promise<PermissionPlan> {
  const name = manifest.name;
  const grant = async (key: "read" | "write", path: string): Promise<string> => {
    const joined = normalize(`${projectDir}/${path}`);
    let real: string;
    try {
      real = await Deno.realPath(joined);
    } catch {
      return joined; // Not there yet (an output folder): granted as written.
    }
    if (!isWithin(real, projectDir)) {
      throw new Error(
        `Cannot start plugin "${name}": "${path}" in permissions.${key} links to "${real}", outside the project: grant a folder inside it`,
      );
    }
    return real;
  };
  const read = [...extraRead];
  for (const path of manifest.permissions.read) read.push(await grant("read", path));
  const write: string[] = [];
  for (const path of manifest.permissions.write) write.push(await grant("write", path));
  const plan: PermissionPlan = {
    read: unique(read),
    write: unique(write),
    run: unique(manifest.permissions.run),
    net: unique(manifest.permissions.net),
    env: unique(manifest.permissions.env),
    denyRead: [],
    denyWrite: [],
    warnings: [],
  };
  if (scanLinks) {
    // Each folder is walked once, however many grants (read and write, nested) cover it.
    const links = await linksUnder(outermost([...plan.read, ...plan.write]));
    for (
      const [key, granted, deny] of [
        ["read", plan.read, plan.denyRead],
        ["write", plan.write, plan.denyWrite],
      ] as const
    ) {
      for (const link of links) {
        if (!granted.some((g) => isWithin(link.path, g))) continue;
        if (granted.some((g) => isWithin(link.target, g))) continue;
        deny.push(link.path);
        plan.warnings.push(
          `Plugin "${name}": link "${
            shown(link.path, projectDir)
          }" points outside its ${key} grant (to "${link.target}"), so access through it is refused`,
        );
      }
    }
  }
  return plan;
}

/**
 * Web Worker permissions (the `deno.permissions` option) for a built-in plugin. No worker may start a
 * program: it asks the core, which checks the manifest's `run` list and starts the program in the OS
 * sandbox of the plugin's grants (`program_broker.ts`).
 */
export function workerPermissions(plan: PermissionPlan): Deno.PermissionOptionsObject {
  const list = (values: string[]) => values.length > 0 ? values : false;
  return {
    read: list(plan.read),
    write: list(plan.write),
    run: false,
    net: list(plan.net),
    env: list(plan.env),
    sys: false,
    ffi: false,
    import: false,
  };
}

/**
 * `deno run` flags for a sandboxed plugin: only what the plan grants, and never `--allow-run` (the core
 * starts its programs).
 */
export function sandboxFlags(plan: PermissionPlan): string[] {
  const flags: string[] = [];
  const add = (flag: string, values: string[]) => {
    if (values.length > 0) flags.push(`--${flag}=${values.join(",")}`);
  };
  add("allow-read", plan.read);
  add("allow-write", plan.write);
  add("allow-net", plan.net);
  add("allow-env", plan.env);
  add("deny-read", plan.denyRead);
  add("deny-write", plan.denyWrite);
  return flags;
}

/** The paths of `paths` that are not inside another of them. */
function outermost(paths: string[]): string[] {
  const unique = [...new Set(paths)];
  return unique.filter((p) => !unique.some((other) => other !== p && isWithin(p, other)));
}

/** Every link under the folders `roots` (not followed, `.git` skipped), with where it points. */
async function linksUnder(roots: string[]): Promise<{ path: string; target: string }[]> {
  const links: { path: string; target: string }[] = [];
  for (const root of roots) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(root);
    } catch {
      continue;
    }
    if (!info.isDirectory) continue;
    const stack = [root];
    while (stack.length > 0) {
      const dir = stack.pop() as string;
      let entries: Deno.DirEntry[];
      try {
        entries = await Array.fromAsync(Deno.readDir(dir));
      } catch {
        continue;
      }
      for (const entry of entries) {
        const path = `${dir}/${entry.name}`;
        if (entry.isDirectory && entry.name !== ".git") stack.push(path);
        if (entry.isSymlink) links.push({ path, target: await linkTarget(path) });
      }
    }
  }
  return links;
}

async function linkTarget(path: string): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch {
    const raw = await Deno.readLink(path).catch(() => "/");
    return raw.startsWith("/") ? normalize(raw) : normalize(`${path}/../${raw}`);
  }
}

/** True when `path` is `dir` or inside it (both absolute and normalized). */
export function isWithin(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}

/** Lexically normalizes an absolute path (`.`, `..`, repeated slashes). */
export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

function shown(path: string, projectDir: string): string {
  return isWithin(path, projectDir) ? path.slice(projectDir.length + 1) || "." : path;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
