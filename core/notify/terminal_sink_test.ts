import assert from "node:assert/strict";
import { TerminalSink } from "./terminal_sink.ts";
import { formatNotification } from "./format_notification.ts";

Deno.test("TerminalSink.send() writes the boxed text and a blank line, even in short writes", () => {
  const chunks: Uint8Array[] = [];
  // A writer that accepts at most 7 bytes per call, like a full pipe.
  const out = {
    writeSync(data: Uint8Array): number {
      const n = Math.min(7, data.length);
      chunks.push(data.slice(0, n));
      return n;
    },
  };
  const n = formatNotification({
    monitor: "tests",
    level: "success",
    title: "✅ Tests are now passing!",
  });
  new TerminalSink(out).send(n);
  const text = new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
  assert.equal(text, `${n.text}\n\n`);
});
