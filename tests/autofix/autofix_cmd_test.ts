import assert from "node:assert/strict";
import { runProcess } from "../../core/process/run_process.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { denoClean, denoFixable, differing, makeProject, snapshot } from "./_fixtures.ts";

const main = new URL("../../main.ts", import.meta.url).pathname;

/** `flux ARGS` started in `cwd` as a user types it. */
function flux(cwd: string, args: string[]) {
  return runProcess(Deno.execPath(), ["run", "-A", "--quiet", main, ...args], {
    cwd,
    env: { NO_COLOR: "1", FLUX_TRUST: "1" },
    timeoutMs: 180_000,
  });
}

/** A lint plugin whose fix cannot be applied: `deno lint --fix` fails on it. */
const BAD_FIX_PLUGIN = `const plugin: Deno.lint.Plugin = {
  name: "fixture",
  rules: {
    "bad-fix": {
      create(context) {
        return {
          VariableDeclaration(node) {
            context.report({
              node,
              message: "this fix cannot be applied",
              fix: (fixer) => fixer.replaceTextRange([0, 1000000], "x"),
            });
          },
        };
      },
    },
  },
};
export default plugin;
`;

Deno.test("flux autofix fixes the fixable finding, lists the file with +/- lines, exits 0", async () => {
  const dir = await denoFixable();
  try {
    const before = await snapshot(dir);
    const result = await flux(dir, ["autofix"]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(differing(before, await snapshot(dir)), ["src/count.ts"]);
    assert.match(result.stdout, /^🔧 Autofix changed 1 file \(\+1 -1\) with deno_lint, deno_fmt$/m);
    assert.match(result.stdout, /^ {2}M src\/count\.ts {2}\+1 -1$/m);
    const sessions = new SessionManager(dir);
    try {
      const edits = sessions.recentEvents({ types: [EventType.FILE_EDIT] });
      assert.deepEqual(edits.map((e) => [e.data.file, e.data.source]), [[
        "src/count.ts",
        "autofix",
      ]]);
    } finally {
      sessions.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux /autofix, as the lint notification writes it, does the same", async () => {
  const dir = await denoFixable();
  try {
    const result = await flux(dir, ["/autofix"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /M src\/count\.ts/);
    assert.match(await Deno.readTextFile(`${dir}/src/count.ts`), /let n = 1;/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux autofix with nothing fixable changes nothing, says so and exits 0", async () => {
  const dir = await denoClean();
  try {
    const before = await snapshot(dir);
    const result = await flux(dir, ["autofix"]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(differing(before, await snapshot(dir)), []);
    assert.match(result.stdout, /^✅ Autofix: nothing to fix, no file changed$/m);
    const json = await flux(dir, ["autofix", "--json"]);
    assert.equal(json.code, 0);
    assert.deepEqual(JSON.parse(json.stdout).changed, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux autofix exits 1 naming the fixer when a fixer fails", async () => {
  const dir = await makeProject({
    "deno.json": '{ "lint": { "plugins": ["./lint/bad.ts"] } }\n',
    "lint/bad.ts": BAD_FIX_PLUGIN,
    "a.ts": "export const a = 1;\n",
  });
  try {
    const before = await snapshot(dir);
    const result = await flux(dir, ["autofix"]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^❌ Autofix: deno_lint failed; no file changed$/m);
    assert.match(result.stdout, /deno_lint failed \(exit 1\): Error linting: \S+\.ts$/m);
    assert.deepEqual(differing(before, await snapshot(dir)), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux autofix exits 2 with one line on a usage or configuration error", async () => {
  const dir = await makeProject({
    "deno.json": "{}\n",
    ".flux/config.yaml": "monitors:\n  lint: [not, a, map\n",
  });
  try {
    const usage = await flux(dir, ["autofix", "everything"]);
    assert.equal(usage.code, 2);
    assert.equal(usage.stderr.trim().split("\n").length, 1, usage.stderr);
    const config = await flux(dir, ["autofix"]);
    assert.equal(config.code, 2, config.stdout + config.stderr);
    assert.equal(config.stderr.trim().split("\n").length, 1, config.stderr);
    assert.match(config.stderr, /config\.yaml/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
