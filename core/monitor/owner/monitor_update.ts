/**
 * What a set of running monitors reports, one update at a time: every coordinator event, every
 * notification, and each check's start and end (so a monitors panel shows last run and duration). The TUI
 * consumes it, `flux watch` prints it, and the owner of a project's monitors sends it to attached clients.
 */
import type { MonitorEvent } from "../monitor_event.ts";
import type { Notification } from "../../notify/notification.ts";
import type { MonitorResult } from "../../plugin_host/types.ts";

/** One update of running monitors. */
export type MonitorUpdate =
  | { type: "event"; event: MonitorEvent }
  | { type: "notification"; notification: Notification }
  | { type: "run_started"; monitor: string; time: number }
  | {
    type: "run_finished";
    monitor: string;
    time: number;
    durationMs: number;
    result: MonitorResult;
  }
  | { type: "run_failed"; monitor: string; time: number; durationMs: number; message: string };
