import assert from "node:assert/strict";
import { analyzeFailure } from "./analyze_failure.ts";
import { BuiltinAnalyzer } from "./builtin_analyzer.ts";
import type { FailureAnalyzer, FailureReport } from "./failure_analyzer.ts";

const report: FailureReport = {
  monitor: "tests",
  summary: "1 failed",
  items: [{ name: "test_add", message: "assert 3 == 4" }],
};
const fallback = new BuiltinAnalyzer("/nonexistent");

Deno.test("analyzeFailure() uses the model's analysis when it answers", async () => {
  const seen: FailureReport[] = [];
  const model: FailureAnalyzer = {
    analyze: (r) => {
      seen.push(r);
      return Promise.resolve("  add() returns the wrong sum  ");
    },
  };
  const result = await analyzeFailure(report, { model, fallback });
  assert.deepEqual(result, { text: "add() returns the wrong sum", source: "model" });
  assert.equal(seen[0], report);
});

Deno.test("analyzeFailure() falls back to the built-in analysis when the model throws", async () => {
  const model: FailureAnalyzer = {
    analyze: () => Promise.reject(new Error("HTTP 500 from model")),
  };
  const result = await analyzeFailure(report, { model, fallback });
  assert.equal(result.source, "builtin");
  assert.equal(result.text, "test_add: expected 4, got 3");
  assert.equal(result.modelError, "HTTP 500 from model");
});

Deno.test("analyzeFailure() aborts a slow model after the timeout and falls back", async () => {
  let aborted = false;
  const model: FailureAnalyzer = {
    analyze: (_r, signal) =>
      new Promise((_resolve, reject) => {
        signal?.addEventListener("abort", () => {
          aborted = true;
          reject(new Error("aborted"));
        });
      }),
  };
  const result = await analyzeFailure(report, { model, fallback, timeoutMs: 30 });
  assert.equal(result.source, "builtin");
  assert.match(result.modelError ?? "", /did not answer within 30 ms/);
  assert.ok(aborted, "the model call is cancelled");
});

Deno.test("analyzeFailure() uses the built-in analyzer without a model", async () => {
  const result = await analyzeFailure(report, { fallback });
  assert.deepEqual(result, { text: "test_add: expected 4, got 3", source: "builtin" });
});
