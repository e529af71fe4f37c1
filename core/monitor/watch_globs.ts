/**
 * Which monitors a changed file concerns: each monitor's manifest `watch` globs, or a default per monitor.
 * Globs are matched against project-relative paths with `/` separators.
 */
import { picomatch } from "../deps/picomatch.ts";

const CODE =
  "**/*.{py,pyi,ts,tsx,mts,cts,js,jsx,mjs,cjs,go,rs,java,kt,rb,php,c,h,cc,cpp,hpp,cs,swift}";
const CONFIG = "**/{deno.json,deno.jsonc,package.json,tsconfig.json,pyproject.toml,setup.cfg," +
  "pytest.ini,tox.ini,ruff.toml,.ruff.toml,Cargo.toml,go.mod,go.sum,.eslintrc*,eslint.config.*," +
  "biome.json,conftest.py}";

/** Defaults when a monitor's manifest has no `watch`. */
export const DEFAULT_WATCH: Record<string, string[]> = {
  tests: [CODE, CONFIG],
  build: [CODE, CONFIG],
  lint: [CODE, CONFIG],
  git: ["**/*"],
  file_changes: [],
};

/** Paths never worth a re-check: tool caches, dependencies and Flux's own folder. */
const IGNORED =
  /(^|\/)(\.flux|\.git|node_modules|__pycache__|\.pytest_cache|\.ruff_cache|\.mypy_cache|target|dist|coverage|\.venv|venv)(\/|$)/;

/** True when `path` (project-relative) lies in a folder no monitor cares about. */
export function isIgnoredPath(path: string): boolean {
  return IGNORED.test(path);
}

/**
 * Converts a glob (`*`, `**`, `?`, `{a,b}`, `[abc]`, extglobs) to an anchored regular expression, with
 * picomatch. Dotfiles match like any other file (`*` covers `.eslintrc.json`).
 */
export function globToRegExp(glob: string): RegExp {
  return picomatch.makeRe(glob, { dot: true });
}

/** Why `glob` cannot be used (picomatch refuses it), or `undefined` when it can. */
export function globProblem(glob: string): string | undefined {
  try {
    globToRegExp(glob.replace(/^\.\//, ""));
    return undefined;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0];
  }
}

/** A compiled set of globs; a glob that cannot be compiled matches nothing (manifests refuse them). */
export class GlobSet {
  #patterns: RegExp[];
  constructor(globs: string[]) {
    this.#patterns = globs.filter((g) => globProblem(g) === undefined)
      .map((g) => globToRegExp(g.replace(/^\.\//, "")));
  }

  /** True when `path` matches any glob. */
  matches(path: string): boolean {
    return this.#patterns.some((p) => p.test(path));
  }

  get empty(): boolean {
    return this.#patterns.length === 0;
  }
}
