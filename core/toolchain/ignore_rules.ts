/**
 * Gitignore-style rules matched by `npm:ignore` (the matcher eslint and prettier use): blank lines and `#`
 * comments skipped, `!` re-includes, a trailing `/` matches directories only, a `/` elsewhere anchors the
 * pattern to the base directory, `*` `?` `[...]` match within one path segment and `**` across segments.
 * Case-sensitive, as git is on Linux.
 */
import { type Ignore, ignore } from "../deps/ignore.ts";

/** A compiled list of gitignore patterns relative to one base directory. */
export class IgnoreRules {
  #rules: Ignore = ignore({ ignorecase: false, allowRelativePaths: true });

  /** Compiles `patterns` (lines of a .gitignore). */
  constructor(patterns: Iterable<string> = []) {
    for (const line of patterns) this.add(line);
  }

  /** Adds one pattern line; comments and blank lines are skipped. */
  add(line: string): void {
    this.#rules.add(line);
  }

  /**
   * The verdict of the rules for one path (relative, `/`-separated) and its parent directories: true
   * ignored, false re-included, undefined when no rule matches.
   */
  match(path: string, isDir: boolean): boolean | undefined {
    const result = this.#rules.test(isDir ? `${path}/` : path);
    if (result.ignored) return true;
    return result.unignored ? false : undefined;
  }

  /** True when `path` or one of its parent directories is ignored (git cannot re-include below those). */
  ignores(path: string, isDir = false): boolean {
    const clean = path.split("/").filter((p) => p !== "" && p !== ".").join("/");
    if (clean === "" || clean.startsWith("../")) return false;
    return this.#rules.ignores(isDir ? `${clean}/` : clean);
  }
}
