import assert from "node:assert/strict";
import { render } from "../deps/ink_testing.ts";
import { MonitorsPanel } from "./monitors_panel.tsx";
import { FeedPanel } from "./feed_panel.tsx";
import { WorkflowPanel } from "./workflow_panel.tsx";
import { StatusLine } from "./status_line.tsx";
import { CommandLine } from "./command_line.tsx";
import { ConsentPrompt } from "./consent_prompt.tsx";
import { PanelBoundary } from "./panel_boundary.tsx";
import { HelpOverlay } from "./help_overlay.tsx";
import { initialTuiState, type MonitorView, reduceTui } from "./tui_state.ts";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const plain = { color: false };

function frameOf(tree: Parameters<typeof render>[0]): string {
  const view = render(tree);
  try {
    return view.lastFrame() ?? "";
  } finally {
    view.unmount();
  }
}

Deno.test("MonitorsPanel shows each monitor's state, last run and duration", () => {
  const frame = frameOf(
    <MonitorsPanel
      monitors={[
        { name: "lint", state: "ok", lastRun: NOW - 12_000, durationMs: 340 },
        { name: "tests", state: "fail", lastRun: NOW - 120_000, durationMs: 1500 },
      ]}
      focused={false}
      theme={plain}
      now={NOW}
      rows={5}
      scroll={0}
    />,
  );
  assert.match(frame, /Monitors/);
  assert.match(frame, /✅ lint\s+ok\s+12s ago in 340ms/);
  assert.match(frame, /❌ tests\s+fail\s+2m ago in 1\.5s/);
});

Deno.test("FeedPanel boxes notifications newest first with their analysis", () => {
  let state = initialTuiState("demo");
  state = reduceTui(state, {
    type: "feed",
    level: "ok",
    title: "✅ Tests are now passing!",
    time: NOW,
  });
  state = reduceTui(state, {
    type: "feed",
    level: "fail",
    title: "❌ Tests are now failing!",
    lines: ["🤖 AI Analysis:", "validate_token is not exported by auth.py"],
    time: NOW,
  });
  const frame = frameOf(
    <FeedPanel
      feed={state.feed}
      scroll={0}
      focused={false}
      theme={plain}
      now={NOW}
      rows={20}
      columns={70}
    />,
  );
  const failing = frame.indexOf("❌ Tests are now failing!");
  const passing = frame.indexOf("✅ Tests are now passing!");
  assert.ok(failing >= 0 && passing > failing, frame);
  assert.match(frame, /validate_token is not exported by auth\.py/);
  assert.match(frame, /┌─+┐/);
});

Deno.test("FeedPanel scrolls: hides newer items and says how many are above", () => {
  let state = initialTuiState("demo");
  for (let i = 1; i <= 10; i++) {
    state = reduceTui(state, { type: "feed", level: "info", title: `item ${i}`, time: NOW });
  }
  const frame = frameOf(
    <FeedPanel
      feed={state.feed}
      scroll={3}
      focused
      theme={plain}
      now={NOW}
      rows={12}
      columns={60}
    />,
  );
  assert.match(frame, /↑ 3 newer/);
  assert.match(frame, /item 7/);
  assert.doesNotMatch(frame, /item 10/);
  assert.match(frame, /↓ \d+ older/);
});

Deno.test("WorkflowPanel shows steps, the progress bar, elapsed time and the result", () => {
  let state = initialTuiState("demo");
  state = reduceTui(state, {
    type: "workflow_started",
    name: "quick-check",
    steps: ["format", "tests"],
    time: NOW - 3000,
  });
  state = reduceTui(state, {
    type: "workflow_step",
    index: 1,
    name: "format",
    status: "running",
    time: NOW - 3000,
  });
  state = reduceTui(state, {
    type: "workflow_step",
    index: 1,
    name: "format",
    status: "success",
    time: NOW - 2500,
  });
  state = reduceTui(state, {
    type: "workflow_step",
    index: 2,
    name: "tests",
    status: "running",
    time: NOW - 2500,
  });
  const workflow = state.workflow;
  assert.ok(workflow);
  const running = frameOf(
    <WorkflowPanel
      workflow={workflow}
      focused={false}
      theme={plain}
      now={NOW}
      rows={5}
      scroll={0}
      barWidth={10}
    />,
  );
  assert.match(running, /Workflow quick-check/);
  assert.match(running, /✔ format\s+success 500ms/);
  assert.match(running, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] tests\s+2\.5s/);
  assert.match(running, /█{5}░{5} 1\/2 3\.0s/);
  const done = reduceTui(state, { type: "workflow_finished", success: true, elapsedMs: 3000 });
  const finished = frameOf(
    <WorkflowPanel
      workflow={done.workflow!}
      focused={false}
      theme={plain}
      now={NOW}
      rows={5}
      scroll={0}
      barWidth={10}
    />,
  );
  assert.match(finished, /█{10} 2\/2 ✅ completed in 3\.0s/);
});

Deno.test("StatusLine shows project, branch, session age, test counts and the task", () => {
  let state = initialTuiState("shop", NOW - 2 * 3_600_000);
  state = reduceTui(state, { type: "branch", branch: "main" });
  state = reduceTui(state, { type: "tests", counts: { total: 15, passed: 12, failed: 3 } });
  state = reduceTui(state, { type: "task", text: "Debugging login" });
  const frame = frameOf(<StatusLine state={state} theme={plain} now={NOW} />);
  assert.match(frame, /Flux shop\s+⎇ main\s+session 2h\s+tests 12\/15 passed, 3 failing/);
  assert.match(frame, /🎯 Debugging login/);
});

Deno.test("CommandLine shows the typed input and a hint in place of the key help", () => {
  const frame = frameOf(
    <CommandLine input="/wf run quick" focused theme={plain} hint="Unknown command" />,
  );
  assert.match(frame, /› \/wf run quick▌/);
  assert.match(frame, /Unknown command/);
});

Deno.test("ConsentPrompt lists what each permission of an untrusted plugin allows", () => {
  const frame = frameOf(
    <ConsentPrompt
      request={{
        plugin: "disk-space",
        description: "Warns when the disk is almost full",
        allows: ['read files in "."', 'can run any program (it asks to start "df")'],
      }}
      waiting={2}
      theme={plain}
    />,
  );
  assert.match(frame, /Plugin "disk-space" is not trusted yet/);
  assert.match(frame, /• can run any program \(it asks to start "df"\)/);
  assert.match(frame, /y = yes, n = no\s+\(1 more waiting\)/);
});

Deno.test("PanelBoundary shows a panel's render error in place instead of crashing", () => {
  function Broken(): never {
    throw new Error("monitor returned garbage");
  }
  const original = console.error;
  console.error = () => {};
  try {
    const frame = frameOf(
      <PanelBoundary name="monitors">
        <Broken />
      </PanelBoundary>,
    );
    assert.match(frame, /The monitors panel failed: monitor returned garbage/);
  } finally {
    console.error = original;
  }
});

Deno.test("panels draw no colour codes when colour is off (NO_COLOR)", () => {
  const frame = frameOf(
    <MonitorsPanel
      monitors={[{ name: "tests", state: "fail" }]}
      focused
      theme={plain}
      now={NOW}
      rows={3}
      scroll={0}
    />,
  );
  assert.ok(!frame.includes("\u001b["), frame);
});

Deno.test("WorkflowPanel keeps the running step in view when steps do not fit", () => {
  let state = initialTuiState("demo");
  const names = ["one", "two", "three", "four", "five", "six"];
  state = reduceTui(state, { type: "workflow_started", name: "long", steps: names, time: NOW });
  for (const [i, name] of names.slice(0, 4).entries()) {
    state = reduceTui(state, {
      type: "workflow_step",
      index: i + 1,
      name,
      status: "running",
      time: NOW,
    });
    state = reduceTui(state, {
      type: "workflow_step",
      index: i + 1,
      name,
      status: "success",
      time: NOW,
    });
  }
  state = reduceTui(state, {
    type: "workflow_step",
    index: 5,
    name: "five",
    status: "running",
    time: NOW,
  });
  const frame = frameOf(
    <WorkflowPanel
      workflow={state.workflow!}
      focused={false}
      theme={plain}
      now={NOW}
      rows={3}
      scroll={0}
      barWidth={6}
    />,
  );
  assert.match(frame, /five/);
  assert.match(frame, /four/);
  assert.doesNotMatch(frame, /\bone\b/);
  assert.match(frame, /4\/6/);
});

Deno.test("HelpOverlay leaves out what does not fit and says so", () => {
  const frame = frameOf(<HelpOverlay theme={plain} rows={12} />);
  assert.match(frame, /Keys/);
  assert.match(frame, /\.\.\. \d+ more: make the terminal taller/);
  assert.ok(frame.split("\n").length <= 12, frame);
});

const FIVE: MonitorView[] = [
  { name: "build", state: "ok" },
  { name: "file_changes", state: "ok" },
  { name: "git", state: "ok" },
  { name: "lint", state: "fail" },
  { name: "tests", state: "running" },
];

Deno.test("MonitorsPanel at 60 columns with 3 rows shows all five monitors, compacted", () => {
  const frame = frameOf(
    <MonitorsPanel
      monitors={FIVE}
      focused={false}
      theme={plain}
      now={NOW}
      rows={3}
      scroll={0}
      width={60}
    />,
  );
  for (const m of FIVE) assert.match(frame, new RegExp(`${m.name}\\b`), frame);
  assert.match(frame, /❌ lint/);
  assert.match(frame, /⏳ tests/);
  assert.doesNotMatch(frame, /more/);
  assert.ok(frame.split("\n").every((line) => line.length <= 60), frame);
});

Deno.test("MonitorsPanel says how many monitors are out of view when even the grid does not fit", () => {
  const many: MonitorView[] = Array.from({ length: 12 }, (_, i) => ({
    name: `monitor_${String(i).padStart(2, "0")}`,
    state: "ok",
  }));
  const top = frameOf(
    <MonitorsPanel
      monitors={many}
      focused
      theme={plain}
      now={NOW}
      rows={3}
      scroll={0}
      width={60}
    />,
  );
  assert.match(top, /›✅ monitor_00/);
  const shown = many.filter((m) => top.includes(m.name)).length;
  assert.match(top, new RegExp(`\\+${many.length - shown} more: Tab to this panel`));
  // Selecting the last one scrolls it into view.
  const bottom = frameOf(
    <MonitorsPanel
      monitors={many}
      focused
      theme={plain}
      now={NOW}
      rows={3}
      scroll={11}
      width={60}
    />,
  );
  assert.match(bottom, /›✅ monitor_11/);
  assert.doesNotMatch(bottom, /monitor_00/);
});

Deno.test("MonitorsPanel marks the selected monitor only while focused", () => {
  const two: MonitorView[] = [{ name: "lint", state: "ok" }, { name: "tests", state: "ok" }];
  const focused = frameOf(
    <MonitorsPanel monitors={two} focused theme={plain} now={NOW} rows={5} scroll={1} width={60} />,
  );
  assert.match(focused, /›✅ tests/);
  assert.match(focused, / ✅ lint/);
  const not = frameOf(
    <MonitorsPanel
      monitors={two}
      focused={false}
      theme={plain}
      now={NOW}
      rows={5}
      scroll={1}
      width={60}
    />,
  );
  assert.doesNotMatch(not, /›/);
});
