/** `flux wf run` on a real terminal (tmux): a live line with spinner, step n/total and elapsed time. */
import { assert, assertMatch } from "./_assert.ts";
import { FLUX_ROOT, makeProject } from "./_helpers.ts";

const hasTmux = (() => {
  try {
    return new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
})();

async function tmux(args: string[]): Promise<string> {
  const out = await new Deno.Command("tmux", { args, stdout: "piped", stderr: "piped" }).output();
  return new TextDecoder().decode(out.stdout);
}

Deno.test({
  name: "flux wf run shows live progress on a terminal and ends with the completed line (tmux)",
  ignore: !hasTmux,
  fn: async () => {
    const dir = await makeProject({
      ".flux/workflows.yaml":
        "slow:\n  steps:\n    - name: first\n      step_type: command\n      command: sleep 2\n    - name: second\n      step_type: command\n      command: echo done\n",
    });
    const session = `flux_wf_${crypto.randomUUID().slice(0, 8)}`;
    try {
      const command =
        `${Deno.execPath()} run -A --quiet ${FLUX_ROOT}/main.ts --project ${dir} wf run slow; sleep 30`;
      await tmux([
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "120",
        "-y",
        "20",
        "env",
        "NO_COLOR=1",
        "sh",
        "-c",
        command,
      ]);
      let live = "";
      for (let i = 0; i < 100 && !/\[1\/2\] first · \d+\.\ds/.test(live); i++) {
        await new Promise((r) => setTimeout(r, 50));
        live = await tmux(["capture-pane", "-p", "-t", session]);
      }
      assertMatch(live, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \[1\/2\] first · \d+\.\ds/);
      let done = "";
      for (let i = 0; i < 200 && !done.includes("✅"); i++) {
        await new Promise((r) => setTimeout(r, 50));
        done = await tmux(["capture-pane", "-p", "-t", session]);
      }
      assertMatch(done, /✓ \[1\/2\] first \(2\.\ds\)\n/);
      assertMatch(done, /✓ \[2\/2\] second \(\d\.\ds\)\n/);
      assertMatch(done, /✅ Workflow 'slow' completed in \d+\.\ds/);
      assert(!/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/.test(done), "the live line is gone at the end");
    } finally {
      await tmux(["kill-session", "-t", session]);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
