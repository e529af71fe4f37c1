/**
 * Text from a plugin (its results, logs, manifest strings, error messages) made safe to print on a
 * terminal: control characters other than newline and tab, and bidirectional overrides, are shown as
 * escapes (`\x1b`, `\u202e`), so a plugin cannot move the cursor, rewrite or hide lines (a trust prompt's
 * included), set the window title or write the clipboard (OSC 52).
 */
export function printable(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
