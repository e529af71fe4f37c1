/**
 * The plugin host with each check timed and reported as `run_started` and `run_finished` / `run_failed`
 * updates, so every process showing the monitors (the owner and its clients) has last run and duration.
 */
import type { MonitorRunner, RunMonitorOptions } from "../monitor_runner.ts";
import type { PluginHost } from "../../plugin_host/plugin_host.ts";
import type { MonitorResult } from "../../plugin_host/types.ts";
import type { MonitorUpdate } from "./monitor_update.ts";

/**
 * `host` as a monitor runner whose calls are reported to `emit`. `afterCheck` follows a whole check (all
 * its stages, see `MonitorRunner.checkEnded`) whose every call worked: a failing or crashing plugin keeps
 * its runner, so the host's crash accounting (and disabling a plugin that crashes too often) still holds.
 */
export function timedRunner(
  host: PluginHost,
  emit: (update: MonitorUpdate) => void,
  afterCheck?: (name: string) => void,
): MonitorRunner {
  /** Monitors with a call that failed in the check under way. */
  const failed = new Set<string>();
  return {
    runMonitor: async (name: string, options: RunMonitorOptions): Promise<MonitorResult> => {
      const started = performance.now();
      const stage = stageOf(options);
      emit({ type: "run_started", monitor: name, time: Date.now(), ...stage });
      try {
        const result = await host.runMonitor(name, options);
        const durationMs = performance.now() - started;
        emit({
          type: "run_finished",
          monitor: name,
          time: Date.now(),
          durationMs,
          result,
          ...stage,
        });
        return result;
      } catch (error) {
        const durationMs = performance.now() - started;
        const message = error instanceof Error ? error.message : String(error);
        // A cancelled call is no failure of the plugin: its worker may go as after a check that worked.
        if (!options.signal?.aborted) failed.add(name);
        emit({
          type: "run_failed",
          monitor: name,
          time: Date.now(),
          durationMs,
          message,
          ...stage,
        });
        throw error;
      }
    },
    checkEnded: (name) => {
      if (!failed.delete(name)) afterCheck?.(name);
    },
    startWatch: (name, options) => host.startWatch(name, options),
    manifest: (name) => host.list().find((p) => p.name === name)?.manifest,
  };
}

/** The stage a call runs, as the coordinator passes it in the call's options (`options.stage.name`). */
function stageOf(options: RunMonitorOptions): { stage?: string } {
  const stage = options.options?.stage;
  const name = typeof stage === "object" && stage !== null
    ? (stage as { name?: unknown }).name
    : undefined;
  return typeof name === "string" ? { stage: name } : {};
}
