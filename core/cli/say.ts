/**
 * How the CLI prints: every line goes through `printable()`, so a file name, a YAML value, a tool summary
 * or plugin text can never move the cursor, clear the screen or write the clipboard (OSC 52). Only a
 * workflow step's own command output is written as is (see `RunReporter.output`).
 */
import { printable } from "../plugin_host/printable.ts";

/** Prints `text` on stdout with its control characters made visible. */
export function say(text: string): void {
  console.log(printable(text));
}

/** Prints `text` on stderr with its control characters made visible. */
export function warn(text: string): void {
  console.error(printable(text));
}
