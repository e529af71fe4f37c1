/**
 * Start-up and the backend worker: the first frame comes from the resume summary with earlier input read
 * after it, and monitoring and workflows run in the backend worker while keys keep being handled.
 */
import "../_trust_test_projects.ts";
import assert from "node:assert/strict";
import { EventType } from "../../core/session/event_type.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { PluginHost } from "../../core/plugin_host/plugin_host.ts";
import { FakeTerminal, settle } from "../../core/tui/_fake_terminal.ts";
import { FluxApp } from "../../core/tui/flux_app.tsx";
import { FluxBackend } from "../../core/tui/flux_backend.ts";
import { WorkerBackend } from "../../core/tui/worker_backend.ts";
import { TuiController } from "../../core/tui/tui_controller.ts";

async function project(config = ""): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-tui-thread-" }));
  await Deno.mkdir(`${dir}/.flux`);
  await Deno.writeTextFile(`${dir}/.flux/config.yaml`, `tui:\n  auto_watch: false\n${config}`);
  return dir;
}

async function until(what: string, ready: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

Deno.test("the first frame shows the resume summary; earlier input loads after it, before what was typed since", async () => {
  const dir = await project();
  const sessions = new SessionManager(dir);
  sessions.startNewSession();
  for (const input of ["/status", "/task Ship it", "/history"]) {
    sessions.recordEvent(EventType.COMMAND, { command: input, input, source: "tui" });
  }
  sessions.recordEvent(EventType.MESSAGE, { role: "user", content: "why is it red?" });
  sessions.close();
  const controller = new TuiController(new FluxBackend(dir));
  const term = new FakeTerminal(<FluxApp controller={controller} theme={{ color: false }} />);
  try {
    await controller.open();
    await settle(50);
    // The first frame: the banner, and no earlier input read yet.
    assert.match(term.lastFrame(), /📂 Resuming session/);
    assert.deepEqual(controller.state.history, []);
    // A line typed before the history arrives stays the newest entry.
    controller.dispatch({ type: "submitted", line: "/help" });
    await controller.startBackground();
    assert.deepEqual(controller.state.history, [
      "/status",
      "/task Ship it",
      "/history",
      "why is it red?",
      "/help",
    ]);
    controller.handleKey("", { upArrow: true });
    assert.equal(controller.state.input, "/help");
    controller.handleKey("", { upArrow: true });
    assert.equal(controller.state.input, "why is it red?");
    // Text and Tab that arrive as one chunk (keys typed while the thread was busy) still complete.
    controller.dispatch({ type: "input", text: "" });
    term.stdin.write("/hist\t");
    await settle(50);
    assert.equal(controller.state.input, "/history ");
  } finally {
    await controller.quit();
    term.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the backend worker runs a check while keys are handled, and its result reaches the screen", async () => {
  const dir = await project("monitors:\n  enabled: [gate]\n");
  const gate = `${dir}/gate-open`;
  const plugin = `${dir}/.flux/plugins/gate`;
  await Deno.mkdir(plugin, { recursive: true });
  await Deno.writeTextFile(
    `${plugin}/plugin.json`,
    JSON.stringify({
      name: "gate",
      kind: "monitor",
      entry: "mod.ts",
      description: "Waits until the gate file exists",
      interval: 600,
      permissions: { read: ["."], run: [], net: [], env: [], write: [] },
    }),
  );
  await Deno.writeTextFile(
    `${plugin}/mod.ts`,
    `export default { async check() {
  for (;;) {
    try { await Deno.stat(${JSON.stringify(gate)}); break; } catch { /* not yet */ }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { status: "fail", summary: "the gate opened" };
} };\n`,
  );
  const host = new PluginHost(dir);
  await host.trust("gate");
  await host.close();
  const controller = new TuiController(new WorkerBackend(dir));
  const term = new FakeTerminal(<FluxApp controller={controller} theme={{ color: false }} />);
  try {
    await controller.start();
    await controller.submit("/watch gate");
    assert.deepEqual(controller.backend.monitorNames(), ["gate"]);
    const row = () => controller.state.monitors.find((m) => m.name === "gate");
    await until("the check to start", () => row()?.state === "running");
    term.stdin.write("/sta");
    await settle(50);
    assert.equal(controller.state.input, "/sta");
    assert.match(term.lastFrame(), /› \/sta/);
    assert.equal(row()?.state, "running", "the check is still waiting for its gate");
    await Deno.writeTextFile(gate, "");
    await until("the check's result", () => row()?.state === "fail");
    assert.equal(row()?.summary, "the gate opened");
  } finally {
    await controller.quit();
    term.close();
  }
  // The worker recorded the monitor's state in the store the TUI reads.
  const sessions = new SessionManager(dir);
  try {
    sessions.loadLastSession();
    const events = sessions.recentEvents({ limit: 200 });
    assert.ok(
      events.some((e) => JSON.stringify(e.data).includes("the gate opened")),
      `no recorded event says "the gate opened": ${JSON.stringify(events.map((e) => e.type))}`,
    );
  } finally {
    sessions.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a workflow run through the backend worker reports each step and is recorded once", async () => {
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
  const controller = new TuiController(new WorkerBackend(dir));
  try {
    await controller.start();
    await controller.submit("flux wf run quick-check");
    assert.equal(
      controller.state.workflow?.finished?.success,
      true,
      JSON.stringify(controller.state.feed.slice(0, 3)),
    );
    assert.deepEqual(controller.state.workflow?.steps.map((s) => s.status), ["success", "success"]);
  } finally {
    await controller.quit();
  }
  const sessions = new SessionManager(dir);
  try {
    sessions.loadLastSession();
    const runs = sessions.recentEvents({ types: [EventType.WORKFLOW] });
    assert.equal(runs.filter((e) => e.data.workflow === "quick-check").length, 1);
  } finally {
    sessions.close();
    await Deno.remove(dir, { recursive: true });
  }
});
