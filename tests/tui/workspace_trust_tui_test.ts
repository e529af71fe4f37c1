/**
 * The TUI asks for workspace trust itself, in an Ink box on its screen (tmux), before it runs anything of
 * an untrusted project: n leaves with nothing run; y trusts the folder and the tests monitor runs the
 * project's test (which leaves a marker).
 */
import assert from "node:assert/strict";
import { hasTmux, TmuxTerminal } from "./tmux_terminal.ts";
import { pathExists } from "../../core/fs/path_exists.ts";

const tmux = await hasTmux();

Deno.test({
  name:
    "the TUI asks for workspace trust in its own box: n runs nothing, y trusts and runs the tests",
  ignore: !tmux,
  fn: async () => {
    const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-tui-trust-" }));
    const dir = `${root}/project`;
    const config = `${root}/config`;
    await Deno.mkdir(`${dir}/.flux`, { recursive: true });
    await Deno.mkdir(config);
    await Deno.writeTextFile(
      `${dir}/test_marker.py`,
      'def test_marker():\n    open("marker.txt", "w").write("ran")\n',
    );
    await Deno.writeTextFile(
      `${dir}/.flux/workflows.yaml`,
      "ship:\n  steps:\n    - name: hello\n      step_type: command\n      command: echo shipped\n",
    );
    // The suite trusts its own projects (FLUX_TRUST=1); this one nobody trusted.
    const env = { FLUX_TRUST: "0", XDG_CONFIG_HOME: config };
    const term = await TmuxTerminal.open({ projectDir: dir, env, columns: 120, rows: 30 });
    try {
      const asked = await term.waitFor(/Trust this folder\? y = yes, n = no/, 60_000);
      assert.match(asked, /Flux has not run anything in .*project yet/);
      assert.match(asked, /pytest/, "it shows the test command it would run");
      assert.match(asked, /ship/, "it shows the workflows");
      assert.ok(asked.includes("═"), "drawn in the TUI's box, not a plain prompt");
      assert.ok(!asked.includes("[y/N]"), "not the plain terminal prompt");
      await term.keys("n");
      const left = await term.waitFor(/FLUX-EXITED \d+\s+-?icanon -?echo/, 60_000);
      assert.match(left, /FLUX-EXITED 2/);
      assert.match(left, /is not trusted yet, so Flux runs none/);
      assert.match(left, /icanon echo/, "the terminal is given back as it was");
      assert.equal(await pathExists(`${dir}/marker.txt`), false);

      await term.start();
      await term.waitFor(/Trust this folder\? y = yes, n = no/, 60_000);
      assert.equal(await pathExists(`${dir}/marker.txt`), false, "nothing ran while it asked");
      await term.keys("y");
      for (let i = 0; i < 1800 && !(await pathExists(`${dir}/marker.txt`)); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(await pathExists(`${dir}/marker.txt`), "the tests monitor ran the project's test");
      const trusted = JSON.parse(await Deno.readTextFile(`${config}/flux/trusted.json`));
      assert.ok(JSON.stringify(trusted).includes(dir), "the grant was stored");
    } finally {
      await term.kill();
      await Deno.remove(root, { recursive: true });
    }
  },
});
