/** Narrowing helpers for tools' JSON output (untrusted until narrowed). */

/** Parses a tool's JSON output; throws a SyntaxError naming the tool when it is not JSON. */
export function parseJsonOutput(text: string, tool: string): unknown {
  const start = text.search(/[[{]/);
  if (start < 0) throw new SyntaxError(`${tool} printed no JSON`);
  try {
    return JSON.parse(text.slice(start));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SyntaxError(`${tool} printed invalid JSON: ${detail}`);
  }
}

/** `value` as a plain object, or `{}`. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as Record<string, unknown>
    : {};
}

/** `value` as an array, or `[]`. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` as a string, or "". */
export function asString(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** `value` as a finite number, or undefined. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
