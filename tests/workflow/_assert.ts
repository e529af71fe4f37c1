/** The assertions the workflow tests use, from node:assert/strict. */
import assertStrict from "node:assert/strict";

export function assert(value: unknown, message?: string): asserts value {
  assertStrict.ok(value, message);
}

export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  assertStrict.deepEqual(actual, expected, message);
}

export function assertMatch(actual: string, pattern: RegExp, message?: string): void {
  assertStrict.match(actual, pattern, message);
}
