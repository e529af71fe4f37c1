/**
 * How long a stopped program gets between SIGTERM and SIGKILL (the stop grace). Flux waits 2 s unless the
 * environment says otherwise: `FLUX_STOP_GRACE_MS=10000` gives slow clean-ups (a database dump, a test runner
 * writing its report) more time; `0` kills at once. Read where a command starts, never at import.
 */

/** The stop grace when `FLUX_STOP_GRACE_MS` is not set. */
export const DEFAULT_STOP_GRACE_MS = 2000;
/** The longest stop grace accepted (10 minutes): longer looks like a typo of seconds for milliseconds. */
export const MAX_STOP_GRACE_MS = 600_000;

/**
 * The stop grace in milliseconds from `value` (the text of `FLUX_STOP_GRACE_MS`); the default when it is
 * absent or empty. Throws a `RangeError` with one line saying what to write when it is not a whole number
 * of milliseconds from 0 to 600000.
 */
export function stopGraceMs(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_STOP_GRACE_MS;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(ms) || ms > MAX_STOP_GRACE_MS) {
    throw new RangeError(
      `FLUX_STOP_GRACE_MS is "${text}": set it to whole milliseconds from 0 to ${MAX_STOP_GRACE_MS} ` +
        `(e.g. FLUX_STOP_GRACE_MS=5000), or unset it for ${DEFAULT_STOP_GRACE_MS}`,
    );
  }
  return ms;
}
