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

Deno.test("completeInput() completes a bare word to a workflow's name", () => {
  assert.equal(completeInput("pr", sources), "pr-ready ");
  assert.equal(completeInput("dep", sources), "deploy-staging ");
  assert.equal(completeInput("why do tests", sources), "why do tests");
  assert.equal(completeInput("zzz", sources), "zzz");
});

Deno.test("completeInput() completes monitor names after /check", () => {
  assert.equal(completeInput("/check t", sources), "/check tests ");
  assert.equal(completeInput("/te", sources), "/test ");
  assert.equal(completeInput("/auto", sources), "/autofix ");
});
