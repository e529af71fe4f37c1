import assert from "node:assert/strict";
import { parseRetryAfter } from "./_model_call.ts";

Deno.test("parseRetryAfter() reads seconds, milliseconds and HTTP dates", () => {
  const now = Date.parse("2026-11-25T08:00:00Z");
  assert.equal(parseRetryAfter(new Headers({ "retry-after": "2" }), now), 2_000);
  assert.equal(parseRetryAfter(new Headers({ "retry-after": "0.5" }), now), 500);
  assert.equal(
    parseRetryAfter(new Headers({ "retry-after-ms": "750", "retry-after": "9" }), now),
    750,
  );
  assert.equal(
    parseRetryAfter(new Headers({ "retry-after": "Wed, 25 Nov 2026 08:00:30 GMT" }), now),
    30_000,
  );
  assert.equal(parseRetryAfter(new Headers({ "retry-after": "soon" }), now), undefined);
  assert.equal(parseRetryAfter(new Headers(), now), undefined);
});
