/** Server-sent events reader: turns a response body into `{ event, data }` records as they arrive. */

/** One server-sent event; `event` is "message" when the server gave no `event:` field. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Yields each event of `body` as soon as its terminating blank line arrives. Handles `\n`, `\r\n` and `\r`
 * line ends, multi-line `data:` fields, comments (`: ping`) and a final event without a trailing blank line.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = "";
  let event = "";
  let data: string[] = [];
  let hasData = false;

  function* takeLines(final: boolean): Generator<string> {
    for (;;) {
      const match = /\r\n|\r|\n/.exec(buffer);
      if (!match) break;
      // A lone "\r" at the end of the buffer may be the first half of "\r\n": wait for more input.
      if (match[0] === "\r" && match.index === buffer.length - 1 && !final) break;
      yield buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
    }
    if (final && buffer.length > 0) {
      yield buffer;
      buffer = "";
    }
  }

  function* feed(line: string): Generator<SseEvent> {
    if (line === "") {
      if (hasData) yield { event: event || "message", data: data.join("\n") };
      event = "";
      data = [];
      hasData = false;
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") {
      data.push(value);
      hasData = true;
    }
  }

  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (const line of takeLines(false)) yield* feed(line);
    }
    buffer += decoder.decode();
    for (const line of takeLines(true)) yield* feed(line);
    yield* feed("");
  } finally {
    // Closes the connection when the consumer stops early; harmless after the end of the body.
    await reader.cancel().catch(() => {});
  }
}
