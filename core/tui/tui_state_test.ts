import assert from "node:assert/strict";
import {
  FEED_LIMIT,
  initialTuiState,
  reduceTui,
  type TuiState,
  workflowRunning,
} from "./tui_state.ts";

function apply(state: TuiState, ...events: Parameters<typeof reduceTui>[1][]): TuiState {
  return events.reduce(reduceTui, state);
}

Deno.test("reduceTui() keeps the feed newest first and bounded when a plugin floods", () => {
  let state = initialTuiState("demo");
  for (let i = 0; i < FEED_LIMIT + 50; i++) {
    state = reduceTui(state, { type: "feed", level: "info", title: `event ${i}` });
  }
  assert.equal(state.feed.length, FEED_LIMIT);
  assert.equal(state.feed[0]?.title, `event ${FEED_LIMIT + 49}`);
});

Deno.test("reduceTui() keeps the reader's place when new items arrive while scrolled", () => {
  let state = initialTuiState("demo");
  for (let i = 0; i < 5; i++) {
    state = reduceTui(state, { type: "feed", level: "info", title: `${i}` });
  }
  state = apply(state, { type: "scroll", panel: "feed", by: 2 });
  const seen = state.feed[state.feedScroll]?.title;
  state = reduceTui(state, { type: "feed", level: "fail", title: "new" });
  assert.equal(state.feed[state.feedScroll]?.title, seen);
});

Deno.test("reduceTui() recalls earlier input with up and down and dedupes repeats", () => {
  const state = apply(
    initialTuiState("demo"),
    { type: "submitted", line: "/status" },
    { type: "submitted", line: "/status" },
    { type: "submitted", line: "wf run quick-check" },
    { type: "recall", direction: "older" },
  );
  assert.deepEqual(state.history, ["/status", "wf run quick-check"]);
  assert.equal(state.input, "wf run quick-check");
  const older = reduceTui(state, { type: "recall", direction: "older" });
  assert.equal(older.input, "/status");
  const back = apply(older, { type: "recall", direction: "newer" }, {
    type: "recall",
    direction: "newer",
  });
  assert.equal(back.input, "");
});

Deno.test("reduceTui() tracks workflow steps, their times and the result", () => {
  const state = apply(
    initialTuiState("demo"),
    { type: "workflow_started", name: "quick-check", steps: ["format", "tests"], time: 1000 },
    { type: "workflow_step", index: 1, name: "format", status: "running", time: 1000 },
    { type: "workflow_step", index: 1, name: "format", status: "success", time: 1400 },
    { type: "workflow_step", index: 2, name: "tests", status: "running", time: 1400 },
  );
  assert.ok(workflowRunning(state));
  assert.deepEqual(state.workflow?.steps.map((s) => s.status), ["success", "running"]);
  assert.equal(state.workflow?.steps[0]?.elapsedMs, 400);
  const done = reduceTui(state, { type: "workflow_finished", success: false, elapsedMs: 900 });
  assert.equal(workflowRunning(done), false);
  assert.equal(done.workflow?.steps[1]?.status, "failed");
});

Deno.test("reduceTui() appends streamed answer chunks to the same feed item", () => {
  let state = reduceTui(initialTuiState("demo"), {
    type: "feed",
    level: "info",
    title: "🤖 answer",
  });
  const id = state.feed[0]?.id ?? 0;
  state = apply(state, { type: "feed_append", id, text: "Hel" }, {
    type: "feed_append",
    id,
    text: "lo\nworld",
  });
  assert.deepEqual(state.feed[0]?.lines, ["Hello", "world"]);
});

Deno.test("reduceTui() queues each untrusted plugin once for consent", () => {
  const request = { plugin: "disk", description: "d", allows: ["can run any program: df"] };
  const state = apply(
    initialTuiState("demo"),
    { type: "consent_needed", request },
    { type: "consent_needed", request },
  );
  assert.equal(state.consent.length, 1);
  assert.equal(reduceTui(state, { type: "consent_done", plugin: "disk" }).consent.length, 0);
});
