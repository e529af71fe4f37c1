/**
 * Whether `/autofix` may rewrite a file a finding names: inside the project, a regular file, not a
 * lockfile, not generated (a "generated" / "DO NOT EDIT" header, a minified bundle), not ignored
 * (`.gitignore`, build output, dependencies).
 */
import type { FileFilter } from "../toolchain/file_filter.ts";

/** Lockfiles of the package managers Flux knows: never rewritten. */
export const LOCKFILES: ReadonlySet<string> = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "yarn.lock",
  "bun.lock",
  "bun.lockb",
  "deno.lock",
  "Cargo.lock",
  "go.sum",
  "poetry.lock",
  "uv.lock",
  "Pipfile.lock",
  "pdm.lock",
  "composer.lock",
  "Gemfile.lock",
]);

/** Markers tools put at the top of files they generate. */
const GENERATED =
  /@generated|\bCode generated\b.*\bDO NOT EDIT\b|\bDO NOT EDIT\b|\bauto-?generated\b/i;

/** True when `file` (project-relative) may be rewritten by a fixer. */
export async function fixableFile(
  projectDir: string,
  file: string,
  filter: FileFilter,
): Promise<boolean> {
  if (file.startsWith("/") || file.split("/").includes("..")) return false;
  const name = file.slice(file.lastIndexOf("/") + 1);
  if (LOCKFILES.has(name) || /\.min\.[cm]?js$/.test(name)) return false;
  if (filter.ignores(file)) return false;
  const info = await Deno.lstat(`${projectDir}/${file}`).catch(() => null);
  if (!info?.isFile) return false;
  const head = await readHead(`${projectDir}/${file}`);
  return !GENERATED.test(head);
}

async function readHead(path: string): Promise<string> {
  const handle = await Deno.open(path);
  try {
    const buffer = new Uint8Array(1024);
    const read = await handle.read(buffer);
    return new TextDecoder().decode(buffer.subarray(0, read ?? 0));
  } finally {
    handle.close();
  }
}
