/**
 * When one monitor runs: at once on start, again on each trigger (a relevant file changed), and after
 * `intervalMs` of quiet as a fallback. A trigger during a run either cancels the stale run and starts a
 * fresh one (`restart`: the run's signal is aborted, which stops its whole process group) or queues one
 * more run after it (`queue`). Never two runs of one monitor at once.
 */
import { type Clock, systemClock, type TimerId } from "./clock.ts";

/** What a trigger during a run does. */
export type OnChangePolicy = "restart" | "queue";

/** Options for {@linkcode MonitorLoop}. */
export interface MonitorLoopOptions {
  /** Milliseconds between fallback runs; 0 turns the fallback off. */
  intervalMs: number;
  onChange: OnChangePolicy;
  /** One check. The signal is aborted when the run is cancelled or the loop stops. */
  run(signal: AbortSignal): Promise<void>;
  /** Called when `run` rejects (the loop carries on). */
  onError?(error: unknown): void;
  clock?: Clock;
}

/** The schedule of one monitor; see the module comment. */
export class MonitorLoop {
  #opts: MonitorLoopOptions;
  #clock: Clock;
  #current: { controller: AbortController; done: Promise<void> } | undefined;
  #again = false;
  /** Callers of {@linkcode checkNow} waiting for the run in progress (or the one it hands over to). */
  #waiting: Array<() => void> = [];
  #timer: TimerId | undefined;
  #stopped = true;
  #runs = 0;

  constructor(options: MonitorLoopOptions) {
    this.#opts = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** True while a check is in progress. */
  get busy(): boolean {
    return this.#current !== undefined;
  }

  /** Checks started so far. */
  get runs(): number {
    return this.#runs;
  }

  /** Starts the loop with an immediate run. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#runNow();
  }

  /** A relevant change: run now, or cancel-and-restart / queue when a run is in progress. */
  trigger(): void {
    if (this.#stopped) return;
    if (!this.#current) return this.#runNow();
    this.#again = true;
    if (this.#opts.onChange === "restart") this.#current.controller.abort(new Error("superseded"));
  }

  /**
   * A check asked for by the person (`/test`): runs one now, or, while one is in progress, waits for it
   * (and for the run it hands over to after a change) rather than cancelling it. Resolves when that run
   * has ended, or at once when the loop is stopped.
   */
  checkNow(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    const { promise, resolve } = Promise.withResolvers<void>();
    this.#waiting.push(resolve);
    if (!this.#current) this.#runNow();
    return promise;
  }

  /** Stops the loop, cancels a run in progress and waits for it to settle; true when one was cancelled. */
  async stop(): Promise<boolean> {
    this.#stopped = true;
    this.#again = false;
    this.#clearTimer();
    for (const resolve of this.#waiting.splice(0)) resolve();
    const current = this.#current;
    current?.controller.abort(new Error("stopped"));
    await current?.done;
    return current !== undefined;
  }

  #runNow(): void {
    this.#clearTimer();
    const controller = new AbortController();
    this.#runs++;
    const done = this.#opts.run(controller.signal).catch((error) => this.#opts.onError?.(error))
      .finally(() => {
        this.#current = undefined;
        // A run that hands over to another (a change came in) leaves its waiters to that run.
        if (this.#stopped || !this.#again) {
          for (const resolve of this.#waiting.splice(0)) resolve();
        }
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.#runNow();
        } else this.#schedule();
      });
    this.#current = { controller, done };
  }

  #schedule(): void {
    if (this.#opts.intervalMs <= 0) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      if (!this.#stopped && !this.#current) this.#runNow();
    }, this.#opts.intervalMs);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
