/**
 * What `flux status` says: who owns the project's monitors (asked over the socket, so the answer is live)
 * and each monitor's state, from the owner's snapshot or, with no owner, as last recorded in the store.
 */
import { connectOwner } from "./connect_owner.ts";
import type { ClientInfo, OwnerInfo } from "./owner_protocol.ts";
import { restoreStates } from "../_monitor_memory.ts";
import type { MonitorStatus } from "../monitor_event.ts";
import { SessionManager } from "../../session/session_manager.ts";
import { isFile } from "../../fs/is_file.ts";
import { ownerSocketPath } from "./owner_paths.ts";

/** One monitor's state. */
export interface MonitorStatusLine {
  name: string;
  state: MonitorStatus;
  summary: string;
  /** ISO time of the state (its change, or the owner's report of it). */
  since: string;
}

/** The answer of `flux status`. */
export interface ProjectStatus {
  project: string;
  socket: string;
  /** The live owner, or null when no process owns the monitors. */
  owner: OwnerInfo | null;
  clients: ClientInfo[];
  /** A socket file is left by an owner that ended without removing it (killed); the next owner replaces it. */
  staleSocket: boolean;
  /** The owner refused to answer (another protocol version): what to do. */
  refused?: string;
  /** "owner": the live states; "store": the last recorded ones (no owner); "none": nothing recorded. */
  statesFrom: "owner" | "store" | "none";
  monitors: MonitorStatusLine[];
}

/** Reads the status of `projectDir`'s monitors; never starts or records anything. */
export async function readProjectStatus(projectDir: string): Promise<ProjectStatus> {
  const socket = ownerSocketPath(projectDir);
  const connection = await connectOwner(projectDir, "status", "flux status");
  const base = { project: projectDir, socket, clients: [] as ClientInfo[], staleSocket: false };
  if (connection.kind === "attached") {
    connection.channel.close();
    const monitors: MonitorStatusLine[] = [];
    for (const update of connection.welcome.snapshot) {
      if (update.type !== "event" || update.event.to === undefined) continue;
      monitors.push({
        name: update.event.monitor,
        state: update.event.to,
        summary: update.event.summary ?? "",
        since: update.event.time,
      });
    }
    return {
      ...base,
      owner: connection.welcome.owner,
      clients: connection.welcome.clients,
      statesFrom: "owner",
      monitors: monitors.sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
  const recorded = storedStates(projectDir);
  return {
    ...base,
    owner: null,
    staleSocket: connection.kind === "none" && connection.stale,
    ...(connection.kind === "refused" ? { refused: connection.message } : {}),
    statesFrom: recorded.length > 0 ? "store" : "none",
    monitors: recorded,
  };
}

/** The last recorded state of each monitor; a project Flux never recorded gets no `.flux/` from this. */
function storedStates(projectDir: string): MonitorStatusLine[] {
  if (!isFile(`${projectDir}/.flux/sessions.db`)) return [];
  const sessions = new SessionManager(projectDir, { verify: "report" });
  try {
    return [...restoreStates(sessions)].map(([name, s]) => ({
      name,
      state: s.status,
      summary: s.summary,
      since: s.since,
    })).sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    sessions.close();
  }
}
