/**
 * What the coordinator needs from the plugin host: run a monitor's check once, start a monitor's watcher,
 * and read its manifest. `PluginHost` satisfies it; tests of the coordinator's logic may pass another.
 */
import type { MonitorResult, PluginManifest } from "../plugin_host/types.ts";

/** Options of one check. */
export interface RunMonitorOptions {
  options?: Record<string, unknown>;
  /** Aborting cancels the check and stops every process it started. */
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** A running watcher. */
export interface MonitorWatchHandle {
  stop(): void | Promise<void>;
}

/** Options of a watcher. */
export interface StartWatchOptions {
  options?: Record<string, unknown>;
  /** Each event the watcher emits (untrusted: narrow it). */
  onEvent(event: unknown): void;
}

/** The plugin host, as seen by the coordinator. */
export interface MonitorRunner {
  runMonitor(name: string, options: RunMonitorOptions): Promise<MonitorResult>;
  startWatch(
    name: string,
    options: StartWatchOptions,
  ): MonitorWatchHandle | Promise<MonitorWatchHandle>;
  /** The monitor's manifest (its `watch` globs and `interval`), when the host knows the plugin. */
  manifest?(name: string): PluginManifest | undefined;
  /**
   * One whole check of monitor `name` has ended: every stage and confirmation run of it, whatever came of
   * them. Until then its calls follow each other, so a runner that lets idle workers go waits for this.
   */
  checkEnded?(name: string): void;
}
