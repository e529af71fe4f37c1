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

/**
 * Parses deno.json(c) or tsconfig.json text: JSON with comments and trailing commas. Null when it is not
 * valid even then (the tool itself will say why when it runs).
 */
export function parseJsonc(text: string): unknown {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
  } catch {
    return null;
  }
}

/** The index just past the JSON string that starts at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}
