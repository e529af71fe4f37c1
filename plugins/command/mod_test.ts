import assert from "node:assert/strict";
import type { PluginContext } from "../../core/plugin_host/types.ts";
import command from "./mod.ts";

function ctx(
  dir: string,
  options: Record<string, unknown>,
  logs: string[],
  signal = new AbortController().signal,
): PluginContext {
  return {
    projectDir: dir,
    options,
    signal,
    progress: () => {},
    log: (text) => logs.push(text),
    emit: () => {},
  };
}

Deno.test("command.run() runs sh -c with the given env and cwd and streams whole lines", async () => {
  const dir = await Deno.makeTempDir();
  const logs: string[] = [];
  try {
    const result = await command.run(
      ctx(dir, { command: 'echo "$A"; printf tail', env: { A: "from env" } }, logs),
    );
    assert.equal(result.success, true);
    assert.equal(result.output, "from env\ntail");
    assert.deepEqual(logs, ["from env\n", "tail"]);
    assert.equal((result.data as { exitCode: number }).exitCode, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("command.run() fails with the exit code and stops its process group when aborted", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const failed = await command.run(ctx(dir, { command: "exit 7" }, []));
    assert.deepEqual([failed.success, (failed.data as { exitCode: number }).exitCode], [false, 7]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const stopped = await command.run(
      ctx(dir, { command: "sleep 30 & wait", grace_ms: 200 }, [], controller.signal),
    );
    assert.equal(stopped.success, false);
    assert.equal((stopped.data as { error: string }).error, "Stopped");
    assert.ok(performance.now() - started < 20_000, "sleep 30 was stopped");
    const empty = await command.run(ctx(dir, { command: " " }, []));
    assert.equal(empty.success, false);
    const nowhere = await command.run(ctx(dir, { command: "true", cwd: `${dir}/missing` }, []));
    assert.equal(
      (nowhere.data as { error: string }).error,
      `Cannot run in "${dir}/missing": it is not a folder: fix "cwd"`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
