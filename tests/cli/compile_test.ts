/**
 * `deno task compile` builds one binary with every built-in plugin and the worker bootstrap included.
 * `deno compile` embeds a `denort` runtime downloaded from dl.deno.land; where that cannot be reached
 * the test is reported as ignored, with the reason in its name, never as passing.
 */
import assert from "node:assert/strict";
import { runProcess } from "../../core/process/run_process.ts";

const root = new URL("../../", import.meta.url).pathname;

/** Why the runtime cannot be downloaded here, or undefined when it can (checked before the test). */
async function runtimeUnreachable(): Promise<string | undefined> {
  if (Deno.env.get("DENORT_BIN")) return undefined;
  const url = `https://dl.deno.land/release/v${Deno.version.deno}/denort-${Deno.build.target}.zip`;
  try {
    const response = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    return response.ok ? undefined : `${url} answered ${response.status}`;
  } catch (error) {
    return `${url} cannot be reached (${(error as Error).message.split("\n")[0]})`;
  }
}

/** The compile task of deno.json, as arguments of `deno`, writing to `output`. */
function compileArgs(output: string): string[] {
  const task = String(JSON.parse(Deno.readTextFileSync(`${root}deno.json`)).tasks.compile);
  const words = task.split(/\s+/).slice(1);
  const at = words.indexOf("--output");
  assert.ok(at > 0, `the compile task has no --output: ${task}`);
  words.splice(at, 2, "--output", output);
  return words;
}

const unreachable = await runtimeUnreachable();

Deno.test("the compile task includes the worker bootstrap, the sandbox, every built-in plugin and the guides", () => {
  const args = compileArgs("/tmp/x");
  const included = args.flatMap((a, i) => args[i - 1] === "--include" ? [a] : []);
  for (
    const path of [
      "core/plugin_host/worker_bootstrap.ts",
      "core/plugin_host/sandbox_main.ts",
      "monitors",
      "plugins",
      "docs",
    ]
  ) {
    assert.ok(included.includes(path), `--include ${path} missing from: ${args.join(" ")}`);
  }
});

Deno.test({
  name: unreachable === undefined
    ? "deno task compile builds a single binary that runs"
    : `deno task compile builds a single binary that runs (ignored: ${unreachable})`,
  ignore: unreachable !== undefined,
  async fn() {
    const out = await Deno.makeTempDir();
    try {
      const result = await runProcess(Deno.execPath(), compileArgs(`${out}/flux`), {
        cwd: root,
        timeoutMs: 180_000,
      });
      assert.equal(result.code, 0, result.stderr);
      const version = await runProcess(`${out}/flux`, ["--version"], { timeoutMs: 30_000 });
      assert.equal(version.code, 0, version.stderr);
      assert.match(version.stdout, /^\d+\.\d+\.\d+/);
      const guide = await runProcess(`${out}/flux`, ["help", "ai"], { timeoutMs: 30_000 });
      assert.equal(guide.code, 0, guide.stderr);
      assert.match(guide.stdout, /^# AI/, "the binary carries the guides");
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
