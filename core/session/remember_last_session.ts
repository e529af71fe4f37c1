/**
 * Incognito runs remember without recording: the last session of the project's store is copied into the
 * in-memory store, so the resume banner, the AI context and input history are there, while nothing on disk
 * changes. With no WAL file the database is opened `immutable` (SQLite then creates no -wal or -shm file);
 * with one (another Flux is running, or one was killed) it is opened read-only so that the WAL's committed
 * events are seen.
 */
import { DatabaseSync } from "node:sqlite";
import { SessionStore } from "./session_store.ts";
import type { Session } from "./session_types.ts";
import { isFile } from "../fs/is_file.ts";

/**
 * Copies the most recently active session of the database at `file`, with up to `eventLimit` of its latest
 * events, into `into`; returns it, or `null` when the file does not exist or holds no session. Throws when
 * the file cannot be read.
 */
export function rememberLastSession(
  file: string,
  into: SessionStore,
  eventLimit: number,
): Session | null {
  if (!isFile(file)) return null;
  const db = new DatabaseSync(hasWal(file) ? file : immutableUrl(file), { readOnly: true });
  let session: Session | null;
  let events;
  try {
    const disk = new SessionStore(db);
    session = disk.latestSession();
    if (session === null) return null;
    events = disk.recentEvents(session.id, eventLimit);
  } finally {
    db.close();
  }
  const last = session;
  into.write(() => {
    into.insertSession(last);
    for (const e of events) {
      into.insertEvent(last.id, {
        type: e.type,
        json: JSON.stringify(e.data),
        timestamp: e.timestamp.getTime(),
      });
    }
  });
  return last;
}

function immutableUrl(file: string): URL {
  const url = new URL("file:///");
  url.pathname = file;
  url.searchParams.set("immutable", "1");
  return url;
}

function hasWal(file: string): boolean {
  try {
    return Deno.statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}
