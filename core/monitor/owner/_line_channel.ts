/**
 * Newline-delimited JSON over one Unix socket connection: lines out through a bounded queue (a client that
 * stops reading is dropped, not buffered without end), lines in with a cap on their length.
 */

/** Options of {@linkcode LineChannel}. */
export interface LineChannelOptions {
  /** Lines waiting to be written before the peer is taken as stuck and the connection closed. */
  maxPending?: number;
  /** Longest line read, in characters; a longer one closes the connection. */
  maxLine?: number;
}

const defaults = { maxPending: 10_000, maxLine: 16 << 20 } satisfies LineChannelOptions;

/** One connection, line by line. */
export class LineChannel {
  #conn: Deno.Conn;
  #options: Required<LineChannelOptions>;
  #writes: Promise<void> = Promise.resolve();
  #pending = 0;
  #closed = false;
  #encoder = new TextEncoder();

  constructor(conn: Deno.Conn, options: LineChannelOptions = {}) {
    this.#conn = conn;
    this.#options = { ...defaults, ...options };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues `message` as one JSON line. */
  send(message: unknown): void {
    this.sendLine(JSON.stringify(message));
  }

  /** Queues a line already serialized (the same update goes to every client). */
  sendLine(line: string): void {
    if (this.#closed) return;
    if (++this.#pending > this.#options.maxPending) {
      this.close();
      return;
    }
    const bytes = this.#encoder.encode(`${line}\n`);
    this.#writes = this.#writes.then(async () => {
      let written = 0;
      while (written < bytes.length && !this.#closed) {
        written += await this.#conn.write(bytes.subarray(written));
      }
    }).catch(() => this.close()).finally(() => this.#pending--);
  }

  /** Resolves when the queued lines are written, or after `timeoutMs`. */
  async flush(timeoutMs = 2000): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => timer = setTimeout(() => resolve(), timeoutMs));
    await Promise.race([this.#writes, late]);
    clearTimeout(timer);
  }

  /** The lines the peer sends, until it closes the connection (or this side does). */
  async *lines(): AsyncGenerator<string> {
    const decoder = new TextDecoder();
    const buffer = new Uint8Array(64 * 1024);
    let text = "";
    while (!this.#closed) {
      let n: number | null;
      try {
        n = await this.#conn.read(buffer);
      } catch {
        break;
      }
      if (n === null) break;
      text += decoder.decode(buffer.subarray(0, n), { stream: true });
      for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n")) {
        const line = text.slice(0, at);
        text = text.slice(at + 1);
        yield line;
      }
      if (text.length > this.#options.maxLine) break;
    }
    this.close();
  }

  /** The first line, or undefined when the peer sends none within `timeoutMs` or closes. */
  async firstLine(lines: AsyncGenerator<string>, timeoutMs: number): Promise<string | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) =>
      timer = setTimeout(() => resolve(undefined), timeoutMs)
    );
    const next = lines.next().then((r) => r.done ? undefined : r.value);
    const line = await Promise.race([next, late]);
    clearTimeout(timer);
    if (line === undefined) this.close();
    return line;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // closed already
    }
  }
}
