/** What the TUI shows for each monitoring update: monitor rows, test counts and feed items. */
import type { MonitorUpdate } from "./tui_monitors.ts";
import type { TuiEvent, TuiState } from "./tui_state.ts";
import { monitorFeed, notificationFeed, testCountsOf } from "./monitor_feed.ts";

/** The TUI events for `update` given the current `state` (for the row being updated). */
export function monitorUpdateEvents(update: MonitorUpdate, state: TuiState): TuiEvent[] {
  switch (update.type) {
    case "notification":
      return [notificationFeed(update.notification)];
    case "event":
      // Notifications and file changes arrive as notifications (with their analysis); skip the echoes.
      if (update.event.kind === "notification" || update.event.kind === "file_change") return [];
      return monitorFeed(update.event).filter((e) => e.type !== "monitor" || !isTimed(state, e));
    case "run_started": {
      const row = state.monitors.find((m) => m.name === update.monitor);
      return [{ type: "monitor", monitor: { ...row, name: update.monitor, state: "running" } }];
    }
    case "run_finished": {
      const out: TuiEvent[] = [{
        type: "monitor",
        monitor: {
          name: update.monitor,
          state: update.result.status,
          summary: update.result.summary,
          lastRun: update.time,
          durationMs: update.durationMs,
        },
      }];
      const counts = update.monitor === "tests" ? testCountsOf(update.result) : undefined;
      if (counts) out.push({ type: "tests", counts });
      return out;
    }
    case "run_failed":
      return [{
        type: "monitor",
        monitor: {
          name: update.monitor,
          state: "unknown",
          summary: update.message,
          lastRun: update.time,
          durationMs: update.durationMs,
        },
      }];
  }
}

/** True when the row already has timing from a run; a state_change must not wipe it. */
function isTimed(state: TuiState, event: TuiEvent): boolean {
  if (event.type !== "monitor") return false;
  const row = state.monitors.find((m) => m.name === event.monitor.name);
  return row?.durationMs !== undefined;
}
