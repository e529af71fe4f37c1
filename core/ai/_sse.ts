/**
 * Server-sent events reader: turns a response body into `{ event, data }` records as they arrive, with
 * `npm:eventsource-parser` (line ends, multi-line `data:`, comments, fields split across reads).
 */
import { createParser } from "../deps/eventsource_parser.ts";

/** One server-sent event; `event` is "message" when the server gave no `event:` field. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Yields each event of `body` as soon as its terminating blank line arrives, and a final event that has
 * no trailing blank line when the body ends.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const ready: SseEvent[] = [];
  const parser = createParser({
    onEvent: (message) => ready.push({ event: message.event ?? "message", data: message.data }),
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      yield* ready.splice(0);
    }
    // Blank lines end a last event the server did not terminate (the spec would drop it; a model's last
    // words are worth keeping). A lone "\r" left at the end swallows one "\n", so two are sent.
    parser.feed(`${decoder.decode()}\n\n`);
    yield* ready.splice(0);
  } finally {
    // Closes the connection when the consumer stops early; harmless after the end of the body.
    await reader.cancel().catch(() => {});
  }
}
