import assert from "node:assert/strict";
import { redact, REDACTED, redactValue } from "./redact.ts";

Deno.test("redact() removes known token shapes", () => {
  const samples = [
    "sk-proj-abcdefghijklmnopqrstuvwx",
    "sk-ant-api03-abcdefghijklmnopqrstuvwxyz",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "xoxb-1234567890-abcdefghij",
    "AKIAABCDEFGHIJKLMNOP",
  ];
  for (const secret of samples) {
    const out = redact(`key is ${secret} here`);
    assert.ok(!out.includes(secret), out);
    assert.ok(out.includes(REDACTED));
  }
});

Deno.test("redact() removes bearer tokens, URL passwords and KEY=value assignments", () => {
  assert.equal(redact("Authorization: Bearer abc.def.ghi123"), `Authorization: Bearer ${REDACTED}`);
  assert.equal(redact("postgres://bob:hunter22@db/x"), `postgres://bob:${REDACTED}@db/x`);
  assert.equal(redact("API_KEY=zzzz9999 next"), `API_KEY=${REDACTED} next`);
  assert.equal(redact("password: 'opensesame'"), `password: ${REDACTED}`);
});

Deno.test("redact() removes declared values and keeps ordinary text", () => {
  assert.equal(
    redact("deploying with s3cr3t-value", ["s3cr3t-value"]),
    `deploying with ${REDACTED}`,
  );
  assert.equal(
    redact("ImportError: cannot import 'validate_token'"),
    "ImportError: cannot import 'validate_token'",
  );
});

Deno.test("redactValue() walks nested values", () => {
  const out = redactValue({ a: ["Bearer abcdefghijk"], n: 3 });
  assert.deepEqual(out, { a: [`Bearer ${REDACTED}`], n: 3 });
});
