/**
 * The plugin host with each check timed and reported as `run_started` and `run_finished` / `run_failed`
 * updates, so every process showing the monitors (the owner and its clients) has last run and duration.
 */
import type { MonitorRunner, RunMonitorOptions } from "../monitor_runner.ts";
import type { PluginHost } from "../../plugin_host/plugin_host.ts";
import type { MonitorResult } from "../../plugin_host/types.ts";
import type { MonitorUpdate } from "./monitor_update.ts";

/** `host` as a monitor runner whose checks are reported to `emit`; `afterRun` follows a check that worked. */
export function timedRunner(
  host: PluginHost,
  emit: (update: MonitorUpdate) => void,
  afterRun?: (name: string) => void,
): MonitorRunner {
  return {
    runMonitor: async (name: string, options: RunMonitorOptions): Promise<MonitorResult> => {
      const started = performance.now();
      emit({ type: "run_started", monitor: name, time: Date.now() });
      try {
        const result = await host.runMonitor(name, options);
        afterRun?.(name);
        const durationMs = performance.now() - started;
        emit({ type: "run_finished", monitor: name, time: Date.now(), durationMs, result });
        return result;
      } catch (error) {
        const durationMs = performance.now() - started;
        const message = error instanceof Error ? error.message : String(error);
        emit({ type: "run_failed", monitor: name, time: Date.now(), durationMs, message });
        throw error;
      }
    },
    startWatch: (name, options) => host.startWatch(name, options),
    manifest: (name) => host.list().find((p) => p.name === name)?.manifest,
  };
}
