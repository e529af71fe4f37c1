/** Starts the plugin host of a project as the executor's {@linkcode StepRunner}. */
import { PluginHost, type PluginHostOptions } from "../plugin_host/plugin_host.ts";
import type { StepRunner } from "./step_runner.ts";

/** Options for {@linkcode openPluginRunner}. */
export interface OpenPluginRunnerOptions {
  /** Milliseconds between SIGTERM and SIGKILL of a stopped step; the host waits this much longer. */
  graceMs?: number;
  onWarning?: (line: string) => void;
  host?: PluginHostOptions;
}

/** A discovered `PluginHost`; the caller closes it. */
export async function openPluginRunner(
  projectDir: string,
  options: OpenPluginRunnerOptions = {},
): Promise<StepRunner & { close(): Promise<void>; host: PluginHost }> {
  const graceMs = options.graceMs ?? 2000;
  const host = new PluginHost(projectDir, {
    ...options.host,
    deadlines: { cancelGraceMs: graceMs + 3000, ...options.host?.deadlines },
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  await host.discover();
  return {
    host,
    stepTypes: () => host.stepTypes(),
    runStep: (type, call) => host.runStep(type, call),
    close: () => host.close(),
  };
}
