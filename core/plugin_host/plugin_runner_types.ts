/** The types a plugin runner (`plugin_runner.ts`) is configured and called with. */
import type { ConnectionEvents, PluginConnection } from "./plugin_connection.ts";
import type { CallMethod } from "./protocol.ts";

/** Deadlines and limits of a supervised plugin. */
export interface RunnerLimits {
  startMs: number;
  cancelGraceMs: number;
  maxRestarts: number;
  windowMs: number;
  backoffMs: number;
  maxMessagesPerSecond: number;
  /** Milliseconds between liveness pings. */
  pingMs: number;
  /** A plugin that answers no ping for this long is hung: it is stopped and reported. */
  livenessMs: number;
}

/** One call into the plugin. `timeoutMs` 0 means no deadline (watches). */
export interface RunnerCall {
  method: CallMethod;
  options: Record<string, unknown>;
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?(text: string): void;
  onLog?(text: string): void;
  onEvent?(event: unknown): void;
}

/** Opens a connection for the runner; may reject with a one-line refusal (not counted as a crash). */
export type OpenConnection = (events: ConnectionEvents) => Promise<PluginConnection>;

/** What a {@linkcode PluginRunner} needs. */
export interface PluginRunnerOptions {
  name: string;
  /** URL of the entry module, imported by the bootstrap. */
  entry: string;
  projectDir: string;
  open: OpenConnection;
  limits: RunnerLimits;
  warn: (line: string) => void;
}
