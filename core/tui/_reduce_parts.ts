/** Parts of {@linkcode reduceTui} that update one piece of state: streamed text, a workflow step, scrolling. */
import type { Panel, TuiEvent, TuiState, WorkflowView } from "./tui_state.ts";

/** `lines` with `text` appended: its first line continues the last line, the rest are new lines. */
export function appendText(lines: string[], text: string): string[] {
  const parts = text.split("\n");
  const out = lines.length === 0 ? [""] : [...lines];
  out[out.length - 1] = (out[out.length - 1] ?? "") + (parts[0] ?? "");
  return [...out, ...parts.slice(1)];
}

/** `workflow` after one step report. */
export function stepUpdate(
  workflow: WorkflowView,
  event: Extract<TuiEvent, { type: "workflow_step" }>,
): WorkflowView {
  const steps = [...workflow.steps];
  let at = steps.findIndex((s) => s.name === event.name);
  if (at < 0) {
    steps.push({ name: event.name, status: "pending" });
    at = steps.length - 1;
  }
  const step = steps[at] ?? { name: event.name, status: "pending" };
  const started = step.startedAt ?? event.time;
  steps[at] = event.status === "running"
    ? { ...step, status: "running", startedAt: event.time }
    : { ...step, status: event.status, elapsedMs: Math.max(0, event.time - started) };
  return {
    ...workflow,
    steps,
    total: Math.max(workflow.total, steps.length),
    current: Math.max(workflow.current, event.index),
  };
}

/** `state` with `panel` scrolled `by` rows (clamped). */
export function scrollPanel(
  state: TuiState,
  panel: Exclude<Panel, "command">,
  by: number,
): TuiState {
  const clamp = (value: number, length: number) => Math.max(0, Math.min(value, length - 1));
  switch (panel) {
    case "feed":
      return { ...state, feedScroll: clamp(state.feedScroll + by, state.feed.length) };
    case "monitors":
      return { ...state, monitorScroll: clamp(state.monitorScroll + by, state.monitors.length) };
    case "workflow": {
      const length = state.workflow?.steps.length ?? 0;
      return { ...state, workflowScroll: clamp(state.workflowScroll + by, length) };
    }
  }
}
