/**
 * The TUI against the real Flux modules: a model server on 127.0.0.1, an untrusted plugin in the project,
 * a workflow run recorded in the session store, and the plain line mode of the real `flux` program.
 */
import "../_trust_test_projects.ts";
import assert from "node:assert/strict";
import { EventType } from "../../core/session/event_type.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { PluginHost } from "../../core/plugin_host/plugin_host.ts";
import { runProcess } from "../../core/process/run_process.ts";
import { FakeTerminal, settle } from "../../core/tui/_fake_terminal.ts";
import { FluxApp } from "../../core/tui/flux_app.tsx";
import { FluxBackend } from "../../core/tui/flux_backend.ts";
import { TuiController } from "../../core/tui/tui_controller.ts";

const REPO = `${import.meta.dirname}/../..`;

async function project(config = ""): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-tui-int-" }));
  await Deno.mkdir(`${dir}/.flux`);
  await Deno.writeTextFile(`${dir}/.flux/config.yaml`, `tui:\n  auto_watch: false\n${config}`);
  return dir;
}

async function denoProject(): Promise<string> {
  const dir = await project();
  await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
  await Deno.writeTextFile(
    `${dir}/math.ts`,
    "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
  );
  await Deno.writeTextFile(
    `${dir}/math_test.ts`,
    'import { add } from "./math.ts";\n\nDeno.test("add() adds", () => {\n' +
      '  if (add(1, 2) !== 3) throw new Error("add is broken");\n});\n',
  );
  return dir;
}

Deno.test("a question typed in the TUI streams the model's answer and records both messages", async () => {
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    requests.push(await req.text());
    const chunks = ["The test ", "fails because ", "add subtracts."];
    const body = chunks.map((c) =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: c } }] })}\n\n`
    ).join("") + "data: [DONE]\n\n";
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
  const dir = await project(
    `ai:\n  provider: openai\n  model: test-model\n  base_url: http://127.0.0.1:${server.addr.port}/v1\n`,
  );
  const controller = new TuiController(new FluxBackend(dir));
  try {
    await controller.start();
    await controller.submit("/task Fix add");
    await controller.submit("why does the add test fail?");
    const answer = controller.state.feed.find((i) => i.title === "💬 why does the add test fail?");
    assert.deepEqual(answer?.lines, ["The test fails because add subtracts."]);
    assert.equal(answer?.open, undefined);
    assert.match(requests[0] ?? "", /why does the add test fail\?/);
    assert.match(requests[0] ?? "", /Fix add/);
    assert.match(requests[0] ?? "", /test-model/);
  } finally {
    await controller.quit();
    await server.shutdown();
  }
  const sessions = new SessionManager(dir);
  try {
    sessions.loadLastSession();
    const messages = sessions.recentEvents({ types: [EventType.MESSAGE] });
    assert.deepEqual(messages.map((m) => m.data.role), ["user", "assistant"]);
    assert.equal(messages[1]?.data.content, "The test fails because add subtracts.");
  } finally {
    sessions.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an untrusted plugin found at start-up asks for consent with its permissions; y trusts it", async () => {
  const dir = await project();
  const plugin = `${dir}/.flux/plugins/disk-space`;
  await Deno.mkdir(plugin, { recursive: true });
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
  await Deno.writeTextFile(
    `${plugin}/mod.ts`,
    'export default { check: () => ({ status: "ok", summary: "plenty of space" }) };\n',
  );
  const controller = new TuiController(new FluxBackend(dir));
  const term = new FakeTerminal(<FluxApp controller={controller} theme={{ color: false }} />);
  try {
    await controller.start();
    await settle(100);
    const frame = term.lastFrame();
    assert.match(frame, /Plugin "disk-space" is not trusted yet/);
    assert.match(frame, /Warns when the disk is almost full/);
    assert.match(
      frame,
      /• can run only "df", (started by Flux in the OS sandbox: writing nowhere|but no OS sandbox)/,
    );
    assert.match(frame, /• read files in "\."/);
    term.stdin.write("y");
    // Trusting reads the plugin's import graph (a deno subprocess): wait for it, not a fixed time.
    for (let i = 0; i < 100 && !/🔌 Trusted plugin/.test(term.lastFrame()); i++) await settle(100);
    assert.equal(controller.state.consent.length, 0);
    assert.match(term.lastFrame(), /🔌 Trusted plugin "disk-space"/);
  } finally {
    await controller.quit();
    term.close();
  }
  const host = new PluginHost(dir);
  try {
    const found = (await host.discover()).find((p) => p.name === "disk-space");
    assert.equal(found?.trusted, true);
  } finally {
    await host.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a workflow run from the TUI is recorded as workflow and command events", async () => {
  const dir = await denoProject();
  const controller = new TuiController(new FluxBackend(dir));
  try {
    await controller.start();
    await controller.submit("flux wf run quick-check");
    assert.equal(controller.state.workflow?.finished?.success, true);
    assert.deepEqual(controller.state.workflow?.steps.map((s) => s.status), ["success", "success"]);
    assert.match(controller.state.feed[0]?.title ?? "", /✅ Workflow 'quick-check' completed in/);
  } finally {
    await controller.quit();
  }
  const sessions = new SessionManager(dir);
  try {
    sessions.loadLastSession();
    const events = sessions.recentEvents({ types: [EventType.WORKFLOW, EventType.COMMAND] });
    assert.ok(
      events.some((e) =>
        e.type === EventType.COMMAND && e.data.input === "flux wf run quick-check"
      ),
    );
    assert.ok(
      events.some((e) => e.type === EventType.WORKFLOW && e.data.workflow === "quick-check"),
    );
  } finally {
    sessions.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("without a terminal flux prints plain lines and reads commands from stdin", async () => {
  const dir = await denoProject();
  try {
    const result = await runProcess(
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
      { stdin: "/task Ship it\nwf run quick-check\n/nope\n", timeoutMs: 120_000 },
    );
    assert.equal(result.code, 0, result.stderr);
    const out = result.stdout;
    assert.match(out, /^👋 Welcome to Flux$/m);
    assert.match(out, /^🎯 Task set: Ship it$/m);
    assert.match(out, /^\[1\/2\] format running$/m);
    assert.match(out, /^\[2\/2\] tests success$/m);
    assert.match(out, /^✅ Workflow 'quick-check' completed in /m);
    assert.match(out, /^flux: Unknown command "\/nope": type \/help for the list$/m);
    assert.ok(!out.includes("\u001b["), "no escape codes in plain mode");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a monitor plugin that throws is shown as a problem and the TUI keeps working", async () => {
  const dir = await project("monitors:\n  enabled: [boom]\n");
  const plugin = `${dir}/.flux/plugins/boom`;
  await Deno.mkdir(plugin, { recursive: true });
  await Deno.writeTextFile(
    `${plugin}/plugin.json`,
    JSON.stringify({
      name: "boom",
      kind: "monitor",
      entry: "mod.ts",
      description: "Always throws",
      interval: 1,
      permissions: { read: [], run: [], net: [], env: [], write: [] },
    }),
  );
  await Deno.writeTextFile(
    `${plugin}/mod.ts`,
    'export default { check() { throw new Error("boom went the monitor"); } };\n',
  );
  const host = new PluginHost(dir);
  await host.trust("boom");
  await host.close();
  const controller = new TuiController(new FluxBackend(dir));
  try {
    await controller.start();
    await controller.submit("/watch boom");
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const row = controller.state.monitors.find((m) => m.name === "boom");
      if (row?.lastRun !== undefined && row.state === "unknown") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const row = controller.state.monitors.find((m) => m.name === "boom");
    assert.equal(row?.state, "unknown");
    assert.match(row?.summary ?? "", /boom went the monitor/);
    await controller.submit("/task Still alive");
    assert.equal(controller.state.task, "Still alive");
  } finally {
    await controller.quit();
    await Deno.remove(dir, { recursive: true });
  }
});
