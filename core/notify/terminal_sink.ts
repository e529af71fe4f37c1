/**
 * Prints each notification's text on the terminal (stdout by default), control characters made visible,
 * followed by a blank line.
 */
import type { Notification, NotificationSink } from "./notification.ts";
import { printable } from "../plugin_host/printable.ts";

/** Anything with a synchronous `writeSync`, like `Deno.stdout`. */
export interface SyncWriter {
  writeSync(data: Uint8Array): number;
}

/** The terminal sink. */
export class TerminalSink implements NotificationSink {
  readonly name = "terminal";
  #out: SyncWriter;
  #encoder = new TextEncoder();

  constructor(out: SyncWriter = Deno.stdout) {
    this.#out = out;
  }

  send(notification: Notification): void {
    // File names, test names and tool summaries are outside text: shown inert.
    const bytes = this.#encoder.encode(`${printable(notification.text)}\n\n`);
    let written = 0;
    while (written < bytes.length) written += this.#out.writeSync(bytes.subarray(written));
  }
}
