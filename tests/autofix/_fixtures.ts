/**
 * Temp projects for the autofix tests: a Deno project whose lint plugin reports `var` with a fix (deno
 * lint's built-in rules carry no fixes, a plugin rule can), so `deno lint --fix` has a real fixable
 * finding; files are written as given.
 */

/** A lint plugin with one fixable rule: `var` becomes `let`. */
export const NO_VAR_PLUGIN = `const plugin: Deno.lint.Plugin = {
  name: "fixture",
  rules: {
    "no-var": {
      create(context) {
        return {
          VariableDeclaration(node) {
            if (node.kind !== "var") return;
            context.report({
              node,
              message: "use let instead of var",
              fix: (fixer) =>
                fixer.replaceText(
                  node,
                  context.sourceCode.getText(node).replace(/^var/, "let"),
                ),
            });
          },
        };
      },
    },
  },
};
export default plugin;
`;

/** Writes `files` (path -> text) into a new temp git repository and returns its real path. */
export async function makeProject(files: Record<string, string>): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-autofix-" }));
  await new Deno.Command("git", { args: ["init", "-q"], cwd: dir }).output();
  for (const [path, text] of Object.entries(files)) {
    const at = path.lastIndexOf("/");
    if (at > 0) await Deno.mkdir(`${dir}/${path.slice(0, at)}`, { recursive: true });
    await Deno.writeTextFile(`${dir}/${path}`, text);
  }
  return dir;
}

/** A Deno project with one fixable lint finding (`src/count.ts`) and clean files beside it. */
export function denoFixable(): Promise<string> {
  return makeProject({
    "deno.json": JSON.stringify({ lint: { plugins: ["./lint/no_var.ts"] } }, null, 2) + "\n",
    "lint/no_var.ts": NO_VAR_PLUGIN,
    "src/count.ts": "export function count(): number {\n  var n = 1;\n  n += 1;\n  return n;\n}\n",
    "src/clean.ts": "export const clean = 1;\n",
    "src/other.ts": "export function other(): number {\n  return 2;\n}\n",
  });
}

/** A Deno project with nothing to fix. */
export function denoClean(): Promise<string> {
  return makeProject({
    "deno.json": "{}\n",
    "src/clean.ts": "export const clean = 1;\n",
  });
}

/** Every file of `dir` (outside .git, .flux and node_modules) with its text. */
export async function snapshot(dir: string, rel = ""): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const e of Deno.readDir(rel ? `${dir}/${rel}` : dir)) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.name === ".git" || e.name === ".flux" || e.name === "node_modules") continue;
    if (e.isDirectory) { for (const [p, t] of await snapshot(dir, path)) out.set(p, t); }
    else out.set(path, await Deno.readTextFile(`${dir}/${path}`));
  }
  return out;
}

/** The files whose text differs between two snapshots, sorted. */
export function differing(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).sort();
}
