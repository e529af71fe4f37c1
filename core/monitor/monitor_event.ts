/**
 * What the coordinator reports: one flat record per event, the same shape kept in the in-memory history,
 * written by `flux watch --json` (one per line) and summarised in the session store.
 */
import type { MonitorItem } from "../plugin_host/types.ts";

/** A monitor's state as the coordinator sees it. */
export type MonitorStatus = "ok" | "fail" | "unknown";

/** The kinds of event (`kind` in `flux watch --json`). */
export type MonitorEventKind =
  | "state"
  | "state_change"
  | "file_change"
  | "notification"
  | "error"
  | "stage";

/** One event. Fields beyond `time`, `monitor` and `kind` depend on the kind. */
export interface MonitorEvent {
  /** ISO 8601 time. */
  time: string;
  monitor: string;
  kind: MonitorEventKind;
  /**
   * state_change: the state before and after. state (once per monitor after start, its first result):
   * `to` is the current state, with its summary and items.
   */
  from?: MonitorStatus;
  to?: MonitorStatus;
  summary?: string;
  /** state_change: the failures (test or rule, file, line, message). */
  items?: MonitorItem[];
  /** stage: which early stage of a widening check this result speaks for ("failed", "affected"). */
  stage?: string;
  /** state_change of lint: the issues that were not there in the previous run. */
  new_items?: MonitorItem[];
  /** file_change: project-relative paths. */
  files?: string[];
  /** notification: error, warning, success or info; its title line and its full text. */
  level?: "error" | "warning" | "success" | "info";
  title?: string;
  text?: string;
  /** error: what went wrong. */
  message?: string;
}
