/**
 * The message protocol between the core and a plugin's host-owned bootstrap (a Web Worker for built-ins,
 * a sandbox subprocess speaking newline-delimited JSON over stdio for the rest). Plugins never speak it.
 *
 * Life of a plugin: the host sends `hello` with the protocol version and the entry to import; the bootstrap
 * imports the entry and answers `hello` (or `error` with `id: null`). Then the host sends `call`s, each with
 * an id; the plugin answers with `progress`, `log`, `emit` (watch calls only) and finally `result` or `error`.
 * `cancel` aborts a call's `ctx.signal`. A message that needs a capability the plugin does not hold is
 * answered with `denied`.
 *
 * Programs: a plugin never starts one itself (its worker has no `run` permission). It sends `spawn` with a
 * run id of its own choosing; the core checks the program against the manifest's `run` list, starts it in
 * its own process group inside the OS sandbox derived from the plugin's grants, streams `output` (when
 * asked) and answers `exit` once, or `denied` with the run id. `kill` stops a run's whole group.
 *
 * Liveness: the core sends `ping` every second; the bootstrap answers `pong` from the plugin's own thread,
 * so a plugin stuck in a synchronous loop stops answering and is stopped as hung.
 */

/** Bumped on any incompatible change to the messages below. */
export const PROTOCOL_VERSION = 2;

/** The entry points a call can invoke. */
export type CallMethod = "check" | "run" | "watch";

/** How a plugin asks for a program: what `runProcess` and `ctx.run` take, minus what cannot cross. */
export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
  graceMs?: number;
  nice?: number;
  maxOutputBytes?: number;
  /** Send `output` messages as the program writes (only when the plugin listens). */
  stream?: boolean;
  /**
   * Built-ins whose programs run unsandboxed by default (the `command` step) may ask for a sandbox: the
   * workflow's `sandbox:` (absolute folders inside the project it may write, and whether it may connect).
   */
  sandbox?: { write: string[]; network: boolean };
}

/** What a finished program reports back (the shape of `runProcess`'s result). */
export interface SpawnResult {
  code: number;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  aborted: boolean;
  notFound: boolean;
}

/** Messages from the core to a plugin. */
export type HostMessage =
  | { type: "hello"; protocol: number; name: string; entry: string; projectDir: string }
  | { type: "call"; id: number; method: CallMethod; options: Record<string, unknown> }
  | { type: "cancel"; id: number }
  | {
    type: "denied";
    id: number | null;
    of: PluginMessage["type"];
    reason: string;
    /** The run a refused `spawn` asked for. */
    run?: number;
  }
  | { type: "output"; run: number; stream: "stdout" | "stderr"; chunk: string }
  | { type: "exit"; run: number; result: SpawnResult }
  | { type: "ping"; seq: number };

/** Messages from a plugin to the core. */
export type PluginMessage =
  | { type: "hello"; protocol: number; exports: string[] }
  | { type: "progress"; id: number; text: string }
  | { type: "log"; id: number | null; text: string }
  | { type: "emit"; id: number; event: unknown }
  | { type: "result"; id: number; value: unknown }
  | { type: "error"; id: number | null; message: string }
  | { type: "spawn"; run: number; cmd: string; args: string[]; options: SpawnOptions }
  | { type: "kill"; run: number }
  | { type: "pong"; seq: number };

/** What a plugin must hold for the core to accept a message. */
export type Capability = "events" | "run";

/** The capability each plugin message needs (`null`: any plugin may send it). */
export const NEEDS = {
  hello: null,
  progress: null,
  log: null,
  emit: "events",
  result: null,
  error: null,
  spawn: "run",
  kill: "run",
  pong: null,
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
    case "spawn":
      return isId(value.run) && typeof value.cmd === "string" && isStringArray(value.args)
        ? {
          type: "spawn",
          run: value.run,
          cmd: value.cmd,
          args: value.args,
          options: parseSpawnOptions(value.options),
        }
        : undefined;
    case "kill":
      return isId(value.run) ? { type: "kill", run: value.run } : undefined;
    case "pong":
      return isId(value.seq) ? { type: "pong", seq: value.seq } : undefined;
    default:
      return undefined;
  }
}

/** Keeps the spawn options that have the right type; the rest is dropped. */
function parseSpawnOptions(value: unknown): SpawnOptions {
  if (!isRecord(value)) return {};
  const options: SpawnOptions = {};
  if (typeof value.cwd === "string") options.cwd = value.cwd;
  if (isRecord(value.env)) {
    options.env = Object.fromEntries(
      Object.entries(value.env).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
  }
  if (typeof value.stdin === "string") options.stdin = value.stdin;
  for (const key of ["timeoutMs", "graceMs", "nice", "maxOutputBytes"] as const) {
    const n = value[key];
    if (typeof n === "number" && Number.isFinite(n) && n >= 0) options[key] = n;
  }
  if (value.stream === true) options.stream = true;
  const box = value.sandbox;
  if (isRecord(box) && isStringArray(box.write) && typeof box.network === "boolean") {
    options.sandbox = { write: box.write, network: box.network };
  }
  return options;
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
        ? {
          type: "denied",
          id,
          of: value.of as PluginMessage["type"],
          reason: value.reason,
          ...(isId(value.run) ? { run: value.run } : {}),
        }
        : undefined;
    case "output":
      return isId(value.run) && (value.stream === "stdout" || value.stream === "stderr") &&
          typeof value.chunk === "string"
        ? { type: "output", run: value.run, stream: value.stream, chunk: value.chunk }
        : undefined;
    case "exit":
      return isId(value.run) && isSpawnResult(value.result)
        ? { type: "exit", run: value.run, result: value.result }
        : undefined;
    case "ping":
      return isId(value.seq) ? { type: "ping", seq: value.seq } : undefined;
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

function isSpawnResult(value: unknown): value is SpawnResult {
  return isRecord(value) && typeof value.code === "number" &&
    (value.signal === null || typeof value.signal === "string") &&
    typeof value.stdout === "string" && typeof value.stderr === "string" &&
    typeof value.durationMs === "number" && typeof value.timedOut === "boolean" &&
    typeof value.aborted === "boolean" && typeof value.notFound === "boolean";
}

function isMethod(value: unknown): value is CallMethod {
  return value === "check" || value === "run" || value === "watch";
}
