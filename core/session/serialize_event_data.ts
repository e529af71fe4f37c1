/**
 * Turns an event's data into the JSON that is written: every string redacted (token shapes and declared
 * secrets) and cut to {@linkcode MAX_STRING_CHARS}, so no secret and no runaway output reaches the disk.
 */
import { redact } from "../secrets/redact.ts";

/** Longest string kept inside an event; longer ones keep their start and a marker. */
export const MAX_STRING_CHARS = 16_000;
/** Longest event JSON; a bigger event keeps its start as `{ truncated, preview }`. */
export const MAX_EVENT_CHARS = 256_000;

/** Serialises `data` (a non-object is wrapped as `{ value }`) with every string redacted and clipped. */
export function serializeEventData(data: unknown, secrets: readonly string[]): string {
  const value = typeof data === "object" && data !== null && !Array.isArray(data)
    ? data
    : { value: data ?? null };
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "string") return clip(redact(v, secrets));
    if (typeof v === "bigint") return v.toString();
    return v;
  });
  if (json.length <= MAX_EVENT_CHARS) return json;
  return JSON.stringify({ truncated: json.length, preview: json.slice(0, MAX_STRING_CHARS) });
}

function clip(text: string): string {
  if (text.length <= MAX_STRING_CHARS) return text;
  return `${text.slice(0, MAX_STRING_CHARS)}… [${text.length - MAX_STRING_CHARS} more characters]`;
}
