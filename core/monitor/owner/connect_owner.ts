/** Connecting to the owner of a project's monitors and saying `hello`. */
import { LineChannel } from "./_line_channel.ts";
import {
  mismatchMessage,
  OWNER_PROTOCOL,
  type OwnerMessage,
  parseOwnerMessage,
} from "./owner_protocol.ts";
import { ownerSocketPath } from "./owner_paths.ts";
import { VERSION } from "../../version.ts";

/** Milliseconds the owner has to answer `hello`. */
const WELCOME_MS = 10_000;

/** What connecting gave. */
export type Connection =
  /** Attached: the welcome, then `messages` (updates, bye) until the owner goes away. */
  | {
    kind: "attached";
    welcome: Extract<OwnerMessage, { type: "welcome" }>;
    channel: LineChannel;
    messages: AsyncGenerator<OwnerMessage>;
  }
  /** The owner speaks another protocol version: `message` says what to do. */
  | { kind: "refused"; message: string }
  /** Nobody answers: no socket, a stale one (its owner was killed), or an owner that did not say welcome. */
  | { kind: "none"; stale: boolean };

/** Connects to the owner of `projectDir`'s monitors as `role`. */
export async function connectOwner(
  projectDir: string,
  role: "client" | "status",
  command: string,
): Promise<Connection> {
  const path = ownerSocketPath(projectDir);
  let conn: Deno.UnixConn;
  try {
    conn = await Deno.connect({ transport: "unix", path });
  } catch (error) {
    return { kind: "none", stale: !(error instanceof Deno.errors.NotFound) };
  }
  const channel = new LineChannel(conn);
  channel.send({
    type: "hello",
    protocol: OWNER_PROTOCOL,
    role,
    pid: Deno.pid,
    command,
    version: VERSION,
  });
  const lines = channel.lines();
  const line = await channel.firstLine(lines, WELCOME_MS);
  const first = line === undefined ? undefined : parseOwnerMessage(line);
  if (first?.type === "refused") {
    channel.close();
    return { kind: "refused", message: first.message };
  }
  if (first?.type !== "welcome") {
    channel.close();
    return { kind: "none", stale: false };
  }
  if (first.protocol !== OWNER_PROTOCOL) {
    channel.close();
    return {
      kind: "refused",
      message: mismatchMessage({ pid: first.owner.pid, protocol: first.protocol }, OWNER_PROTOCOL),
    };
  }
  return { kind: "attached", welcome: first, channel, messages: messagesOf(lines) };
}

async function* messagesOf(lines: AsyncGenerator<string>): AsyncGenerator<OwnerMessage> {
  for await (const line of lines) {
    const message = parseOwnerMessage(line);
    if (message) yield message;
  }
}
