/** Colours and marks for the panels; with `color: false` (NO_COLOR, or not a TTY) nothing is coloured. */
import type { FeedLevel, MonitorState, StepView } from "./tui_state.ts";

/** How the TUI paints. */
export interface Theme {
  color: boolean;
}

/** Text colour props for Ink's `<Text>`, or none when colour is off. */
export function paint(theme: Theme, color: string): { color?: string } {
  return theme.color ? { color } : {};
}

/** Border colour props for Ink's `<Box>`, or none when colour is off. */
export function borderPaint(theme: Theme, color: string): { borderColor?: string } {
  return theme.color ? { borderColor: color } : {};
}

/** The colour of a feed level. */
export const LEVEL_COLOR: Record<FeedLevel, string> = {
  ok: "green",
  fail: "red",
  warn: "yellow",
  info: "cyan",
};

/** Mark and colour of a monitor state; the mark carries the meaning without colour. */
export const MONITOR_MARK: Record<MonitorState, { mark: string; color: string }> = {
  ok: { mark: "✅", color: "green" },
  fail: { mark: "❌", color: "red" },
  unknown: { mark: "❔", color: "gray" },
  running: { mark: "⏳", color: "yellow" },
  off: { mark: "⏸ ", color: "gray" },
};

/** Mark of a workflow step (the running mark is replaced by the spinner). */
export const STEP_MARK: Record<StepView["status"], string> = {
  pending: "·",
  running: "⠋",
  success: "✔",
  failed: "✘",
  skipped: "↷",
};

/** Spinner frames for running steps. */
export const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
