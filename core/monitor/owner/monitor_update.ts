/**
 * What a set of running monitors reports, one update at a time: every coordinator event, every
 * notification, and each check's start and end (so a monitors panel shows last run and duration). The TUI
 * consumes it, `flux watch` prints it, and the owner of a project's monitors sends it to attached clients.
 */
import type { MonitorEvent } from "../monitor_event.ts";
import type { Notification } from "../../notify/notification.ts";
import type { MonitorResult } from "../../plugin_host/types.ts";

/**
 * One update of running monitors. A check's start and end carry the `stage` of a widening check they ran
 * (`failed`, `affected` and `full`, then `rerun` to confirm new failures; absent for a monitor that does
 * not widen): only a whole check (no stage, or `full`) says how many tests pass.
 */
export type MonitorUpdate =
  | { type: "event"; event: MonitorEvent }
  | { type: "notification"; notification: Notification }
  | { type: "run_started"; monitor: string; time: number; stage?: string }
  | {
    type: "run_finished";
    monitor: string;
    time: number;
    durationMs: number;
    result: MonitorResult;
    stage?: string;
  }
  | {
    type: "run_failed";
    monitor: string;
    time: number;
    durationMs: number;
    message: string;
    stage?: string;
  };

/** True when `update` (a check's start or end) is a whole check: no stage, or the last one (`full`). */
export function wholeCheck(update: { stage?: string }): boolean {
  return update.stage === undefined || update.stage === "full";
}
