/**
 * Gitignore-style rules: blank lines and `#` comments skipped, `!` re-includes, a trailing `/` matches
 * directories only, a `/` elsewhere anchors the pattern to the base directory, `*` `?` `[...]` match
 * within one path segment and `**` across segments. The last matching rule wins.
 */

interface Rule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** A compiled list of gitignore patterns relative to one base directory. */
export class IgnoreRules {
  #rules: Rule[] = [];

  /** Compiles `patterns` (lines of a .gitignore). */
  constructor(patterns: Iterable<string> = []) {
    for (const line of patterns) this.add(line);
  }

  /** Adds one pattern line; comments and blank lines are skipped. */
  add(line: string): void {
    let pattern = line.replace(/(?<!\\)\s+$/, "");
    if (pattern === "" || pattern.startsWith("#")) return;
    let negate = false;
    if (pattern.startsWith("!")) {
      negate = true;
      pattern = pattern.slice(1);
    } else if (pattern.startsWith("\\!") || pattern.startsWith("\\#")) {
      pattern = pattern.slice(1);
    }
    const dirOnly = pattern.endsWith("/");
    if (dirOnly) pattern = pattern.slice(0, -1);
    const anchored = pattern.includes("/");
    if (pattern.startsWith("/")) pattern = pattern.slice(1);
    if (pattern === "") return;
    const body = globToRegex(pattern);
    const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
    this.#rules.push({ regex, negate, dirOnly });
  }

  /**
   * The verdict of the rules for one path (relative, `/`-separated): true ignored, false re-included,
   * undefined when no rule matches.
   */
  match(path: string, isDir: boolean): boolean | undefined {
    let verdict: boolean | undefined;
    for (const rule of this.#rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(path)) verdict = !rule.negate;
    }
    return verdict;
  }

  /** True when `path` or one of its parent directories is ignored (git cannot re-include below those). */
  ignores(path: string, isDir = false): boolean {
    const parts = path.split("/").filter((p) => p !== "");
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      const dir = i < parts.length || isDir;
      if (this.match(prefix, dir) === true) return true;
    }
    return false;
  }
}

function globToRegex(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slash = glob[i + 2] === "/";
        out += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else {
        out += "[^/]*";
      }
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) {
        out += "\\[";
      } else {
        const cls = glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
        out += `[${cls}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < glob.length) {
      out += escape(glob[++i]!);
    } else {
      out += escape(c);
    }
  }
  return out;
}

function escape(c: string): string {
  return /[.+^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
