import assert from "node:assert/strict";
import { PluginRunner } from "./plugin_runner.ts";
import type { RunnerLimits } from "./plugin_runner_types.ts";
import type { ConnectionEvents, PluginConnection } from "./plugin_connection.ts";
import { type HostMessage, PROTOCOL_VERSION } from "./protocol.ts";
import { isPluginCrash } from "./plugin_crashed_error.ts";

const limits: RunnerLimits = {
  startMs: 2_000,
  cancelGraceMs: 100,
  maxRestarts: 3,
  windowMs: 300_000,
  backoffMs: 10_000,
  maxMessagesPerSecond: 100,
  // The scripted plugins below answer no pings: liveness is tested with real plugins.
  pingMs: 60_000,
  livenessMs: 120_000,
};

/** A scripted plugin on the other end of the protocol: `reply` answers each host message. */
function scripted(reply: (message: HostMessage, events: ConnectionEvents) => void) {
  const sent: HostMessage[] = [];
  let kills = 0;
  const open = (events: ConnectionEvents): Promise<PluginConnection> =>
    Promise.resolve({
      tier: "builtin",
      pid: undefined,
      exited: Promise.resolve(),
      send(message: HostMessage) {
        sent.push(message);
        queueMicrotask(() => reply(message, events));
      },
      kill() {
        kills++;
      },
    });
  return { open, sent, kills: () => kills };
}

function runner(open: ReturnType<typeof scripted>["open"], warnings: string[]): PluginRunner {
  return new PluginRunner({
    name: "fake",
    entry: "file:///fake/mod.ts",
    projectDir: "/fake",
    open,
    limits,
    warn: (line) => warnings.push(line),
  });
}

Deno.test("PluginRunner disables a plugin speaking another protocol version, saying what to upgrade", async () => {
  const plugin = scripted((m, events) => {
    if (m.type === "hello") events.onMessage({ type: "hello", protocol: 99, exports: ["check"] });
  });
  const warnings: string[] = [];
  const r = runner(plugin.open, warnings);
  const expected =
    `Plugin "fake" speaks protocol 99 but this Flux speaks protocol ${PROTOCOL_VERSION}: upgrade Flux (deno task install)`;
  await assert.rejects(r.call({ method: "check", options: {}, timeoutMs: 1000 }), {
    message: expected,
  });
  assert.equal(r.disabledReason, expected);
  assert.deepEqual(warnings, [expected]);
  await r.close();
});

Deno.test("PluginRunner rejects a call at its deadline, cancels it, and kills a plugin that ignores cancel", async () => {
  const plugin = scripted((m, events) => {
    if (m.type === "hello") {
      events.onMessage({ type: "hello", protocol: PROTOCOL_VERSION, exports: ["check"] });
    }
  });
  const warnings: string[] = [];
  const r = runner(plugin.open, warnings);
  await assert.rejects(r.call({ method: "check", options: {}, timeoutMs: 50 }), {
    message: 'Plugin "fake" check(ctx) timed out after 50 ms',
  });
  assert.deepEqual(plugin.sent.map((m) => m.type), ["hello", "call", "cancel"]);
  // The kill follows the 100 ms grace; polled (up to 10 s) so that a busy machine only makes it slower.
  for (let i = 0; i < 500 && plugin.kills() === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(plugin.kills(), 1);
  assert.match(warnings[0] ?? "", /did not stop within 100 ms after it was cancelled/);
  await r.close();
});

Deno.test("PluginRunner rejects a call caught in another call's kill with a PluginCrashedError", async () => {
  // The plugin ignores every cancel and never answers: the first call is cancelled by its signal, and
  // the kill that follows the grace takes the second call (sent meanwhile, innocent) down with it.
  const plugin = scripted((m, events) => {
    if (m.type === "hello") {
      events.onMessage({ type: "hello", protocol: PROTOCOL_VERSION, exports: ["check"] });
    }
  });
  const warnings: string[] = [];
  const r = runner(plugin.open, warnings);
  const cancel = new AbortController();
  const first = r.call({ method: "check", options: {}, timeoutMs: 0, signal: cancel.signal });
  const firstSettled = first.catch((error: Error) => error);
  // Wait until the first call is on the wire before cancelling it.
  for (let i = 0; i < 500 && !plugin.sent.some((m) => m.type === "call"); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  cancel.abort(new Error("superseded"));
  const second = r.call({ method: "check", options: {}, timeoutMs: 0 }).then(
    () => undefined,
    (error: Error) => error,
  );
  const error = await second;
  assert.ok(isPluginCrash(error), `a crash error: ${error}`);
  assert.match(error?.message ?? "", /Plugin "fake" crashed: did not stop within 100 ms/);
  assert.ok(!isPluginCrash(await firstSettled), "the cancelled call says it was cancelled");
  await r.close();
});

Deno.test("PluginRunner answers a message needing a capability the plugin lacks with denied", async () => {
  const plugin = scripted((m, events) => {
    if (m.type === "hello") {
      events.onMessage({ type: "hello", protocol: PROTOCOL_VERSION, exports: ["check"] });
    }
    if (m.type === "call") {
      events.onMessage({ type: "emit", id: m.id, event: "sneaky" });
      events.onMessage({ type: "result", id: m.id, value: { status: "ok", summary: "" } });
    }
  });
  const r = runner(plugin.open, []);
  const events: unknown[] = [];
  await r.call({ method: "check", options: {}, timeoutMs: 1000, onEvent: (e) => events.push(e) });
  assert.deepEqual(events, []);
  const denied = plugin.sent.find((m) => m.type === "denied");
  assert.deepEqual(denied, {
    type: "denied",
    id: 1,
    of: "emit",
    reason: 'Plugin "fake" may only emit events from watch(ctx)',
  });
  await r.close();
});

Deno.test("PluginRunner rejects a call whose signal is already aborted without sending it or stopping the plugin", async () => {
  const plugin = scripted((m, events) => {
    if (m.type === "hello") {
      events.onMessage({ type: "hello", protocol: PROTOCOL_VERSION, exports: ["check"] });
    }
    if (m.type === "call") {
      events.onMessage({ type: "result", id: m.id, value: { status: "ok", summary: "" } });
    }
  });
  const warnings: string[] = [];
  const r = runner(plugin.open, warnings);
  await r.start();
  const aborted = AbortSignal.abort();
  await assert.rejects(
    r.call({ method: "check", options: {}, timeoutMs: 1000, signal: aborted }),
    { message: 'Plugin "fake" check(ctx) was cancelled' },
  );
  await new Promise((r) => setTimeout(r, 250)); // Past cancelGraceMs (100 ms).
  assert.deepEqual(plugin.sent.map((m) => m.type), ["hello"], "nothing sent for that call");
  assert.equal(plugin.kills(), 0, "the plugin was not stopped");
  assert.deepEqual(warnings, []);
  assert.deepEqual(await r.call({ method: "check", options: {}, timeoutMs: 1000 }), {
    status: "ok",
    summary: "",
  });
  await r.close();
});

Deno.test("PluginRunner.close() cancels a running check and lets it stop before killing the plugin", async () => {
  const order: string[] = [];
  const plugin = scripted((m, events) => {
    if (m.type === "hello") {
      events.onMessage({ type: "hello", protocol: PROTOCOL_VERSION, exports: ["check"] });
    }
    if (m.type === "cancel") {
      order.push("cancel");
      // The plugin's check stops its programs, then answers.
      setTimeout(() => {
        order.push(`answered, kills so far ${plugin.kills()}`);
        events.onMessage({ type: "error", id: m.id, message: "cancelled" });
      }, 50);
    }
  });
  // The answer takes 50 ms; a grace 200x longer keeps a busy machine from killing the plugin first.
  const r = new PluginRunner({
    name: "fake",
    entry: "file:///fake/mod.ts",
    projectDir: "/fake",
    open: plugin.open,
    limits: { ...limits, cancelGraceMs: 10_000 },
    warn: () => {},
  });
  await r.start();
  const call = r.call({ method: "check", options: {}, timeoutMs: 10_000 });
  const outcome = call.then(() => "resolved", (error: Error) => error.message);
  await new Promise((resolve) => setTimeout(resolve, 10));
  await r.close();
  assert.deepEqual(order, ["cancel", "answered, kills so far 0"]);
  assert.equal(plugin.kills(), 1);
  assert.match(await outcome, /failed: cancelled|closed/);
});

Deno.test("PluginRunner.close() kills a plugin that ignores the cancel once the grace is over", async () => {
  const plugin = scripted((m, events) => {
    if (m.type === "hello") {
      events.onMessage({ type: "hello", protocol: PROTOCOL_VERSION, exports: ["check"] });
    }
  });
  const r = runner(plugin.open, []);
  await r.start();
  const call = r.call({ method: "check", options: {}, timeoutMs: 10_000 });
  call.catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 10));
  const started = Date.now();
  await r.close();
  const waited = Date.now() - started;
  assert.ok(waited >= 90, `waited the grace (${waited} ms)`);
  assert.equal(plugin.kills(), 1);
  assert.ok(plugin.sent.some((m) => m.type === "cancel"), "the plugin was asked to cancel");
});
