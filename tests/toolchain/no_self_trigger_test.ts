/**
 * A check must not wake the file watcher: the files tools write (reports, caches, bytecode) are either
 * not written into the project or ignored, so a monitor run never triggers another one.
 */
import { deepEqual, equal } from "node:assert/strict";
import { type FileChangeBatch, watchFiles } from "../../core/toolchain/watch_files.ts";
import { runTool } from "../../core/toolchain/run_tool.ts";
import type { ToolKind } from "../../core/toolchain/types.ts";

async function quietDuring(
  files: Record<string, string>,
  kinds: ToolKind[],
): Promise<{ batches: FileChangeBatch[]; statuses: string[] }> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_self_trigger_" }));
  const controller = new AbortController();
  try {
    for (const [name, text] of Object.entries(files)) {
      const path = `${dir}/${name}`;
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      await Deno.writeTextFile(path, text);
    }
    const batches: FileChangeBatch[] = [];
    let ready!: () => void;
    const isReady = new Promise<void>((r) => ready = r);
    const done = watchFiles(dir, (b) => {
      batches.push(b);
    }, { signal: controller.signal, onReady: ready });
    await isReady;
    const statuses: string[] = [];
    for (const kind of kinds) statuses.push((await runTool(kind, dir)).status);
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await done;
    return { batches, statuses };
  } finally {
    controller.abort();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("runTool() on a pytest project writes nothing the watcher reports", async () => {
  const { batches, statuses } = await quietDuring({
    "conftest.py": "",
    "app/auth.py": "def login():\n    return 401\n",
    "tests/test_auth.py":
      "from app.auth import login\n\ndef test_login():\n    assert login() == 200\n",
    "app/__init__.py": "",
  }, ["test", "build"]);
  deepEqual(statuses, ["fail", "ok"]);
  equal(batches.length, 0, JSON.stringify(batches));
});

Deno.test("runTool() on a deno project writes nothing the watcher reports", async () => {
  const { batches, statuses } = await quietDuring({
    "deno.json": "{}\n",
    "mod.ts": "export const a = 1;\n",
    "mod_test.ts":
      'import { a } from "./mod.ts";\n\nDeno.test("a", () => {\n  if (a !== 1) throw new Error("a");\n});\n',
  }, ["test", "lint", "typecheck", "format"]);
  deepEqual(statuses, ["ok", "ok", "ok", "ok"]);
  equal(batches.length, 0, JSON.stringify(batches));
});
