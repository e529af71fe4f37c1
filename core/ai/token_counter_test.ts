import assert from "node:assert/strict";
import { encodingFor, estimatedTokenCounter, loadTokenCounter } from "./token_counter.ts";

Deno.test("encodingFor() picks o200k for GPT-4o and later, cl100k for GPT-4, nothing for other families", () => {
  assert.equal(encodingFor(null), "o200k_base");
  assert.equal(encodingFor({ protocol: "openai", model: "gpt-4o-mini" }), "o200k_base");
  assert.equal(encodingFor({ protocol: "openai", model: "o3-mini" }), "o200k_base");
  assert.equal(encodingFor({ protocol: "openai", model: "gpt-4-turbo" }), "cl100k_base");
  assert.equal(encodingFor({ protocol: "openai", model: "gpt-3.5-turbo" }), "cl100k_base");
  assert.equal(encodingFor({ protocol: "openai", model: "llama3.1:8b" }), null);
  assert.equal(encodingFor({ protocol: "anthropic", model: "claude-sonnet-4-5" }), null);
});

Deno.test("loadTokenCounter() counts with the packaged ranks, offline, and says so", async () => {
  const o200k = await loadTokenCounter(null);
  assert.equal(o200k.exact, true);
  assert.equal(o200k.count("hello world"), 2);
  const cl100k = await loadTokenCounter({ protocol: "openai", model: "gpt-4" });
  assert.equal(cl100k.name, "cl100k_base");
  assert.ok(cl100k.count("const answer = 42;") > 0);
  const other = await loadTokenCounter({ protocol: "anthropic", model: "claude-sonnet-4-5" });
  assert.equal(other, estimatedTokenCounter);
  assert.equal(other.exact, false);
  assert.match(other.label, /^estimated/);
});

Deno.test("the estimate counts at least what o200k counts on code and JSON", async () => {
  const o200k = await loadTokenCounter(null);
  const samples = [
    JSON.stringify({
      type: "command",
      summary: "deno test src/auth_test.ts --filter expiry",
      when: "2 minutes ago",
    }),
    "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
    "AssertionError: Values are not equal\n    at file:///work/app/src/auth_test.ts:14:3",
  ];
  for (const text of samples) {
    assert.ok(estimatedTokenCounter.count(text) >= o200k.count(text), text);
  }
});
