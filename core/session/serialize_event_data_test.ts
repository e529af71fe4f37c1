import assert from "node:assert/strict";
import { MAX_EVENT_CHARS, MAX_STRING_CHARS, serializeEventData } from "./serialize_event_data.ts";

Deno.test("serializeEventData() redacts strings at any depth and keeps other values", () => {
  const json = serializeEventData(
    { a: 1, ok: true, list: ["token=abcdef123456", { deep: "my hunter2pass" }], big: 12n },
    ["hunter2pass"],
  );
  assert.deepEqual(JSON.parse(json), {
    a: 1,
    ok: true,
    list: ["token=[REDACTED]", { deep: "my [REDACTED]" }],
    big: "12",
  });
});

Deno.test("serializeEventData() wraps a non-object and clips long strings and huge events", () => {
  assert.equal(serializeEventData("plain", []), '{"value":"plain"}');
  const long = JSON.parse(serializeEventData({ out: "z".repeat(MAX_STRING_CHARS + 10) }, []));
  assert.ok(long.out.startsWith("z".repeat(MAX_STRING_CHARS)));
  assert.ok(long.out.endsWith("… [10 more characters]"));
  const huge = serializeEventData(
    { lines: Array.from({ length: 50_000 }, (_, i) => `line ${i}`) },
    [],
  );
  assert.ok(huge.length < MAX_EVENT_CHARS);
  assert.ok(JSON.parse(huge).truncated > MAX_EVENT_CHARS);
});
