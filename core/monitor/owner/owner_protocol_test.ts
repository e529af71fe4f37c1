import assert from "node:assert/strict";
import { narrowUpdate, parseClientMessage, parseOwnerMessage } from "./owner_protocol.ts";
import { slimUpdate } from "./slim_update.ts";
import { MonitorSnapshot } from "./_monitor_snapshot.ts";

Deno.test("parseClientMessage() accepts hello and rejects other shapes", () => {
  assert.deepEqual(
    parseClientMessage('{"type":"hello","protocol":1,"role":"client","pid":7,"command":"w"}'),
    { type: "hello", protocol: 1, role: "client", pid: 7, command: "w", version: "unknown" },
  );
  assert.equal(parseClientMessage('{"type":"hello","protocol":"1","role":"client"}'), undefined);
  assert.equal(parseClientMessage('{"type":"hello","protocol":1,"role":"admin"}'), undefined);
  assert.equal(parseClientMessage("not json"), undefined);
  assert.equal(parseClientMessage("[1,2]"), undefined);
});

Deno.test("parseOwnerMessage() narrows updates and drops malformed ones from a welcome", () => {
  const welcome = parseOwnerMessage(JSON.stringify({
    type: "welcome",
    protocol: 1,
    owner: { pid: 3, command: "flux watch", since: "2026-01-01T00:00:00Z", version: "0.1.0" },
    clients: [{ pid: 4, command: "flux (TUI)", since: "x" }, "junk"],
    snapshot: [
      { type: "event", event: { time: "t", monitor: "tests", kind: "state", to: "ok" } },
      { type: "event", event: { time: "t", monitor: "tests", kind: "rm -rf" } },
      { type: "run_finished", monitor: "tests", time: 1, durationMs: 2, result: { status: "bad" } },
    ],
  }));
  assert.equal(welcome?.type, "welcome");
  if (welcome?.type !== "welcome") return;
  assert.equal(welcome.clients.length, 1);
  assert.deepEqual(welcome.snapshot, [
    { type: "event", event: { time: "t", monitor: "tests", kind: "state", to: "ok" } },
  ]);
  assert.equal(parseOwnerMessage('{"type":"update","update":{"type":"nope"}}'), undefined);
  assert.deepEqual(parseOwnerMessage('{"type":"bye"}'), { type: "bye", reason: "" });
});

Deno.test("narrowUpdate() keeps a notification only with its title, text, level and lines", () => {
  const notification = {
    time: "t",
    monitor: "tests",
    level: "error",
    title: "❌ Tests are now failing!",
    lines: ["a"],
    text: "x",
  };
  assert.deepEqual(narrowUpdate({ type: "notification", notification }), {
    type: "notification",
    notification,
  });
  assert.equal(
    narrowUpdate({ type: "notification", notification: { ...notification, level: "loud" } }),
    undefined,
  );
  assert.equal(
    narrowUpdate({ type: "notification", notification: { ...notification, lines: [1] } }),
    undefined,
  );
});

Deno.test("slimUpdate() keeps a result's counts and drops the per-test data", () => {
  const slim = slimUpdate({
    type: "run_finished",
    monitor: "tests",
    time: 1,
    durationMs: 2,
    result: {
      status: "fail",
      summary: "2 tests, 1 failed",
      items: [{ message: "m" }],
      data: {
        counts: { total: 2, failed: 1, passed: 1 },
        cases: new Array(1000).fill({ id: "x" }),
      },
    },
  });
  assert.deepEqual(slim.type === "run_finished" && slim.result, {
    status: "fail",
    summary: "2 tests, 1 failed",
    items: [{ message: "m" }],
    data: { counts: { total: 2, failed: 1, passed: 1 } },
  });
});

Deno.test("MonitorSnapshot keeps the latest state per monitor as a state event and as known states", () => {
  const snapshot = new MonitorSnapshot();
  snapshot.track({
    type: "event",
    event: { time: "t1", monitor: "tests", kind: "state", to: "ok", summary: "1 passed" },
  });
  snapshot.track({
    type: "event",
    event: {
      time: "t2",
      monitor: "tests",
      kind: "state_change",
      from: "ok",
      to: "fail",
      summary: "1 failed",
      items: [{ message: "boom" }],
    },
  });
  snapshot.track({ type: "event", event: { time: "t3", monitor: "x", kind: "file_change" } });
  assert.deepEqual(snapshot.updates(), [{
    type: "event",
    event: {
      time: "t2",
      monitor: "tests",
      kind: "state",
      to: "fail",
      summary: "1 failed",
      items: [{ message: "boom" }],
    },
  }]);
  assert.deepEqual(Object.fromEntries(snapshot.knownStates()), {
    tests: { status: "fail", summary: "1 failed", items: [{ message: "boom" }], since: "t2" },
  });
});

Deno.test("a check's stage crosses the socket, and the snapshot keeps the last whole check, not a stage or a rerun", () => {
  const update = (stage: string, summary: string) => ({
    type: "run_finished" as const,
    monitor: "tests",
    time: 1,
    durationMs: 2,
    stage,
    result: { status: "fail" as const, summary },
  });
  assert.deepEqual(
    narrowUpdate(update("rerun", "2 tests, 2 failed")),
    update("rerun", "2 tests, 2 failed"),
  );
  assert.deepEqual(
    narrowUpdate({ type: "run_started", monitor: "tests", time: 1, stage: "affected" }),
    {
      type: "run_started",
      monitor: "tests",
      time: 1,
      stage: "affected",
    },
  );
  const snapshot = new MonitorSnapshot();
  snapshot.track(update("affected", "44 tests, 2 failed"));
  snapshot.track(update("full", "387 tests, 2 failed"));
  snapshot.track(update("rerun", "2 tests, 2 failed"));
  assert.deepEqual(snapshot.updates(), [update("full", "387 tests, 2 failed")]);
  const failed = (stage: string) => ({
    type: "run_failed" as const,
    monitor: "tests",
    time: 3,
    durationMs: 4,
    stage,
    message: "crashed",
  });
  // A failed confirmation run leaves the whole check; a failed early stage ends a check, and is kept.
  snapshot.track(failed("rerun"));
  assert.deepEqual(snapshot.updates(), [update("full", "387 tests, 2 failed")]);
  snapshot.track(failed("affected"));
  assert.deepEqual(snapshot.updates(), [failed("affected")]);
});
