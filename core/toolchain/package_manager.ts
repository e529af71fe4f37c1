/**
 * The project's Node package manager, as the project itself says: the `packageManager` field of
 * package.json ("pnpm@9.1.0"), else the lockfile in the project or the nearest folder above it that has
 * one (a workspace package), else npm. Scripts run through it as the user runs them (`pnpm run test`).
 */
import { isFile } from "../fs/is_file.ts";

/** The package managers Flux knows. */
export type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

const LOCKFILES: [string, PackageManager][] = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
];

/** The package manager of the Node project in `projectDir`. */
export function packageManager(projectDir: string): PackageManager {
  const declared = declaredManager(projectDir);
  if (declared) return declared;
  for (let dir = projectDir; dir !== ""; dir = dir.slice(0, dir.lastIndexOf("/"))) {
    for (const [file, manager] of LOCKFILES) {
      if (isFile(`${dir}/${file}`)) return manager;
    }
    if (isFile(`${dir}/.git`) || isDir(`${dir}/.git`)) break;
  }
  return "npm";
}

/** The `scripts` of `projectDir/package.json`; empty when there is none or it cannot be read. */
export function readScripts(projectDir: string): Record<string, unknown> {
  try {
    const scripts = JSON.parse(Deno.readTextFileSync(`${projectDir}/package.json`))?.scripts;
    return typeof scripts === "object" && scripts !== null ? scripts : {};
  } catch {
    return {};
  }
}

/** The command that runs package.json script `script` with `args` appended, as `<pm> run` does. */
export function runScriptCommand(
  manager: PackageManager,
  script: string,
  args: string[] = [],
): { cmd: string; args: string[] } {
  // npm needs `--` before arguments meant for the script; pnpm, yarn and bun pass them on as they are.
  const rest = args.length === 0 ? [] : manager === "npm" ? ["--", ...args] : args;
  return { cmd: manager, args: ["run", script, ...rest] };
}

function declaredManager(projectDir: string): PackageManager | null {
  try {
    const pkg = JSON.parse(Deno.readTextFileSync(`${projectDir}/package.json`));
    const field = typeof pkg?.packageManager === "string" ? pkg.packageManager : "";
    const name = /^(npm|pnpm|yarn|bun)@/.exec(field)?.[1];
    return (name as PackageManager | undefined) ?? null;
  } catch {
    return null;
  }
}

function isDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}
