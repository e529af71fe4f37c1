import assert from "node:assert/strict";
import { CrashWindow } from "./crash_window.ts";

Deno.test("CrashWindow.record() doubles the backoff and disables after 3 restarts in the window", () => {
  const window = new CrashWindow({ maxRestarts: 3, windowMs: 300_000, backoffMs: 250 });
  assert.deepEqual(window.record(0), { count: 1, backoffMs: 250 });
  assert.deepEqual(window.record(1_000), { count: 2, backoffMs: 500 });
  assert.deepEqual(window.record(2_000), { count: 3, backoffMs: 1_000 });
  assert.deepEqual(window.record(3_000), { count: 4, backoffMs: undefined });
});

Deno.test("CrashWindow.record() forgets crashes older than the window", () => {
  const window = new CrashWindow({ maxRestarts: 3, windowMs: 300_000, backoffMs: 250 });
  window.record(0);
  window.record(1_000);
  window.record(2_000);
  assert.deepEqual(window.record(301_500), { count: 2, backoffMs: 500 });
});
