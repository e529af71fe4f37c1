/** What the executor needs from the plugin host to run plugin step types (`command`, `tool`, `notify`, ...). */
import type { StepResult } from "../plugin_host/types.ts";

/** Options of one plugin step call. */
export interface RunStepOptions {
  options: Record<string, unknown>;
  signal: AbortSignal;
  /** A backstop: the host cancels the call after this many milliseconds. */
  timeoutMs?: number;
  onProgress?: (text: string) => void;
  onLog?: (text: string) => void;
}

/** The part of `PluginHost` the executor uses. */
export interface StepRunner {
  stepTypes(): string[];
  runStep(stepType: string, options: RunStepOptions): Promise<StepResult>;
}
