/** End-to-end: `flux --incognito` in a real terminal (tmux) shows where you left off and writes nothing. */
import assert from "node:assert/strict";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { hasTmux, TmuxTerminal } from "../tui/tmux_terminal.ts";

const tmux = await hasTmux();

/** Every file of `.flux/` with its bytes, as text for a readable diff. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for await (const entry of Deno.readDir(`${dir}/.flux`)) {
    files[entry.name] = (await Deno.readFile(`${dir}/.flux/${entry.name}`)).join(",");
  }
  return files;
}

Deno.test({
  name: "flux --incognito shows the resume banner and leaves .flux/ byte for byte",
  ignore: !tmux,
  fn: async () => {
    const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-incognito-tui-" }));
    try {
      await Deno.mkdir(`${dir}/.flux`);
      await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "tui:\n  auto_watch: false\n");
      const sessions = new SessionManager(dir);
      sessions.startNewSession();
      sessions.setCurrentTask("Debugging login authentication");
      sessions.recordEvent(EventType.FILE_EDIT, { file: "auth.py" });
      sessions.updateTestStatus({ total: 15, passed: 12, failed: 3 });
      sessions.close();
      const before = await snapshot(dir);

      const term = await TmuxTerminal.open({ projectDir: dir, args: ["--incognito"] });
      try {
        const screen = await term.waitFor(/📂 Resuming session from/);
        assert.match(screen, /Last task: Debugging login authentication/);
        assert.match(screen, /❌ Tests: 3 failing/);
        await term.type("/task a private plan");
        await term.keys("Enter");
        await term.waitFor(/Task set: a private plan/);
        await term.keys("q");
        await term.waitFor(/FLUX-EXITED 0/);
      } finally {
        await term.kill();
      }
      assert.deepEqual(await snapshot(dir), before);
      const after = new SessionManager(dir);
      assert.equal(after.loadLastSession()?.state.currentTask, "Debugging login authentication");
      after.close();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
