/** A timer handle of a {@linkcode Clock} (opaque). */
export type TimerId = unknown;

/** Time as the coordinator uses it, so that tests can drive cooldowns and intervals with fake time. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as number),
};
