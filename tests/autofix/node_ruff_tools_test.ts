/**
 * `/autofix` with the real npm tools (eslint 9, prettier 3, installed once into a temp project with npm)
 * and with ruff when it is installed. The eslint+prettier tests are ignored when npm cannot install them
 * (no registry); the ruff test is ignored when ruff is absent (PyPI is not reachable on every machine).
 */
import assert from "node:assert/strict";
import { runProcess } from "../../core/process/run_process.ts";
import { runAutofix } from "../../core/autofix/run_autofix.ts";
import { differing, makeProject, snapshot } from "./_fixtures.ts";

/** A folder with eslint and prettier in node_modules, shared by the tests (removed at unload). */
const shared = await Deno.makeTempDir({ prefix: "flux-autofix-npm-" });
const install = await runProcess(
  "npm",
  ["install", "--no-audit", "--no-fund", "--no-save", "eslint@9", "prettier@3"],
  { cwd: shared, timeoutMs: 600_000 },
);
const npmTools = install.code === 0;
globalThis.addEventListener("unload", () => Deno.removeSync(shared, { recursive: true }));
const ruff = (await runProcess("ruff", ["--version"], { timeoutMs: 30_000 })).code === 0;

/** A node project using eslint (no-else-return, fixable; no-unused-vars, not) and prettier. */
async function nodeProject(files: Record<string, string>): Promise<string> {
  const dir = await makeProject({
    "package.json": JSON.stringify(
      { name: "fixture", type: "module", devDependencies: { eslint: "9", prettier: "3" } },
      null,
      2,
    ) + "\n",
    "eslint.config.js": "export default [\n" +
      "  { rules: { 'no-else-return': 'error', 'no-unused-vars': 'error' } },\n];\n",
    ".prettierrc": '{ "singleQuote": true }\n',
    "package-lock.json": '{"name":"fixture","lockfileVersion":3,"requires":true,"packages":{}}\n',
    ...files,
  });
  await Deno.symlink(`${shared}/node_modules`, `${dir}/node_modules`);
  return dir;
}

Deno.test({
  name:
    "runAutofix() runs eslint --fix on the fixable file, then prettier on it and the unformatted one",
  ignore: !npmTools,
  fn: async () => {
    const dir = await nodeProject({
      "src/side.js":
        "export function side(left) {\n  if (left) {\n    return 'left';\n  } else {\n    return 'right';\n  }\n}\n",
      "src/ugly.js": "export const ugly   =  [1,2,3];\n",
      "src/unused.js": "function unused(a) {\n  return a;\n}\n",
      "src/tidy.js": "export const tidy = 1;\n",
    });
    try {
      const before = await snapshot(dir);
      const report = await runAutofix(dir);
      const after = await snapshot(dir);
      assert.deepEqual(differing(before, after), ["src/side.js", "src/ugly.js"]);
      assert.equal(
        after.get("src/side.js"),
        "export function side(left) {\n  if (left) {\n    return 'left';\n  }\n  return 'right';\n}\n",
      );
      assert.equal(after.get("src/ugly.js"), "export const ugly = [1, 2, 3];\n");
      assert.deepEqual(report.fixers.map((f) => [f.tool, f.ok, f.files]), [
        ["eslint", true, ["src/side.js"]],
        ["prettier", true, ["src/side.js", "src/ugly.js"]],
      ]);
      assert.ok(
        report.notes.some((n) =>
          /^eslint: 1 finding its fixer cannot fix.*src\/unused\.js/.test(n)
        ),
        report.notes.join("\n"),
      );
      // The plain shell agrees: eslint's only finding left is the unfixable one; prettier is clean.
      const eslint = await runProcess("node", ["node_modules/eslint/bin/eslint.js", "."], {
        cwd: dir,
        timeoutMs: 120_000,
      });
      assert.match(eslint.stdout, /no-unused-vars/);
      assert.doesNotMatch(eslint.stdout, /no-else-return/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "runAutofix() leaves a lockfile prettier would format alone",
  ignore: !npmTools,
  fn: async () => {
    const dir = await nodeProject({ "src/ugly.js": "export const ugly   =  1\n" });
    try {
      const before = await snapshot(dir);
      const report = await runAutofix(dir);
      assert.deepEqual(differing(before, await snapshot(dir)), ["src/ugly.js"]);
      assert.ok(report.fixers.every((f) => !f.files.includes("package-lock.json")));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "runAutofix() runs ruff check --fix and ruff format on the files ruff names (ignored when ruff is absent)",
  ignore: !ruff,
  fn: async () => {
    const dir = await makeProject({
      "pyproject.toml": "[tool.ruff]\n",
      "app.py": "import os\n\n\ndef f():\n    return 1\n",
      "ugly.py": "x   =  [1,2]\n",
      "tidy.py": "y = 1\n",
    });
    try {
      const before = await snapshot(dir);
      const report = await runAutofix(dir);
      assert.deepEqual(differing(before, await snapshot(dir)), ["app.py", "ugly.py"]);
      assert.deepEqual(report.fixers.map((f) => f.tool), ["ruff", "ruff_format"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
