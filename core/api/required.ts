/**
 * Argument checks of the library API (`mod.ts`): a call that leaves out what it needs fails at once with
 * one line naming what is missing and how the call looks, a `TypeError`, instead of failing deep inside
 * (`NotFound: realpath 'undefined'` from the plugin host).
 */

/** Returns `value` when it is a non-empty string; else throws a TypeError naming `what` and `usage`. */
export function requiredText(value: unknown, what: string, usage: string): string {
  if (typeof value === "string" && value !== "") return value;
  throw new TypeError(`${what} is missing (got ${shown(value)}): call ${usage}`);
}

/** Returns `value` when it is an object (not null, not an array); else a TypeError as above. */
export function requiredObject<T extends object>(
  value: T | undefined,
  what: string,
  usage: string,
): T {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  throw new TypeError(`${what} is missing (got ${shown(value)}): call ${usage}`);
}

/** Returns `value` when it is an array; else a TypeError as above. */
export function requiredList<T>(value: T[] | undefined, what: string, usage: string): T[] {
  if (Array.isArray(value)) return value;
  throw new TypeError(`${what} is missing (got ${shown(value)}): call ${usage}`);
}

function shown(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === "string") {
    return value === "" ? "an empty string" : `"${value.slice(0, 40)}"`;
  }
  return Array.isArray(value) ? "a list" : typeof value;
}
