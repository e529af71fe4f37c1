/** Prints each notification's text on the terminal (stdout by default), followed by a blank line. */
import type { Notification, NotificationSink } from "./notification.ts";

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
    const bytes = this.#encoder.encode(`${notification.text}\n\n`);
    let written = 0;
    while (written < bytes.length) written += this.#out.writeSync(bytes.subarray(written));
  }
}
