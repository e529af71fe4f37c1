/**
 * Where a project starts, wherever Flux is started inside it: the nearest folder with `.flux/`, else the
 * git root, else the nearest folder with a project manifest (as git, cargo, npm and just look upwards).
 * The home folder, the temp root and `/` are never a project found by walking up.
 */
import { requiredText } from "../api/required.ts";
import { tmpdir } from "node:os";

/** Files that make a folder a project when there is neither `.flux/` nor git. */
export const PROJECT_MANIFESTS = [
  "package.json",
  "deno.json",
  "deno.jsonc",
  "pyproject.toml",
  "setup.py",
  "setup.cfg",
  "go.mod",
  "Cargo.toml",
  "justfile",
  "Justfile",
] as const;

/** How a project root was found. */
export type ProjectRootKind = "flux" | "git" | "manifest";

/** A discovered project root. */
export interface ProjectRoot {
  dir: string;
  kind: ProjectRootKind;
}

/** The project that `start` (an absolute folder) lies in, or undefined when it lies in none. */
export function findProjectRoot(start: string): ProjectRoot | undefined {
  requiredText(start, "findProjectRoot's start folder", "findProjectRoot(Deno.cwd())");
  const chain = foldersUp(start);
  const flux = chain.find((dir) => isDir(`${dir}/.flux`));
  if (flux) return { dir: flux, kind: "flux" };
  const git = chain.find((dir) => exists(`${dir}/.git`));
  if (git) return { dir: git, kind: "git" };
  const manifest = chain.find((dir) => PROJECT_MANIFESTS.some((name) => exists(`${dir}/${name}`)));
  return manifest ? { dir: manifest, kind: "manifest" } : undefined;
}

/**
 * The project folder for a folder a caller named (the library API, `--project`): the folder itself when it
 * is a project of its own (it holds `.flux/`, `.git` or a manifest), else the project it lies in, else the
 * folder itself.
 */
export function projectRootOf(dir: string): string {
  requiredText(dir, "projectRootOf's folder", "projectRootOf(Deno.cwd())");
  const abs = absolute(dir);
  if (isOwnProject(abs)) return abs;
  return findProjectRoot(abs)?.dir ?? abs;
}

/** True when `dir` itself holds `.flux/`, `.git` or a project manifest. */
export function isOwnProject(dir: string): boolean {
  return isDir(`${dir}/.flux`) || exists(`${dir}/.git`) ||
    PROJECT_MANIFESTS.some((name) => exists(`${dir}/${name}`));
}

/** True when `dir` is the user's home folder (where Flux never creates `.flux/`). */
export function isHomeFolder(dir: string): boolean {
  const home = safely(() => Deno.env.get("HOME"));
  return home !== undefined && home !== "" && real(home) === real(dir);
}

/** `start` and its parents, nearest first, stopping before the home folder, the temp root and `/`. */
function foldersUp(start: string): string[] {
  const ceilings = new Set(["/", real(safely(tmpdir) ?? "/tmp")]);
  const home = safely(() => Deno.env.get("HOME"));
  if (home) ceilings.add(real(home));
  const chain: string[] = [];
  let dir = real(absolute(start));
  while (!ceilings.has(dir)) {
    chain.push(dir);
    const parent = dir.slice(0, dir.lastIndexOf("/")) || "/";
    if (parent === dir) break;
    dir = parent;
  }
  return chain;
}

/** The value of `read`, or undefined where this code may not read the environment (a plugin worker). */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function absolute(dir: string): string {
  const abs = dir.startsWith("/") ? dir : `${Deno.cwd()}/${dir}`;
  return abs.replace(/\/+$/, "") || "/";
}

function real(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch {
    return path.replace(/\/+$/, "") || "/";
  }
}

function isDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
