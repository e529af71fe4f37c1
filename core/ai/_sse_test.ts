import assert from "node:assert/strict";
import { readSse } from "./_sse.ts";

function bodyOf(pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

Deno.test("readSse() joins events split across reads and line-end styles", async () => {
  const events = await Array.fromAsync(readSse(bodyOf([
    "event: a\r",
    '\ndata: {"x":',
    "1}\r\n\r\n: keep-alive comment\n\n",
    "data: line1\ndata: line2\n\n",
    "event: last\rdata: no blank line at the end",
  ])));
  assert.deepEqual(events, [
    { event: "a", data: '{"x":1}' },
    { event: "message", data: "line1\nline2" },
    { event: "last", data: "no blank line at the end" },
  ]);
});

Deno.test("readSse() decodes multi-byte characters split between chunks", async () => {
  const bytes = new TextEncoder().encode("data: é✓\n\n");
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
      controller.close();
    },
  });
  assert.deepEqual(await Array.fromAsync(readSse(body)), [{ event: "message", data: "é✓" }]);
});
