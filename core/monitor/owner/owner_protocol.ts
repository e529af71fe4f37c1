/**
 * The protocol between the process that owns a project's monitors and the Flux processes attached to it,
 * spoken as newline-delimited JSON over a Unix socket under `.flux/` (see `owner_paths.ts`).
 *
 * A client connects and sends `hello` with the protocol version, its role (`client`: stream the monitors;
 * `status`: one answer for `flux status`), its pid and command. The owner answers `welcome` (who owns, since
 * when, who else is attached, and a snapshot: each monitor's current state and last check) or `refused`
 * (another protocol version: the sentence says what to do) and closes. After `welcome` a client receives one
 * `update` per monitor update, in order, and `bye` when the owner stops normally; a closed connection without
 * `bye` means the owner died. Clients send nothing after `hello`.
 */
import type { MonitorUpdate } from "./monitor_update.ts";
import type { MonitorEvent, MonitorEventKind } from "../monitor_event.ts";
import type { MonitorItem } from "../../plugin_host/types.ts";

/** Bumped on any incompatible change to the messages below. */
export const OWNER_PROTOCOL = 1;

/** Who owns a project's monitors. */
export interface OwnerInfo {
  pid: number;
  /** What the owner is, as a person would say it: "flux watch", "flux (TUI)". */
  command: string;
  /** ISO time it became the owner. */
  since: string;
  /** The Flux version of the owner. */
  version: string;
}

/** A process attached to the owner. */
export interface ClientInfo {
  pid: number;
  command: string;
  /** ISO time it attached. */
  since: string;
}

/** Client to owner: `hello` first, then `check` requests (`/test` typed in an attached TUI). */
export type ClientMessage =
  | {
    type: "hello";
    protocol: number;
    role: "client" | "status";
    pid: number;
    command: string;
    version: string;
  }
  | CheckRequest;

/** A client asks the owner to run monitor `monitor`'s check now; answered by a `checked` with its `id`. */
export interface CheckRequest {
  type: "check";
  id: number;
  monitor: string;
}

/** What a check asked for by a client left: the monitor's state, or why it could not run. */
export type CheckAnswer =
  | { ok: true; status: string; summary: string; items: MonitorItem[] }
  | { ok: false; error: string };

/** Owner to client. */
export type OwnerMessage =
  | {
    type: "welcome";
    protocol: number;
    owner: OwnerInfo;
    clients: ClientInfo[];
    /** Each monitor's current state (as `kind: "state"` events) and its last check. */
    snapshot: MonitorUpdate[];
  }
  | { type: "refused"; protocol: number; message: string }
  | { type: "update"; update: MonitorUpdate }
  | { type: "checked"; id: number; answer: CheckAnswer }
  | { type: "bye"; reason: string };

/** The `check` request in `line` after the hello, or undefined (anything else is ignored). */
export function parseCheckRequest(line: string): CheckRequest | undefined {
  const m = parseObject(line);
  if (m?.type !== "check" || typeof m.id !== "number" || typeof m.monitor !== "string") {
    return undefined;
  }
  return { type: "check", id: m.id, monitor: m.monitor };
}

/** The state a check left (undefined: it was stopped first) as the answer a client gets. */
export function checkAnswerOf(
  name: string,
  state: { status: string; summary: string; items: MonitorItem[] } | undefined,
): CheckAnswer {
  return state
    ? { ok: true, status: state.status, summary: state.summary, items: state.items }
    : { ok: false, error: `the ${name} check was stopped before it finished` };
}

/** At most this many items of a check's answer cross the socket (the feed shows a few). */
const MAX_ANSWER_ITEMS = 50;

/** `answer` with its items cut to what a client shows. */
export function slimAnswer(answer: CheckAnswer): CheckAnswer {
  return answer.ok ? { ...answer, items: answer.items.slice(0, MAX_ANSWER_ITEMS) } : answer;
}

function narrowAnswer(value: unknown): CheckAnswer | undefined {
  const a = record(value);
  if (!a) return undefined;
  if (a.ok === false) return { ok: false, error: text(a.error, "the check failed") };
  if (a.ok !== true || typeof a.status !== "string" || typeof a.summary !== "string") {
    return undefined;
  }
  const items = Array.isArray(a.items) ? a.items.flatMap(narrowItem) : [];
  return { ok: true, status: a.status, summary: a.summary, items };
}

function narrowItem(value: unknown): MonitorItem[] {
  const i = record(value);
  if (!i || typeof i.message !== "string") return [];
  return [{
    message: i.message,
    ...(typeof i.name === "string" ? { name: i.name } : {}),
    ...(typeof i.file === "string" ? { file: i.file } : {}),
    ...(typeof i.line === "number" ? { line: i.line } : {}),
    ...(typeof i.column === "number" ? { column: i.column } : {}),
  } as MonitorItem];
}

/** The client message in `line`, or undefined when it is not one (untrusted input). */
export function parseClientMessage(
  line: string,
): Extract<ClientMessage, { type: "hello" }> | undefined {
  const m = parseObject(line);
  if (!m || m.type !== "hello") return undefined;
  if (typeof m.protocol !== "number" || (m.role !== "client" && m.role !== "status")) {
    return undefined;
  }
  return {
    type: "hello",
    protocol: m.protocol,
    role: m.role,
    pid: typeof m.pid === "number" ? m.pid : 0,
    command: text(m.command, "flux"),
    version: text(m.version, "unknown"),
  };
}

/** The owner message in `line`, or undefined when it is not one (untrusted input). */
export function parseOwnerMessage(line: string): OwnerMessage | undefined {
  const m = parseObject(line);
  switch (m?.type) {
    case "welcome": {
      const owner = record(m.owner);
      if (typeof m.protocol !== "number" || !owner || typeof owner.pid !== "number") {
        return undefined;
      }
      return {
        type: "welcome",
        protocol: m.protocol,
        owner: {
          pid: owner.pid,
          command: text(owner.command, "flux"),
          since: text(owner.since, ""),
          version: text(owner.version, "unknown"),
        },
        clients: (Array.isArray(m.clients) ? m.clients : []).map(record).filter((c) => !!c)
          .map((c) => ({
            pid: typeof c.pid === "number" ? c.pid : 0,
            command: text(c.command, "flux"),
            since: text(c.since, ""),
          })),
        snapshot: (Array.isArray(m.snapshot) ? m.snapshot : []).map(narrowUpdate)
          .filter((u): u is MonitorUpdate => !!u),
      };
    }
    case "refused":
      return {
        type: "refused",
        protocol: typeof m.protocol === "number" ? m.protocol : 0,
        message: text(m.message, "The owner of this project's monitors refused the connection"),
      };
    case "update": {
      const update = narrowUpdate(m.update);
      return update ? { type: "update", update } : undefined;
    }
    case "checked": {
      const answer = narrowAnswer(m.answer);
      return typeof m.id === "number" && answer ? { type: "checked", id: m.id, answer } : undefined;
    }
    case "bye":
      return { type: "bye", reason: text(m.reason, "") };
    default:
      return undefined;
  }
}

const KINDS: ReadonlySet<MonitorEventKind> = new Set([
  "state",
  "state_change",
  "file_change",
  "notification",
  "error",
  "stage",
]);
const LEVELS = new Set(["error", "warning", "success", "info"]);

/** `value` as a monitor update when its shape is one; the fields the TUI and `flux watch` read are checked. */
export function narrowUpdate(value: unknown): MonitorUpdate | undefined {
  const u = record(value);
  if (!u) return undefined;
  const monitor = typeof u.monitor === "string" ? u.monitor : undefined;
  const time = typeof u.time === "number" && Number.isFinite(u.time) ? u.time : undefined;
  const durationMs = typeof u.durationMs === "number" ? u.durationMs : 0;
  const stage = typeof u.stage === "string" ? { stage: u.stage } : {};
  switch (u.type) {
    case "event": {
      const e = record(u.event);
      if (!e || typeof e.time !== "string" || typeof e.monitor !== "string") return undefined;
      if (typeof e.kind !== "string" || !KINDS.has(e.kind as MonitorEventKind)) return undefined;
      return { type: "event", event: e as unknown as MonitorEvent };
    }
    case "notification": {
      const n = record(u.notification);
      if (!n || typeof n.title !== "string" || typeof n.text !== "string") return undefined;
      if (typeof n.monitor !== "string" || !LEVELS.has(String(n.level))) return undefined;
      if (!Array.isArray(n.lines) || !n.lines.every((l) => typeof l === "string")) return undefined;
      return {
        type: "notification",
        notification: n as unknown as Extract<MonitorUpdate, { type: "notification" }>[
          "notification"
        ],
      };
    }
    case "run_started":
      return monitor && time !== undefined
        ? { type: "run_started", monitor, time, ...stage }
        : undefined;
    case "run_finished": {
      const r = record(u.result);
      if (!monitor || time === undefined || !r || typeof r.summary !== "string") return undefined;
      if (r.status !== "ok" && r.status !== "fail" && r.status !== "unknown") return undefined;
      const result = {
        status: r.status,
        summary: r.summary,
        ...(Array.isArray(r.items) ? { items: r.items } : {}),
        ...(r.data !== undefined ? { data: r.data } : {}),
      } as Extract<MonitorUpdate, { type: "run_finished" }>["result"];
      return { type: "run_finished", monitor, time, durationMs, result, ...stage };
    }
    case "run_failed":
      return monitor && time !== undefined
        ? { type: "run_failed", monitor, time, durationMs, message: text(u.message, ""), ...stage }
        : undefined;
    default:
      return undefined;
  }
}

/** The sentence a client shows when the owner speaks another protocol version. */
export function mismatchMessage(owner: { pid?: number; protocol: number }, ours: number): string {
  const who = owner.pid ? `Flux process ${owner.pid}` : "another Flux process";
  return `The monitors of this project are run by ${who}, which speaks owner protocol ${owner.protocol}; ` +
    `this Flux speaks ${ours}: stop that process (see flux status) or run the same Flux version in both`;
}

function parseObject(line: string): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(line));
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as Record<string, unknown>
    : undefined;
}

function text(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}
