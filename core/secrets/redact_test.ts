import assert from "node:assert/strict";
import { lineRedactor, redact, REDACTED, redactValue, secretValuesOf } from "./redact.ts";

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
  assert.equal(redact("password: 'opensesame'"), `password: '${REDACTED}'`);
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

Deno.test("redact() masks each secret shape of issue 10 and keeps the words around it", () => {
  const aws = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const cases: [string, string][] = [
    [`aws_secret_access_key = ${aws}`, `aws_secret_access_key = ${REDACTED}`],
    [`AWS_SECRET_ACCESS_KEY=${aws}`, `AWS_SECRET_ACCESS_KEY=${REDACTED}`],
    [`"SecretAccessKey": "${aws}"`, `"SecretAccessKey": "${REDACTED}"`],
    ["run --password hunter2x --user bob", `run --password ${REDACTED} --user bob`],
    ["run --password=hunter2x", `run --password=${REDACTED}`],
    ["mysql -u root -phunter2x shop", `mysql -u root -p${REDACTED} shop`],
    [
      '{"password": "two words", "api_key": "abcd1234"}',
      `{"password": "${REDACTED}", "api_key": "${REDACTED}"}`,
    ],
    ["export DB_PASS=hunter2x", `export DB_PASS=${REDACTED}`],
    [
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\nAAAA\n-----END OPENSSH PRIVATE KEY-----\nafter",
      `${REDACTED}\nafter`,
    ],
  ];
  for (const [input, expected] of cases) assert.equal(redact(input), expected, input);
});

Deno.test("redact() leaves ordinary words that look near a secret name alone", () => {
  for (
    const text of [
      "token_count: 1234",
      "tokens: 1500",
      "monkey: banana",
      "npm test -p 3000",
      "primary_key = id",
    ]
  ) {
    assert.equal(redact(text), text);
  }
});

Deno.test("lineRedactor() masks a private key's body that arrives line by line", () => {
  const mask = lineRedactor();
  const lines = [
    "before",
    "-----BEGIN RSA PRIVATE KEY-----",
    "MIIEbody",
    "more",
    "-----END RSA PRIVATE KEY-----",
    "after",
  ];
  assert.deepEqual(lines.map(mask), ["before", REDACTED, REDACTED, REDACTED, REDACTED, "after"]);
});

Deno.test("secretValuesOf() takes values of PASS, SECRET, TOKEN and KEY variables, long enough to mask", () => {
  assert.deepEqual(
    secretValuesOf({
      DB_PASS: "hunter22",
      API_TOKEN: "t0k3n-value",
      KEYTIMEOUT: "1",
      DEBUG: "true",
      HOME: "/root",
      USE_KEY: "true",
    }),
    ["hunter22", "t0k3n-value"],
  );
});

Deno.test("redact() with 1,000 declared secrets masks a megabyte of text without freezing", () => {
  const declared = Array.from({ length: 1000 }, (_, i) => `secret-value-${i}-xyz`);
  const text = `${"ordinary log line\n".repeat(60_000)}secret-value-999-xyz`;
  const out = redact(text, declared);
  assert.ok(out.endsWith(REDACTED));
});
