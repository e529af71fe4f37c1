import assert from "node:assert/strict";
import {
  NEEDS,
  parseHostMessage,
  parsePluginMessage,
  PROTOCOL_VERSION,
  protocolMismatch,
} from "./protocol.ts";

Deno.test("parsePluginMessage() accepts each message type and rejects malformed ones", () => {
  assert.deepEqual(parsePluginMessage({ type: "hello", protocol: 1, exports: ["check"] }), {
    type: "hello",
    protocol: 1,
    exports: ["check"],
  });
  assert.deepEqual(parsePluginMessage({ type: "log", id: null, text: "x", extra: 1 }), {
    type: "log",
    id: null,
    text: "x",
  });
  assert.deepEqual(parsePluginMessage({ type: "emit", id: 3, event: { a: 1 } }), {
    type: "emit",
    id: 3,
    event: { a: 1 },
  });
  assert.equal(parsePluginMessage({ type: "progress", id: "1", text: "x" }), undefined);
  assert.equal(parsePluginMessage({ type: "result" }), undefined);
  assert.equal(parsePluginMessage({ type: "denied", id: 1 }), undefined);
  assert.equal(parsePluginMessage(["hello"]), undefined);
  assert.equal(parsePluginMessage(null), undefined);
});

Deno.test("parseHostMessage() accepts calls and denials and rejects unknown methods", () => {
  assert.deepEqual(parseHostMessage({ type: "call", id: 1, method: "run", options: {} }), {
    type: "call",
    id: 1,
    method: "run",
    options: {},
  });
  assert.equal(parseHostMessage({ type: "call", id: 1, method: "eval", options: {} }), undefined);
  assert.deepEqual(parseHostMessage({ type: "denied", id: 2, of: "emit", reason: "no" }), {
    type: "denied",
    id: 2,
    of: "emit",
    reason: "no",
  });
  assert.equal(
    parseHostMessage({ type: "denied", id: 2, of: "toString", reason: "no" }),
    undefined,
  );
});

Deno.test("NEEDS requires the events capability for emit and the run capability for programs", () => {
  assert.equal(NEEDS.emit, "events");
  assert.deepEqual(
    Object.entries(NEEDS).filter(([, v]) => v !== null).map(([k, v]) => `${k}:${v}`),
    ["emit:events", "spawn:run", "kill:run"],
  );
});

Deno.test("parsePluginMessage() narrows spawn, dropping options of the wrong type", () => {
  assert.deepEqual(
    parsePluginMessage({
      type: "spawn",
      run: 1,
      cmd: "git",
      args: ["status"],
      options: { cwd: "/p", timeoutMs: "soon", env: { A: "1", B: 2 }, stream: true },
    }),
    {
      type: "spawn",
      run: 1,
      cmd: "git",
      args: ["status"],
      options: { cwd: "/p", env: { A: "1" }, stream: true },
    },
  );
  assert.equal(parsePluginMessage({ type: "spawn", run: 1, cmd: "git", args: [1] }), undefined);
  assert.deepEqual(parsePluginMessage({ type: "pong", seq: 4 }), { type: "pong", seq: 4 });
  assert.deepEqual(
    parseHostMessage({ type: "denied", id: null, of: "spawn", reason: "no", run: 3 }),
    {
      type: "denied",
      id: null,
      of: "spawn",
      reason: "no",
      run: 3,
    },
  );
});

Deno.test("protocolMismatch() says what to upgrade", () => {
  assert.equal(
    protocolMismatch("disk", PROTOCOL_VERSION + 1),
    `Plugin "disk" speaks protocol ${
      PROTOCOL_VERSION + 1
    } but this Flux speaks protocol ${PROTOCOL_VERSION}: upgrade Flux (deno task install)`,
  );
  assert.match(protocolMismatch("disk", 0), /reinstall Flux/);
});
