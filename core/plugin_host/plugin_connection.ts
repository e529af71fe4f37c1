/** The transport between the core and one running plugin, whatever its tier. */
import type { HostMessage } from "./protocol.ts";
import type { ProgramPolicy } from "./program_broker.ts";

/** What a transport reports to its supervisor. */
export interface ConnectionEvents {
  /** A message from the plugin, still untrusted. */
  onMessage(raw: unknown): void;
  /** The plugin is gone (crashed, killed or exited); `reason` is a short phrase. Called at most once. */
  onExit(reason: string): void;
}

/** One running plugin: a Web Worker or a sandbox subprocess. */
export interface PluginConnection {
  readonly tier: "builtin" | "sandbox";
  /** The sandbox subprocess id (undefined for a worker). */
  readonly pid: number | undefined;
  send(message: HostMessage): void;
  /** Stops the plugin now (terminate the worker, SIGKILL the sandbox's process group). */
  kill(): void;
  /** Settles when the plugin is gone. */
  readonly exited: Promise<void>;
  /** What the programs it asks the core for may do; unset: it may run none. */
  programs?: ProgramPolicy;
}
