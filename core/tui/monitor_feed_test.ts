import assert from "node:assert/strict";
import { monitorFeed, notificationFeed, testCountsOf } from "./monitor_feed.ts";
import { monitorUpdateEvents } from "./monitor_update_events.ts";
import { initialTuiState, reduceTui } from "./tui_state.ts";

const TIME = "2026-01-01T12:00:00.000Z";

Deno.test("notificationFeed() boxes the title, the analysis and at most 8 failed items", () => {
  const event = notificationFeed({
    time: TIME,
    monitor: "tests",
    level: "error",
    title: "❌ Tests are now failing!",
    analysis: "validate_token is not exported by auth.py",
    analysisSource: "model",
    listTitle: "Failed tests:",
    lines: Array.from({ length: 10 }, (_, i) => `FAILED tests/test_auth.py::test_${i}`),
    text: "",
  });
  assert.equal(event.type, "feed");
  if (event.type !== "feed") return;
  assert.equal(event.level, "fail");
  assert.equal(event.time, Date.parse(TIME));
  assert.deepEqual(event.lines?.slice(0, 4), [
    "🤖 AI Analysis:",
    "validate_token is not exported by auth.py",
    "",
    "Failed tests:",
  ]);
  assert.equal(event.lines?.at(-1), "  ... and 2 more");
});

Deno.test("testCountsOf() reads counts from data, else from the summary's wording", () => {
  assert.deepEqual(testCountsOf({ status: "fail", summary: "", data: { total: 15, failed: 3 } }), {
    total: 15,
    passed: 12,
    failed: 3,
  });
  assert.deepEqual(testCountsOf({ status: "fail", summary: "12 passed, 3 failed" }), {
    total: 15,
    passed: 12,
    failed: 3,
  });
  assert.equal(testCountsOf({ status: "unknown", summary: "no test runner found" }), undefined);
});

Deno.test("testCountsOf() reads the tests monitor's data.counts and its summary's total", () => {
  const counts = { total: 2, passed: 1, failed: 1, skipped: 0 };
  assert.deepEqual(
    testCountsOf({
      status: "fail",
      summary: "2 tests, 1 failed",
      data: { tool: "pytest", counts },
    }),
    { total: 2, passed: 1, failed: 1 },
  );
  assert.deepEqual(testCountsOf({ status: "fail", summary: "2 tests, 1 failed" }), {
    total: 2,
    passed: 1,
    failed: 1,
  });
});

Deno.test("monitorFeed() turns an error event into a warning and an unknown monitor row", () => {
  const events = monitorFeed({
    time: TIME,
    monitor: "lint",
    kind: "error",
    message: "ruff crashed",
  });
  assert.deepEqual(events.map((e) => e.type), ["monitor", "feed"]);
});

Deno.test("monitorUpdateEvents() marks a running check and then its result, time and test counts", () => {
  let state = initialTuiState("demo");
  for (
    const event of monitorUpdateEvents({ type: "run_started", monitor: "tests", time: 1 }, state)
  ) state = reduceTui(state, event);
  assert.equal(state.monitors[0]?.state, "running");
  const finished = monitorUpdateEvents({
    type: "run_finished",
    monitor: "tests",
    time: 2,
    durationMs: 850,
    result: { status: "ok", summary: "15 passed", data: { total: 15, passed: 15, failed: 0 } },
  }, state);
  for (const event of finished) state = reduceTui(state, event);
  assert.deepEqual(state.monitors[0], {
    name: "tests",
    state: "ok",
    summary: "15 passed",
    lastRun: 2,
    durationMs: 850,
  });
  assert.deepEqual(state.tests, { total: 15, passed: 15, failed: 0 });
});

Deno.test("monitorUpdateEvents() skips the echo of a notification or file change", () => {
  const state = initialTuiState("demo");
  assert.deepEqual(
    monitorUpdateEvents({
      type: "event",
      event: { time: TIME, monitor: "file_changes", kind: "file_change", files: ["a.ts"] },
    }, state),
    [],
  );
});

Deno.test("reduceTui() shows control characters from plugins, programs and models inert", () => {
  const evil = "ok\u001b[2J\u001b]52;c;cHduZWQ=\u0007";
  const events = [
    ...monitorFeed(
      {
        time: new Date().toISOString(),
        monitor: "disk",
        kind: "error",
        message: evil,
      } as Parameters<typeof monitorFeed>[0],
    ),
    notificationFeed(
      {
        monitor: "disk",
        level: "error",
        title: `Disk ${evil}`,
        lines: [evil],
        time: new Date().toISOString(),
      } as Parameters<typeof notificationFeed>[0],
    ),
  ];
  let state = events.reduce(reduceTui, initialTuiState("/p"));
  const answer = state.feed[0]?.id ?? 0;
  state = reduceTui(state, { type: "feed_append", id: answer, text: `streamed ${evil}\r\nnext` });
  const shown = JSON.stringify({ feed: state.feed, monitors: state.monitors });
  assert.ok(!shown.includes("\\u001b"), shown);
  assert.ok(!shown.includes("\\u0007"), shown);
  assert.ok(!shown.includes("\\r"), "a CRLF from a stream is a plain line end");
  assert.match(shown, /ok\\\\x1b\[2J/);
  assert.equal(
    state.monitors.find((m) => m.name === "disk")?.summary,
    "ok\\x1b[2J\\x1b]52;c;cHduZWQ=\\x07",
  );
});

Deno.test("monitorUpdateEvents() sets the row and the test counts from the whole check only, never from a stage or a confirmation run", () => {
  let state = initialTuiState("demo");
  const apply = (update: Parameters<typeof monitorUpdateEvents>[0]) => {
    for (const event of monitorUpdateEvents(update, state)) state = reduceTui(state, event);
  };
  const run = (stage: string, time: number, summary: string, data: Record<string, number>) => {
    apply({ type: "run_started", monitor: "tests", time, stage });
    apply({
      type: "run_finished",
      monitor: "tests",
      time: time + 1,
      durationMs: 100 * time,
      stage,
      result: { status: "fail", summary, data: { counts: data } },
    });
  };
  run("affected", 1, "44 tests, 2 failed", { total: 44, passed: 42, failed: 2 });
  assert.equal(state.monitors[0]?.state, "running", "the check goes on after an early stage");
  assert.equal(state.tests, undefined, "an early stage's 44 tests are not the suite's count");
  run("full", 3, "387 tests, 2 failed", { total: 387, passed: 385, failed: 2 });
  // Confirming the 2 new failures runs them again (vitest reports the other 42 of their file skipped).
  run("rerun", 5, "2 tests, 2 failed", { total: 44, passed: 0, failed: 2 });
  run("rerun", 7, "2 tests, 2 failed", { total: 44, passed: 0, failed: 2 });
  assert.deepEqual(state.monitors[0], {
    name: "tests",
    state: "fail",
    summary: "387 tests, 2 failed",
    lastRun: 4,
    durationMs: 300,
  });
  assert.deepEqual(state.tests, { total: 387, passed: 385, failed: 2 });
  // A confirmation run that fails (cancelled by the next save, timed out) leaves that verdict too.
  apply({ type: "run_started", monitor: "tests", time: 9, stage: "rerun" });
  apply({
    type: "run_failed",
    monitor: "tests",
    time: 10,
    durationMs: 5,
    stage: "rerun",
    message: 'Plugin "tests" crashed',
  });
  assert.equal(state.monitors[0]?.state, "fail");
  assert.equal(state.monitors[0]?.summary, "387 tests, 2 failed");
  // A failed call at an early stage ends the check: the row says so.
  apply({ type: "run_started", monitor: "tests", time: 11, stage: "affected" });
  apply({
    type: "run_failed",
    monitor: "tests",
    time: 12,
    durationMs: 5,
    stage: "affected",
    message: 'Plugin "tests" crashed',
  });
  assert.equal(state.monitors[0]?.state, "unknown");
});
