/**
 * Which monitors a changed file concerns: each monitor's manifest `watch` globs, or a default per monitor.
 * Globs are matched against project-relative paths with `/` separators.
 */

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

/** Converts a glob (`*`, `**`, `?`, `{a,b}`, `[abc]`) to an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let out = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slash = glob[i + 2] === "/";
        out += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else out += "[^/]*";
    } else if (c === "?") out += "[^/]";
    else if (c === "{") {
      depth++;
      out += "(?:";
    } else if (c === "}" && depth > 0) {
      depth--;
      out += ")";
    } else if (c === "," && depth > 0) out += "|";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) out += "\\[";
      else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else out += /[.+^$()|\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${out}$`);
}

/** A compiled set of globs. */
export class GlobSet {
  #patterns: RegExp[];
  constructor(globs: string[]) {
    this.#patterns = globs.map((g) => globToRegExp(g.replace(/^\.\//, "")));
  }

  /** True when `path` matches any glob. */
  matches(path: string): boolean {
    return this.#patterns.some((p) => p.test(path));
  }

  get empty(): boolean {
    return this.#patterns.length === 0;
  }
}
