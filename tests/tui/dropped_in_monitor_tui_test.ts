/** A monitor dropped into the project reaches the TUI's monitors panel (tmux), trusted, with no config. */
import assert from "node:assert/strict";
import { hasTmux, TmuxTerminal } from "./tmux_terminal.ts";
import { runProcess } from "../../core/process/run_process.ts";

const REPO = `${import.meta.dirname}/../..`;
const tmux = await hasTmux();

Deno.test({
  name: "a trusted monitor in plugins/ shows in the TUI's monitors panel with no config edit",
  ignore: !tmux,
  fn: async () => {
    const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-tui-dropin-" }));
    await Deno.mkdir(`${dir}/plugins/todo-count`, { recursive: true });
    await Deno.writeTextFile(
      `${dir}/plugins/todo-count/plugin.json`,
      JSON.stringify({
        name: "todo-count",
        kind: "monitor",
        entry: "mod.ts",
        interval: 60,
        permissions: {},
      }),
    );
    await Deno.writeTextFile(
      `${dir}/plugins/todo-count/mod.ts`,
      'export default { check() { return { status: "fail", summary: "3 TODOs left" }; } };\n',
    );
    const trust = await runProcess(Deno.execPath(), [
      "run",
      "-A",
      "--quiet",
      "--config",
      `${REPO}/deno.json`,
      `${REPO}/main.ts`,
      "--project",
      dir,
      "plugins",
      "trust",
      "todo-count",
      "--yes",
    ]);
    assert.equal(trust.code, 0, trust.stderr);
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      const screen = await term.waitFor(/todo-count\s+fail/, 60_000);
      assert.match(screen, /todo-count/);
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
