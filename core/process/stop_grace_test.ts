import assert from "node:assert/strict";
import { DEFAULT_STOP_GRACE_MS, stopGraceMs } from "./stop_grace.ts";

Deno.test("stopGraceMs() is 2 s when FLUX_STOP_GRACE_MS is unset or empty", () => {
  assert.equal(stopGraceMs(undefined), DEFAULT_STOP_GRACE_MS);
  assert.equal(stopGraceMs(" "), DEFAULT_STOP_GRACE_MS);
});

Deno.test("stopGraceMs() reads whole milliseconds, 0 included", () => {
  assert.equal(stopGraceMs("0"), 0);
  assert.equal(stopGraceMs(" 30000 "), 30_000);
  assert.equal(stopGraceMs("600000"), 600_000);
});

Deno.test("stopGraceMs() refuses seconds, negatives, fractions and huge values in one line", () => {
  for (const bad of ["2s", "-1", "1.5", "600001", "1e3", "abc"]) {
    assert.throws(() => stopGraceMs(bad), (error: Error) => {
      assert.ok(error instanceof RangeError);
      assert.match(error.message, /^FLUX_STOP_GRACE_MS is ".*": set it to whole milliseconds/);
      assert.ok(!error.message.includes("\n"));
      return true;
    });
  }
});
