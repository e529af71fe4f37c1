import assert from "node:assert/strict";
import { lastWords, testSummary } from "./_util.ts";

Deno.test("testSummary() counts only the tests that ran as passed, the skipped ones apart", () => {
  assert.equal(testSummary({ total: 44, failed: 0, skipped: 42 }), "2 tests passed, 42 skipped");
  assert.equal(testSummary({ total: 5, failed: 0 }), "5 tests passed");
  assert.equal(testSummary({ total: 5, failed: 2, skipped: 1 }), "5 tests, 2 failed, 1 skipped");
  assert.equal(testSummary({ total: 0, failed: 0 }), "no tests found");
});

Deno.test("lastWords() skips a box's border and rules for the last line that says something", () => {
  assert.equal(
    lastWords(
      "  1 test failed\n\u250c\u2500\u2500\u2510\n\u2502 update \u2502\n\u2514\u2500\u2500\u2518\n\n",
    ),
    "\u2502 update \u2502",
  );
  assert.equal(lastWords("  \u2500\n\n  1 test failed\n"), "1 test failed");
  assert.equal(lastWords("\u2500\u2500\u2500\n"), "");
});
