/**
 * What a format check covers: the files the project's own formatter covers, never lockfiles or generated
 * files. Prettier takes the paths from the project's own prettier script (`prettier --check src test`);
 * gofmt takes the Go files the go tool builds. ruff, black and deno fmt read their own config
 * (pyproject, deno.json `fmt`), so they need no scope from Flux.
 */
import { shellWords } from "./shell_words.ts";
import { readScripts } from "./package_manager.ts";

/** Lockfiles prettier would otherwise format (it formats YAML and JSON). */
const LOCKFILES = ["pnpm-lock.yaml", "package-lock.json", "npm-shrinkwrap.json", "bun.lock"];

/** Prettier options that take a value (so that the value is not taken for a path). */
const PRETTIER_VALUED = new Set([
  "--config",
  "--ignore-path",
  "--plugin",
  "--parser",
  "--log-level",
  "--loglevel",
  "--cache-location",
  "--cache-strategy",
  "--stdin-filepath",
  "--config-precedence",
  "--end-of-line",
  "--trailing-comma",
  "--arrow-parens",
  "--prose-wrap",
  "--quote-props",
  "--html-whitespace-sensitivity",
  "--embedded-language-formatting",
  "--print-width",
  "--tab-width",
  "--object-wrap",
  "--experimental-operator-position",
]);

/**
 * The paths prettier checks: those of the project's own prettier script when it has one, else ".", then
 * lockfiles excluded (`!**\/pnpm-lock.yaml`).
 */
export function prettierScope(projectDir: string): string[] {
  const own = prettierScriptPaths(readScripts(projectDir));
  return [...(own.length > 0 ? own : ["."]), ...LOCKFILES.map((f) => `!**/${f}`)];
}

/** The paths in the first package.json script that runs prettier with paths. */
export function prettierScriptPaths(scripts: Record<string, unknown>): string[] {
  for (const script of Object.values(scripts)) {
    if (typeof script !== "string") continue;
    for (const part of script.split(/&&|\|\||;/)) {
      const words = shellWords(part.trim()) ?? part.trim().split(/\s+/);
      const at = words.findIndex((w) => w === "prettier" || w.endsWith("/prettier"));
      if (at < 0) continue;
      const paths: string[] = [];
      for (let i = at + 1; i < words.length; i++) {
        const word = words[i]!;
        if (PRETTIER_VALUED.has(word)) i++;
        else if (!word.startsWith("-")) paths.push(word.replace(/^(["'])(.*)\1$/, "$2"));
      }
      if (paths.length > 0) return paths;
    }
  }
  return [];
}

/** Folders the go tool skips. */
const GO_SKIP = /^(vendor|testdata|node_modules|[._].*)$/;
const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/m;

/** The project's own Go files (not vendor/, testdata/, hidden or generated ones), or "." when none. */
export function goFormatScope(projectDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, rel: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(dir)];
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory && !GO_SKIP.test(e.name)) walk(`${dir}/${e.name}`, path);
      else if (e.isFile && e.name.endsWith(".go") && !isGenerated(`${dir}/${e.name}`)) {
        files.push(path);
      }
    }
  };
  walk(projectDir, "");
  return files.length > 0 ? files : ["."];
}

function isGenerated(path: string): boolean {
  try {
    return GENERATED.test(Deno.readTextFileSync(path).slice(0, 2048));
  } catch {
    return false;
  }
}
