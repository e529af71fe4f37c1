/**
 * Decides which changed paths matter to Flux: the project's `.gitignore` (root and nested ones, plus
 * `.git/info/exclude`) and built-in ignores for VCS, Flux's own state, dependencies, caches, build output
 * and editors' temporary files. Used by the file_changes monitor and the tree walk that counts files.
 */
import { IgnoreRules } from "./ignore_rules.ts";

/** Always ignored, whatever .gitignore says: VCS, Flux state, deps, caches, outputs tools write. */
export const BUILTIN_IGNORES: readonly string[] = [
  ".git/",
  ".hg/",
  ".svn/",
  ".flux/",
  "node_modules/",
  "__pycache__/",
  "*.pyc",
  ".pytest_cache/",
  ".mypy_cache/",
  ".ruff_cache/",
  ".tox/",
  ".venv/",
  "venv/",
  "target/",
  "dist/",
  "coverage/",
  "htmlcov/",
  ".coverage",
  ".coverage.*",
  ".nyc_output/",
  ".eslintcache",
  "*.tsbuildinfo",
  ".cache/",
  ".next/",
  ".DS_Store",
];

/** Editors' swap, backup and atomic-save temporaries (vim, emacs, JetBrains, VS Code, gedit, kate). */
const EDITOR_TEMP = [
  /^\..*\.sw[a-p]$/,
  /\.sw[a-p]x?$/,
  /~$/,
  /^\.#/,
  /^#.*#$/,
  /^4913$/,
  /___jb_(tmp|old|bak)___$/,
  /\.crswap$/,
  /^\.goutputstream-/,
  /\.kate-swp$/,
  /\.tmp(\.[\w-]+)?$/i,
  /\.~tmp$/,
];

/** True for a file name that editors use as a temporary while saving. */
export function isEditorTemp(name: string): boolean {
  return EDITOR_TEMP.some((re) => re.test(name));
}

/** Options for {@linkcode FileFilter}. */
export interface FileFilterOptions {
  /** More gitignore-style patterns, e.g. files a configured tool writes. */
  ignore?: string[];
  /** Read `.gitignore` files (default true). */
  gitignore?: boolean;
}

/** Which paths of one project matter. Paths are relative to the project, `/`-separated. */
export class FileFilter {
  #builtin: IgnoreRules;
  #root: IgnoreRules;
  /** Nested .gitignore rules by directory ("" is the root, already in #root). */
  #nested = new Map<string, IgnoreRules>();

  constructor(rootPatterns: string[] = [], options: FileFilterOptions = {}) {
    this.#builtin = new IgnoreRules([...BUILTIN_IGNORES, ...(options.ignore ?? [])]);
    this.#root = new IgnoreRules(rootPatterns);
  }

  /** Loads the root `.gitignore` and `.git/info/exclude` of `projectDir`. */
  static async load(projectDir: string, options: FileFilterOptions = {}): Promise<FileFilter> {
    const patterns: string[] = [];
    if (options.gitignore !== false) {
      for (const file of [".gitignore", ".git/info/exclude"]) {
        patterns.push(...(await readLines(`${projectDir}/${file}`)));
      }
    }
    return new FileFilter(patterns, options);
  }

  /** Sets the rules of `<dir>/.gitignore` (dir relative, no trailing slash; "" replaces the root's). */
  addNested(dir: string, patterns: string[]): void {
    if (dir === "") this.#root = new IgnoreRules(patterns);
    else this.#nested.set(dir, new IgnoreRules(patterns));
  }

  /** True when a change to `path` should be ignored. */
  ignores(path: string, isDir = false): boolean {
    const clean = path.replace(/^\.\//, "").replace(/\/+$/, "");
    if (clean === "" || clean === ".") return false;
    if (this.#builtin.ignores(clean, isDir)) return true;
    if (isEditorTemp(clean.slice(clean.lastIndexOf("/") + 1))) return true;
    if (this.#root.ignores(clean, isDir)) return true;
    for (const [dir, rules] of this.#nested) {
      if (clean.startsWith(`${dir}/`) && rules.ignores(clean.slice(dir.length + 1), isDir)) {
        return true;
      }
    }
    return false;
  }
}

async function readLines(path: string): Promise<string[]> {
  try {
    return (await Deno.readTextFile(path)).split(/\r?\n/);
  } catch {
    return [];
  }
}
