/**
 * The owner's side of the socket: answers `hello` (a `welcome` with a snapshot, or `refused` for another
 * protocol version), keeps the attached clients, and sends each monitor update to all of them in order.
 */
import { LineChannel } from "./_line_channel.ts";
import {
  type CheckAnswer,
  type ClientInfo,
  mismatchMessage,
  OWNER_PROTOCOL,
  type OwnerInfo,
  type OwnerMessage,
  parseCheckRequest,
  parseClientMessage,
  slimAnswer,
} from "./owner_protocol.ts";
import type { MonitorUpdate } from "./monitor_update.ts";
import { slimUpdate } from "./slim_update.ts";

/** Milliseconds a new connection has to say `hello`. */
const HELLO_MS = 10_000;

/** Serves attached clients on the claimed socket. */
export class OwnerServer {
  readonly info: OwnerInfo;
  #listener: Deno.Listener<Deno.UnixConn, Deno.UnixAddr>;
  #snapshot: () => MonitorUpdate[];
  #clients = new Map<LineChannel, ClientInfo>();
  #open = new Set<LineChannel>();
  #closing = false;
  #check: (monitor: string) => Promise<CheckAnswer>;

  /** `check` runs a monitor's check now for a client that asked (`/test` in an attached TUI). */
  constructor(
    listener: Deno.Listener<Deno.UnixConn, Deno.UnixAddr>,
    info: OwnerInfo,
    snapshot: () => MonitorUpdate[],
    check: (monitor: string) => Promise<CheckAnswer> = () =>
      Promise.resolve({ ok: false, error: "this owner runs no checks on request" }),
  ) {
    this.#listener = listener;
    this.info = info;
    this.#snapshot = snapshot;
    this.#check = check;
    void this.#accept();
  }

  /** The processes attached now. */
  clients(): ClientInfo[] {
    return [...this.#clients.values()];
  }

  /** Sends `update` to every attached client. */
  broadcast(update: MonitorUpdate): void {
    if (this.#clients.size === 0) return;
    const line = JSON.stringify(
      { type: "update", update: slimUpdate(update) } satisfies OwnerMessage,
    );
    for (const channel of this.#clients.keys()) channel.sendLine(line);
  }

  /** Stops accepting, tells each client `bye` (so one of them takes over) and closes every connection. */
  async close(reason: string): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    try {
      this.#listener.close();
    } catch {
      // closed already
    }
    const bye = JSON.stringify({ type: "bye", reason } satisfies OwnerMessage);
    for (const channel of this.#clients.keys()) channel.sendLine(bye);
    await Promise.all([...this.#open].map((channel) => channel.flush()));
    for (const channel of this.#open) channel.close();
  }

  async #accept(): Promise<void> {
    try {
      for await (const conn of this.#listener) void this.#serve(conn);
    } catch {
      // The listener was closed.
    }
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    const channel = new LineChannel(conn);
    if (this.#closing) return channel.close();
    this.#open.add(channel);
    try {
      const lines = channel.lines();
      const line = await channel.firstLine(lines, HELLO_MS);
      const hello = line === undefined ? undefined : parseClientMessage(line);
      if (!hello) return;
      if (hello.protocol !== OWNER_PROTOCOL) {
        const message = mismatchMessage(
          { pid: Deno.pid, protocol: OWNER_PROTOCOL },
          hello.protocol,
        );
        channel.send({ type: "refused", protocol: OWNER_PROTOCOL, message } satisfies OwnerMessage);
        await channel.flush();
        return;
      }
      const welcome: OwnerMessage = {
        type: "welcome",
        protocol: OWNER_PROTOCOL,
        owner: this.info,
        clients: this.clients(),
        snapshot: this.#snapshot().map(slimUpdate),
      };
      channel.send(welcome);
      if (hello.role === "status") {
        await channel.flush();
        return;
      }
      this.#clients.set(channel, {
        pid: hello.pid,
        command: hello.command,
        since: new Date().toISOString(),
      });
      // After the hello a client only asks for checks; reading also tells when it goes away.
      for await (const next of lines) {
        const request = parseCheckRequest(next);
        if (request) void this.#answer(channel, request.id, request.monitor);
      }
    } finally {
      this.#clients.delete(channel);
      this.#open.delete(channel);
      channel.close();
    }
  }

  async #answer(channel: LineChannel, id: number, monitor: string): Promise<void> {
    let answer: CheckAnswer;
    try {
      answer = await this.#check(monitor);
    } catch (error) {
      answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (this.#open.has(channel)) {
      channel.send({ type: "checked", id, answer: slimAnswer(answer) } satisfies OwnerMessage);
    }
  }
}
