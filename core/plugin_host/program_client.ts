/**
 * The plugin side of brokered programs: turns a `runProcess` call (or `ctx.run`) inside a plugin's worker
 * into a `spawn` message, and the core's `output`/`exit`/`denied` answers back into its result.
 */
import type { ProcessResult, RunProcessOptions } from "../process/run_process.ts";
import type { HostMessage, PluginMessage, SpawnOptions } from "./protocol.ts";

interface PendingRun {
  onOutput?: (chunk: string, stream: "stdout" | "stderr") => void;
  resolve(result: ProcessResult): void;
  reject(error: Error): void;
  cleanup(): void;
}

/** Programs of one plugin in flight, by run id. */
export class ProgramClient {
  #nextRun = 1;
  #runs = new Map<number, PendingRun>();

  constructor(readonly send: (message: PluginMessage) => void) {}

  /** Asks the core to run `cmd`; settles with its result, or rejects with the core's refusal. */
  run(cmd: string, args: string[], options: RunProcessOptions): Promise<ProcessResult> {
    const run = this.#nextRun++;
    const spawnOptions: SpawnOptions = {};
    if (options.cwd !== undefined) spawnOptions.cwd = options.cwd;
    if (options.env !== undefined) spawnOptions.env = options.env;
    if (options.stdin !== undefined) spawnOptions.stdin = options.stdin;
    if (options.timeoutMs) spawnOptions.timeoutMs = options.timeoutMs;
    if (options.graceMs !== undefined) spawnOptions.graceMs = options.graceMs;
    if (options.nice !== undefined) spawnOptions.nice = options.nice;
    if (options.maxOutputBytes !== undefined) spawnOptions.maxOutputBytes = options.maxOutputBytes;
    if (options.onOutput) spawnOptions.stream = true;
    // A plugin can only narrow: the core decides the sandbox, and honours this only for a built-in
    // whose programs otherwise run unsandboxed (a workflow's `sandbox:`).
    if (options.sandbox) {
      spawnOptions.sandbox = { write: options.sandbox.write, network: options.sandbox.network };
    }
    return new Promise<ProcessResult>((resolve, reject) => {
      const signal = options.signal;
      const onAbort = () => this.send({ type: "kill", run });
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#runs.set(run, {
        ...(options.onOutput ? { onOutput: options.onOutput } : {}),
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener("abort", onAbort),
      });
      this.send({ type: "spawn", run, cmd, args, options: spawnOptions });
      if (signal?.aborted) onAbort();
    });
  }

  /** Handles an answer of the core; false when `message` is not about a program. */
  receive(message: HostMessage): boolean {
    switch (message.type) {
      case "output":
        this.#runs.get(message.run)?.onOutput?.(message.chunk, message.stream);
        return true;
      case "exit": {
        const pending = this.#take(message.run);
        pending?.resolve({
          ...message.result,
          signal: message.result.signal as Deno.Signal | null,
        });
        return true;
      }
      case "denied":
        if (message.run === undefined) return false;
        this.#take(message.run)?.reject(new Error(message.reason));
        return true;
      default:
        return false;
    }
  }

  #take(run: number): PendingRun | undefined {
    const pending = this.#runs.get(run);
    this.#runs.delete(run);
    pending?.cleanup();
    return pending;
  }
}
