/**
 * The message protocol between the core and a plugin's host-owned bootstrap (a Web Worker for built-ins,
 * a sandbox subprocess speaking newline-delimited JSON over stdio for the rest). Plugins never speak it.
 *
 * Life of a plugin: the host sends `hello` with the protocol version and the entry to import; the bootstrap
 * imports the entry and answers `hello` (or `error` with `id: null`). Then the host sends `call`s, each with
 * an id; the plugin answers with `progress`, `log`, `emit` (watch calls only) and finally `result` or `error`.
 * `cancel` aborts a call's `ctx.signal`. A message that needs a capability the plugin does not hold is
 * answered with `denied`.
 */

/** Bumped on any incompatible change to the messages below. */
export const PROTOCOL_VERSION = 1;

/** The entry points a call can invoke. */
export type CallMethod = "check" | "run" | "watch";

/** Messages from the core to a plugin. */
export type HostMessage =
  | { type: "hello"; protocol: number; name: string; entry: string; projectDir: string }
  | { type: "call"; id: number; method: CallMethod; options: Record<string, unknown> }
  | { type: "cancel"; id: number }
  | { type: "denied"; id: number | null; of: PluginMessage["type"]; reason: string };

/** Messages from a plugin to the core. */
export type PluginMessage =
  | { type: "hello"; protocol: number; exports: string[] }
  | { type: "progress"; id: number; text: string }
  | { type: "log"; id: number | null; text: string }
  | { type: "emit"; id: number; event: unknown }
  | { type: "result"; id: number; value: unknown }
  | { type: "error"; id: number | null; message: string };

/** What a plugin must hold for the core to accept a message. */
export type Capability = "events";

/** The capability each plugin message needs (`null`: any plugin may send it). */
export const NEEDS = {
  hello: null,
  progress: null,
  log: null,
  emit: "events",
  result: null,
  error: null,
} as const satisfies Record<PluginMessage["type"], Capability | null>;

/** The sentence shown when the two sides speak different protocol versions. */
export function protocolMismatch(name: string, theirs: number): string {
  const upgrade = theirs > PROTOCOL_VERSION
    ? "upgrade Flux (deno task install)"
    : "reinstall Flux so its plugin bootstrap matches (deno task install)";
  return `Plugin "${name}" speaks protocol ${theirs} but this Flux speaks protocol ${PROTOCOL_VERSION}: ${upgrade}`;
}

/** Narrows an untrusted value to a {@linkcode PluginMessage}, or `undefined` when it is not one. */
export function parsePluginMessage(value: unknown): PluginMessage | undefined {
  if (!isRecord(value)) return undefined;
  const id = value.id;
  switch (value.type) {
    case "hello":
      return typeof value.protocol === "number" && isStringArray(value.exports)
        ? { type: "hello", protocol: value.protocol, exports: value.exports }
        : undefined;
    case "progress":
      return isId(id) && typeof value.text === "string"
        ? { type: "progress", id, text: value.text }
        : undefined;
    case "log":
      return (isId(id) || id === null) && typeof value.text === "string"
        ? { type: "log", id, text: value.text }
        : undefined;
    case "emit":
      return isId(id) && "event" in value ? { type: "emit", id, event: value.event } : undefined;
    case "result":
      return isId(id) ? { type: "result", id, value: value.value } : undefined;
    case "error":
      return (isId(id) || id === null) && typeof value.message === "string"
        ? { type: "error", id, message: value.message }
        : undefined;
    default:
      return undefined;
  }
}

/** Narrows an untrusted value to a {@linkcode HostMessage}, or `undefined` when it is not one. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isRecord(value)) return undefined;
  const id = value.id;
  switch (value.type) {
    case "hello":
      return typeof value.protocol === "number" && typeof value.name === "string" &&
          typeof value.entry === "string" && typeof value.projectDir === "string"
        ? {
          type: "hello",
          protocol: value.protocol,
          name: value.name,
          entry: value.entry,
          projectDir: value.projectDir,
        }
        : undefined;
    case "call":
      return isId(id) && isMethod(value.method) && isRecord(value.options)
        ? { type: "call", id, method: value.method, options: value.options }
        : undefined;
    case "cancel":
      return isId(id) ? { type: "cancel", id } : undefined;
    case "denied":
      return (isId(id) || id === null) && typeof value.of === "string" &&
          Object.hasOwn(NEEDS, value.of) &&
          typeof value.reason === "string"
        ? { type: "denied", id, of: value.of as PluginMessage["type"], reason: value.reason }
        : undefined;
    default:
      return undefined;
  }
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function isMethod(value: unknown): value is CallMethod {
  return value === "check" || value === "run" || value === "watch";
}
