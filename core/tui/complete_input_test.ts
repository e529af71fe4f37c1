import assert from "node:assert/strict";
import { completeInput } from "./complete_input.ts";

const sources = {
  workflows: ["quick-check", "pr-ready", "deploy-staging"],
  monitors: ["tests", "lint"],
  plugins: ["disk-space"],
};

Deno.test("completeInput() completes command names to their longest common prefix", () => {
  assert.equal(completeInput("/st", sources), "/status ");
  assert.equal(completeInput("/w", sources), "/w");
  assert.equal(completeInput("/wf r", sources), "/wf run ");
});

Deno.test("completeInput() completes workflow names in all three spellings", () => {
  assert.equal(completeInput("/wf run qu", sources), "/wf run quick-check ");
  assert.equal(completeInput("wf run qu", sources), "wf run quick-check ");
  assert.equal(completeInput("flux wf run d", sources), "flux wf run deploy-staging ");
});

Deno.test("completeInput() completes monitor names after /unwatch and leaves questions alone", () => {
  assert.equal(completeInput("/unwatch l", sources), "/unwatch lint ");
  assert.equal(completeInput("why do tests", sources), "why do tests");
});
