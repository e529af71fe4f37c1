/** Options of `ProactiveMonitor` and of each monitor it runs. */
import type { FailureAnalyzer } from "./failure_analyzer.ts";
import type { MonitorEvent } from "./monitor_event.ts";
import type { MonitorRunner } from "./monitor_runner.ts";
import type { OnChangePolicy } from "./monitor_loop.ts";
import type { Clock } from "./clock.ts";
import type { MonitorSessionStore } from "./_monitor_memory.ts";
import type { MonitorState } from "./_transition.ts";
import type { Notification, NotificationSink } from "../notify/notification.ts";

/** Options of one monitor (`ProactiveMonitor.enableMonitor`). */
export interface EnableMonitorOptions {
  /** Seconds between fallback checks (the seed's `interval`); 0 checks only on file changes. */
  interval?: number;
  /** A file change during a check: cancel it and start over (`restart`), or check again after (`queue`). */
  onChange?: OnChangePolicy;
  /** Milliseconds one check may take. */
  timeoutMs?: number;
  /** Passed to the plugin as `ctx.options`. */
  options?: Record<string, unknown>;
  /** Globs of files whose change re-checks this monitor (default: the manifest's, else per monitor). */
  watch?: string[];
  /**
   * A monitor whose manifest lists `stages`: run them narrowest first (`widening`, the default) or only
   * the whole check (`full`).
   */
  strategy?: "widening" | "full";
}

/** Options for `ProactiveMonitor`. */
export interface ProactiveMonitorOptions {
  /** The model analyzer; without it (or when it fails) the built-in analyzer is used. */
  llm?: FailureAnalyzer;
  /** The plugin host (default: a `PluginHost` of the project, closed on stop). */
  host?: MonitorRunner;
  /** Where state changes are remembered (a `SessionManager`). */
  session?: MonitorSessionStore;
  /** Milliseconds between two notifications of one monitor. */
  cooldownMs?: number;
  /** Milliseconds file-change events are collected before the affected monitors re-check (default 0). */
  batchMs?: number;
  /** Milliseconds the model may take for one analysis. */
  analysisTimeoutMs?: number;
  /** Where notifications go besides the callbacks (closed on stop). */
  sinks?: NotificationSink[];
  /** Every event as it happens (what `flux watch --json` prints). */
  onEvent?(event: MonitorEvent): void;
  /** Events kept in memory. */
  historySize?: number;
  /**
   * Milliseconds `start()` waits for the file watcher's `{ ready: true }` event, so that a save right
   * after `start()` is seen (default 5000; 0: do not wait). The watcher goes on starting after it.
   */
  watchReadyMs?: number;
  clock?: Clock;
  /**
   * The last state of each monitor as the person was shown it, newer than the store's (a process taking
   * over from the owner of the project's monitors passes what the owner streamed): it wins over the store.
   */
  knownStates?: ReadonlyMap<string, MonitorState>;
}

/** A notification callback: the formatted text, and the structured notification. */
export type NotificationCallback = (
  message: string,
  notification: Notification,
) => void | Promise<void>;
