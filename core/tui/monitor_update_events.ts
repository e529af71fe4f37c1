/** What the TUI shows for each monitoring update: monitor rows, test counts and feed items. */
import type { MonitorUpdate } from "./tui_monitors.ts";
import type { TuiEvent, TuiState } from "./tui_state.ts";
import { monitorFeed, notificationFeed, testCountsOf } from "./monitor_feed.ts";
import { wholeCheck } from "../monitor/owner/monitor_update.ts";

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
      // A confirmation run of new failures: the verdict just shown stands while it runs.
      if (update.stage === "rerun") return [];
      const row = state.monitors.find((m) => m.name === update.monitor);
      return [{ type: "monitor", monitor: { ...row, name: update.monitor, state: "running" } }];
    }
    case "run_finished": {
      // Only a whole check sets the row and the test counts: an early stage ran some tests (the check
      // goes on, and its failures reach the feed as a notification), a confirmation run a few.
      if (!wholeCheck(update)) return [];
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
      // A confirmation run that failed (cancelled, timed out) leaves the verdict of the whole check shown.
      if (update.stage === "rerun") return [];
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
