/** The restart policy: crashes within a sliding window, with a doubling backoff, until too many. */

/** Limits of a {@linkcode CrashWindow}. */
export interface CrashWindowOptions {
  /** Restarts allowed within `windowMs`; the crash after them disables the plugin. */
  maxRestarts: number;
  windowMs: number;
  /** Backoff before the first restart; it doubles with each crash in the window. */
  backoffMs: number;
}

/** Counts crashes of one plugin. */
export class CrashWindow {
  #times: number[] = [];

  constructor(readonly options: CrashWindowOptions) {}

  /** Records a crash at `now`: the crashes in the window, and the backoff (undefined: disable it). */
  record(now: number): { count: number; backoffMs: number | undefined } {
    this.#times = this.#times.filter((t) => now - t < this.options.windowMs);
    this.#times.push(now);
    const count = this.#times.length;
    if (count > this.options.maxRestarts) return { count, backoffMs: undefined };
    return { count, backoffMs: this.options.backoffMs * 2 ** (count - 1) };
  }
}
