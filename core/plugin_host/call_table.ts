/**
 * The calls in flight to one plugin: each with an id, a deadline and an abort signal. A call that expires
 * is rejected at once; the table then reports it (`onExpire`) so the supervisor can cancel it in the
 * plugin and stop a plugin that does not let go.
 */
import type { RunnerCall } from "./plugin_runner_types.ts";

interface Pending {
  call: RunnerCall;
  resolve(value: unknown): void;
  reject(error: Error): void;
  cleanup(): void;
}

/** Pending calls of one plugin. */
export class CallTable {
  #nextId = 1;
  #pending = new Map<number, Pending>();

  constructor(readonly name: string, readonly onExpire: (id: number) => void) {}

  /** Registers `call`; its deadline fires after `left` ms (its full `timeoutMs` by default). */
  open(call: RunnerCall, left = call.timeoutMs): { id: number; promise: Promise<unknown> } {
    const id = this.#nextId++;
    let pending!: Pending;
    const promise = new Promise<unknown>((resolve, reject) => {
      const timer = call.timeoutMs > 0
        ? setTimeout(() => this.expire(id, `timed out after ${call.timeoutMs} ms`), left)
        : undefined;
      const onAbort = () => this.expire(id, "was cancelled");
      call.signal?.addEventListener("abort", onAbort, { once: true });
      pending = {
        call,
        resolve,
        reject,
        cleanup: () => {
          clearTimeout(timer);
          call.signal?.removeEventListener("abort", onAbort);
        },
      };
    });
    this.#pending.set(id, pending);
    return { id, promise };
  }

  /** The call `id` while it is pending. */
  get(id: number): RunnerCall | undefined {
    return this.#pending.get(id)?.call;
  }

  /** The ids of the pending calls, optionally only those `which` keeps. */
  ids(which: (call: RunnerCall) => boolean = () => true): number[] {
    return [...this.#pending].filter(([, p]) => which(p.call)).map(([id]) => id);
  }

  /** Every pending call. */
  calls(): RunnerCall[] {
    return [...this.#pending.values()].map((p) => p.call);
  }

  /** Settles call `id` with the plugin's answer; false when it is no longer pending. */
  settle(id: number, outcome: { value: unknown } | { error: Error }): boolean {
    const pending = this.#take(id);
    if (!pending) return false;
    if ("error" in outcome) pending.reject(outcome.error);
    else pending.resolve(outcome.value);
    return true;
  }

  /**
   * Rejects call `id` now (`what` finishes the sentence) and, when the plugin has it (`sent`), reports it
   * to `onExpire` so that the plugin is asked to let go.
   */
  expire(id: number, what: string, sent = true): void {
    const pending = this.#take(id);
    if (!pending) return;
    pending.reject(new Error(`Plugin "${this.name}" ${pending.call.method}(ctx) ${what}`));
    if (sent) this.onExpire(id);
  }

  /** Rejects every pending call with `error`. */
  rejectAll(error: Error): void {
    for (const id of [...this.#pending.keys()]) this.#take(id)?.reject(error);
  }

  #take(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    this.#pending.delete(id);
    pending.cleanup();
    return pending;
  }
}
