/**
 * Plugin consent in the TUI against the real plugin host: `n` is remembered per plugin hash, so the next
 * start does not ask again, until the plugin's files change or it is trusted.
 */
import "../_trust_test_projects.ts";
import assert from "node:assert/strict";
import { runProcess } from "../../core/process/run_process.ts";
import { FakeTerminal, settle } from "../../core/tui/_fake_terminal.ts";
import { FluxApp } from "../../core/tui/flux_app.tsx";
import { FluxBackend } from "../../core/tui/flux_backend.ts";
import { DENIALS_FILE } from "../../core/tui/plugin_denials.ts";
import { TuiController } from "../../core/tui/tui_controller.ts";

const REPO = `${import.meta.dirname}/../..`;

async function projectWithPlugin(): Promise<{ dir: string; entry: string }> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-tui-consent-" }));
  await Deno.writeTextFile(`${dir}/.gitignore`, "");
  const plugin = `${dir}/.flux/plugins/disk-space`;
  await Deno.mkdir(plugin, { recursive: true });
  await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "tui:\n  auto_watch: false\n");
  await Deno.writeTextFile(
    `${plugin}/plugin.json`,
    JSON.stringify({
      name: "disk-space",
      kind: "monitor",
      entry: "mod.ts",
      description: "Warns when the disk is almost full",
      permissions: { read: ["."], run: ["df"], net: [], env: [], write: [] },
    }),
  );
  const entry = `${plugin}/mod.ts`;
  await Deno.writeTextFile(
    entry,
    'export default { check: () => ({ status: "ok", summary: "plenty of space" }) };\n',
  );
  return { dir, entry };
}

/** Starts the TUI on a fake terminal, runs `act`, quits; returns the consent requests seen at start. */
async function session(
  dir: string,
  act: (term: FakeTerminal, controller: TuiController) => Promise<void> | void = () => {},
): Promise<string[]> {
  const controller = new TuiController(new FluxBackend(dir));
  const term = new FakeTerminal(<FluxApp controller={controller} theme={{ color: false }} />);
  try {
    await controller.start();
    await settle(100);
    const asked = controller.state.consent.map((c) => c.plugin);
    await act(term, controller);
    return asked;
  } finally {
    await controller.quit();
    term.close();
  }
}

Deno.test("a plugin denied with n at the consent prompt is not asked about again until it changes", async () => {
  const { dir, entry } = await projectWithPlugin();
  try {
    const first = await session(dir, async (term, controller) => {
      term.stdin.write("n");
      await settle(300);
      assert.equal(controller.state.consent.length, 0);
      assert.match(term.lastFrame(), /🔌 Plugin "disk-space" stays off/);
      const note = controller.state.feed[0]?.lines.join(" ") ?? "";
      assert.match(note, /will not ask again until its files or permissions change/);
    });
    assert.deepEqual(first, ["disk-space"]);
    const stored: unknown = JSON.parse(await Deno.readTextFile(`${dir}/${DENIALS_FILE}`));
    assert.match(String((stored as Record<string, unknown>)["disk-space"]), /\w{16,}/);

    const second = await session(dir, (term) => {
      assert.doesNotMatch(term.lastFrame(), /is not trusted yet/);
    });
    assert.deepEqual(second, [], "a remembered denial does not ask again");

    // The plugin changes: its hash no longer matches the denial, so Flux asks again.
    await Deno.writeTextFile(
      entry,
      'export default { check: () => ({ status: "warning", summary: "90% full" }) };\n',
    );
    const third = await session(dir, async (_term, controller) => {
      await controller.submit("/trust disk-space");
    });
    assert.deepEqual(third, ["disk-space"]);

    // Trusting lifts the denial for good.
    const denials: unknown = JSON.parse(await Deno.readTextFile(`${dir}/${DENIALS_FILE}`));
    assert.deepEqual(denials, {});
    const fourth = await session(dir, async (_term, controller) => {
      await controller.submit("/plugins");
      assert.match(controller.state.feed[0]?.lines.join("\n") ?? "", /disk-space/);
    });
    assert.deepEqual(fourth, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("/deny of an unknown plugin is one line saying how to list them", async () => {
  const { dir } = await projectWithPlugin();
  try {
    await session(dir, async (_term, controller) => {
      await controller.submit("/deny nope");
      const text = controller.state.feed.map((i) => [i.title, ...i.lines].join("\n")).join("\n");
      assert.match(text, /No plugin named "nope": type \/plugins to see them/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("without a terminal an untrusted plugin is listed with /trust and /deny; /deny is remembered", async () => {
  const { dir } = await projectWithPlugin();
  const flux = (stdin: string) =>
    runProcess(
      "deno",
      [
        "run",
        "-A",
        "--quiet",
        "--config",
        `${REPO}/deno.json`,
        `${REPO}/main.ts`,
        "--project",
        dir,
      ],
      { stdin, timeoutMs: 60_000 },
    );
  try {
    const first = await flux("/deny disk-space\n");
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^🔌 Plugin "disk-space" is not trusted yet$/m);
    assert.match(
      first.stdout,
      /^ {2}• can run only "df", (started by Flux in the OS sandbox: writing nowhere .*, no network|but no OS sandbox can start here .*)$/m,
    );
    assert.match(first.stdout, /^ {2}Type \/trust disk-space to trust it, or \/deny disk-space/m);
    assert.match(first.stdout, /^🔌 Plugin "disk-space" stays off$/m);
    const second = await flux("/status\n");
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /is not trusted yet/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
