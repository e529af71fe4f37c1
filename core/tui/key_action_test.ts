import assert from "node:assert/strict";
import { keyAction } from "./key_action.ts";
import { initialTuiState, reduceTui } from "./tui_state.ts";

const empty = initialTuiState("demo");
const typing = reduceTui(empty, { type: "input", text: "/wf" });

Deno.test("keyAction() maps ? and q to help and quit only on an empty command line", () => {
  assert.deepEqual(keyAction("?", {}, empty), { kind: "action", action: { type: "help" } });
  assert.deepEqual(keyAction("q", {}, empty), { kind: "action", action: { type: "quit" } });
  assert.deepEqual(keyAction("q", {}, typing), { kind: "input", text: "/wfq" });
});

Deno.test("keyAction() quits on Ctrl-C whatever is typed", () => {
  assert.deepEqual(keyAction("c", { ctrl: true }, typing), {
    kind: "action",
    action: { type: "quit" },
  });
});

Deno.test("keyAction() moves between panels on Tab when empty and completes otherwise", () => {
  assert.deepEqual(keyAction("", { tab: true }, empty), {
    kind: "action",
    action: { type: "focus_next" },
  });
  assert.deepEqual(keyAction("", { tab: true }, typing), { kind: "complete" });
});

Deno.test("keyAction() recalls history on the command line and scrolls in a panel", () => {
  assert.deepEqual(keyAction("", { upArrow: true }, empty), { kind: "recall", direction: "older" });
  const feed = reduceTui(empty, { type: "focus", panel: "feed" });
  assert.deepEqual(keyAction("", { downArrow: true }, feed), {
    kind: "action",
    action: { type: "scroll", direction: "down" },
  });
  assert.deepEqual(keyAction("", { pageUp: true }, empty), {
    kind: "action",
    action: { type: "scroll", direction: "page_up" },
  });
});

Deno.test("keyAction() answers a consent prompt with y or n and ignores other keys", () => {
  const asking = reduceTui(empty, {
    type: "consent_needed",
    request: { plugin: "p", description: "", allows: [] },
  });
  assert.deepEqual(keyAction("y", {}, asking), { kind: "consent", grant: true });
  assert.deepEqual(keyAction("n", {}, asking), { kind: "consent", grant: false });
  assert.deepEqual(keyAction("q", {}, asking), { kind: "none" });
});

Deno.test("keyAction() submits the typed line on Enter and edits with backspace", () => {
  assert.deepEqual(keyAction("", { return: true }, typing), { kind: "submit", line: "/wf" });
  assert.deepEqual(keyAction("", { backspace: true }, typing), { kind: "input", text: "/w" });
  assert.deepEqual(keyAction("\u0007x", {}, typing), { kind: "input", text: "/wfx" });
});

Deno.test("keyAction() re-runs the selected monitor on r in the monitors panel, types r elsewhere", () => {
  let state = reduceTui(empty, { type: "monitor", monitor: { name: "lint", state: "ok" } });
  state = reduceTui(state, { type: "monitor", monitor: { name: "tests", state: "fail" } });
  state = reduceTui(state, { type: "focus", panel: "monitors" });
  assert.deepEqual(keyAction("r", {}, state), {
    kind: "action",
    action: { type: "check", monitor: "lint" },
  });
  const down = reduceTui(state, { type: "scroll", panel: "monitors", by: 1 });
  assert.deepEqual(keyAction("r", {}, down), {
    kind: "action",
    action: { type: "check", monitor: "tests" },
  });
  assert.deepEqual(keyAction("r", {}, reduceTui(state, { type: "focus", panel: "feed" })), {
    kind: "input",
    text: "r",
  });
  const none = reduceTui(empty, { type: "focus", panel: "monitors" });
  assert.deepEqual(keyAction("r", {}, none), { kind: "none" });
});
