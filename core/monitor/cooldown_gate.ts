/**
 * Per-monitor notification cooldown that never swallows the final state. A notice offered while its
 * monitor is cooling down is held (a newer one replaces it, or merges with it) and delivered when the
 * cooldown ends, unless it only repeats the state the person was last told about.
 */
import { type Clock, systemClock, type TimerId } from "./clock.ts";

/** A notice offered to the gate. */
export interface GateNotice<T> {
  monitor: string;
  /** The state it announces ("fail", "ok"); `null` for additive notices (new lint issues, file changes). */
  key: string | null;
  payload: T;
}

/** Options for {@linkcode CooldownGate}. */
export interface CooldownGateOptions<T> {
  /** Milliseconds between two notifications of one monitor. */
  cooldownMs: number;
  deliver(notice: GateNotice<T>): void;
  /** Combines two additive notices of one monitor held during a cooldown (default: keep the newer). */
  merge?(older: T, newer: T): T;
  clock?: Clock;
}

interface Lane<T> {
  lastAt: number;
  lastKey: string | null;
  pending?: GateNotice<T>;
  timer: TimerId | undefined;
}

/** Holds and releases notices per monitor; see the module comment. */
export class CooldownGate<T> {
  #opts: CooldownGateOptions<T>;
  #clock: Clock;
  #lanes = new Map<string, Lane<T>>();

  constructor(options: CooldownGateOptions<T>) {
    this.#opts = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Delivers `notice` now, or holds it until its monitor's cooldown ends. */
  offer(notice: GateNotice<T>): void {
    const lane = this.#lane(notice.monitor);
    const readyAt = lane.lastAt + this.#opts.cooldownMs;
    if (lane.timer === undefined && this.#clock.now() >= readyAt) {
      this.#deliver(lane, notice);
      return;
    }
    lane.pending = this.#combine(lane.pending, notice);
    if (lane.timer === undefined) {
      const wait = Math.max(0, readyAt - this.#clock.now());
      lane.timer = this.#clock.setTimeout(() => this.#release(notice.monitor), wait);
    }
  }

  /** Notices held right now, oldest monitor first. */
  pending(): GateNotice<T>[] {
    return [...this.#lanes.values()].flatMap((l) => l.pending ? [l.pending] : []);
  }

  /** Delivers every held notice at once (on stop: the final state is never lost) and clears timers. */
  flush(): void {
    for (const [monitor, lane] of this.#lanes) {
      if (lane.timer !== undefined) this.#clock.clearTimeout(lane.timer);
      lane.timer = undefined;
      if (lane.pending) this.#release(monitor);
    }
  }

  /** Forgets `monitor`'s held notice and timer (the monitor was disabled). */
  drop(monitor: string): void {
    const lane = this.#lanes.get(monitor);
    if (lane?.timer !== undefined) this.#clock.clearTimeout(lane.timer);
    this.#lanes.delete(monitor);
  }

  #release(monitor: string): void {
    const lane = this.#lanes.get(monitor);
    if (!lane) return;
    lane.timer = undefined;
    const notice = lane.pending;
    delete lane.pending;
    if (notice) this.#deliver(lane, notice);
  }

  #deliver(lane: Lane<T>, notice: GateNotice<T>): void {
    if (notice.key !== null && notice.key === lane.lastKey) return;
    lane.lastAt = this.#clock.now();
    lane.lastKey = notice.key;
    this.#opts.deliver(notice);
  }

  #combine(held: GateNotice<T> | undefined, next: GateNotice<T>): GateNotice<T> {
    if (!held || held.key !== null || next.key !== null || !this.#opts.merge) return next;
    return { ...next, payload: this.#opts.merge(held.payload, next.payload) };
  }

  #lane(monitor: string): Lane<T> {
    let lane = this.#lanes.get(monitor);
    if (!lane) {
      lane = { lastAt: Number.NEGATIVE_INFINITY, lastKey: null, timer: undefined };
      this.#lanes.set(monitor, lane);
    }
    return lane;
  }
}
