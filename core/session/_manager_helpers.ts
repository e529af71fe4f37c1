/**
 * Small helpers of `SessionManager`: session ids, the project path, and which file a connection
 * has open.
 */
import type { DatabaseSync } from "node:sqlite";

/** A sortable, readable id: `20261125-081500-3f9a0c`. */
export function newSessionId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const random = crypto.getRandomValues(new Uint8Array(3));
  return `${stamp}-${[...random].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** `dir` made absolute against the working directory, without `.`/`..` segments or a trailing slash. */
export function absolutePath(dir: string): string {
  if (Deno.build.os === "windows") return dir;
  const parts: string[] = [];
  for (const part of (dir.startsWith("/") ? dir : `${Deno.cwd()}/${dir}`).split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "" && part !== ".") parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** Device and inode of `file`, or null (in memory, or gone). */
export function fileId(file: string): string | null {
  if (file === ":memory:") return null;
  try {
    const info = Deno.statSync(file);
    return `${info.dev}:${info.ino}`;
  } catch {
    return null;
  }
}

/** Closes `db`, ignoring the failure a damaged database may give. */
export function closeQuietly(db: DatabaseSync): void {
  try {
    db.close();
  } catch {
    // A damaged database may fail to close cleanly; it is not used again.
  }
}
