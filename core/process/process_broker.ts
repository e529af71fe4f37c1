/**
 * Inside a plugin's worker no program may start (the worker has no `run` permission): the plugin
 * bootstrap installs a broker here, and {@linkcode runProcess} hands every program to it, so the toolchain
 * code that plugins share with the core keeps calling `runProcess` unchanged while the core starts the
 * program. Outside a plugin no broker is installed and `runProcess` starts programs itself.
 */
import type { ProcessResult, RunProcessOptions } from "./run_process.ts";

/** Runs a program somewhere else (the core) on behalf of this thread. */
export type ProcessBroker = (
  cmd: string,
  args: string[],
  options: RunProcessOptions,
) => Promise<ProcessResult>;

// A global symbol, so a second copy of this module (another URL of Flux) in the same worker sees it too.
const KEY = Symbol.for("flux.processBroker");

/** Installs the broker of this thread (the plugin bootstrap does, once). */
export function setProcessBroker(broker: ProcessBroker): void {
  (globalThis as Record<symbol, unknown>)[KEY] = broker;
}

/** The broker of this thread, when it is a plugin's. */
export function processBroker(): ProcessBroker | undefined {
  const broker = (globalThis as Record<symbol, unknown>)[KEY];
  return typeof broker === "function" ? broker as ProcessBroker : undefined;
}
