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
): Promise<
  StepRunner & {
    close(): Promise<void>;
    host: PluginHost;
    unavailableStepTypes(): Map<string, string>;
  }
> {
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
    unavailableStepTypes: () => unavailable(host),
    runStep: (type, call) => host.runStep(type, call),
    close: () => host.close(),
  };
}

/** Step types whose plugin cannot run now, with what to do about it. */
function unavailable(host: PluginHost): Map<string, string> {
  const out = new Map<string, string>();
  const usable = new Set(host.stepTypes());
  for (const p of host.list()) {
    const type = p.manifest?.kind === "step" ? p.manifest.step_type : undefined;
    if (!type || usable.has(type)) continue;
    const why = p.problem ?? p.disabled ??
      (p.trust === "changed"
        ? `plugin "${p.name}" changed since it was trusted: run "flux plugins trust ${p.name}"`
        : `plugin "${p.name}" is not trusted yet: run "flux plugins trust ${p.name}"`);
    out.set(type, why);
  }
  return out;
}
