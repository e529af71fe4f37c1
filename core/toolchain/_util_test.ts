import assert from "node:assert/strict";
import { testSummary } from "./_util.ts";

Deno.test("testSummary() counts only the tests that ran as passed, the skipped ones apart", () => {
  assert.equal(testSummary({ total: 44, failed: 0, skipped: 42 }), "2 tests passed, 42 skipped");
  assert.equal(testSummary({ total: 5, failed: 0 }), "5 tests passed");
  assert.equal(testSummary({ total: 5, failed: 2, skipped: 1 }), "5 tests, 2 failed, 1 skipped");
  assert.equal(testSummary({ total: 0, failed: 0 }), "no tests found");
});
