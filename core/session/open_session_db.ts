/**
 * Opens `.flux/sessions.db`: file mode 0600, WAL, a 5 s busy timeout, a bounded journal, the schema migrated
 * to {@linkcode SCHEMA_VERSION}. A file that fails `PRAGMA quick_check` when opened alone is moved aside (with its
 * -wal and -shm) and a fresh database is started; nothing is deleted or overwritten. A file that passes it is
 * never moved.
 */
import { DatabaseSync } from "node:sqlite";
import { MIGRATIONS, SCHEMA_VERSION } from "./_migrations.ts";
import { ensureFluxGitignore } from "./ensure_flux_gitignore.ts";
import { isInFluxFolder, makeFluxFolderSync } from "../fs/make_flux_folder.ts";

/** Options for {@linkcode openSessionDb}. */
export interface OpenSessionDbOptions {
  /** Called with a one-line warning, e.g. when a corrupt file was moved aside. */
  onWarning?: (message: string) => void;
  /** Clock for the name of a moved-aside file. */
  now?: () => Date;
}

/** The store cannot be opened or written (permissions, read-only file system): a one-line user problem. */
export class StoreOpenError extends Error {
  override name = "StoreOpenError";
}

/** Milliseconds a writer waits for another process's transaction before giving up. */
export const BUSY_TIMEOUT_MS = 5000;
/** Bytes the WAL file is truncated to after a checkpoint. */
export const JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024;

/** Opens (creating if needed) the database at `file`, or an in-memory one for `":memory:"`. */
export function openSessionDb(file: string, options: OpenSessionDbOptions = {}): DatabaseSync {
  if (file === ":memory:") return prepare(new DatabaseSync(":memory:"), file);
  ensureFile(file);
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file);
    return prepare(db, file);
  } catch (error) {
    if (!isUnreadable(error)) {
      closeQuietly(db);
      throw cannotWrite(error) ? storeOpenError(file, error) : error;
    }
    // Only a file that fails SQLite's own check, opened alone, is damaged; anything else was a moment's
    // inconsistency (another process in the middle of something): open again.
    const problem = quickCheck(file);
    if (problem === null) {
      closeQuietly(db);
      return reopenSound(file, error);
    }
    setAside(file, damageReason(error, problem), db, options);
    ensureFile(file);
    return prepare(new DatabaseSync(file), file);
  }
}

/**
 * Runs `PRAGMA quick_check` on `file` through a connection of its own (read-only); returns `null` when the
 * database is sound, else the first problem SQLite names (or why it cannot be read at all).
 */
export function quickCheck(file: string): string | null {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const rows = db.prepare("PRAGMA quick_check(3)").all();
    const lines = rows.flatMap((r) => String(Object.values(r ?? {})[0] ?? "").split("\n"))
      .filter((l) => l.trim() !== "" && !l.startsWith("*** in database"));
    return lines.length === 1 && lines[0] === "ok" ? null : lines.slice(0, 2).join("; ");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // A lock held too long by another process says nothing about the file.
    return /locked|busy/i.test(reason) ? null : reason;
  } finally {
    closeQuietly(db);
  }
}

/** "database disk image is malformed: Page 72: btreeInitPage() returns error code 11". */
export function damageReason(error: unknown, problem: string): string {
  const said = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  return problem.includes(said) ? problem : `${said}: ${problem}`;
}

function reopenSound(file: string, first: unknown): DatabaseSync {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file);
    return prepare(db, file);
  } catch (error) {
    closeQuietly(db);
    const reason = (first instanceof Error ? first.message : String(first)).split("\n")[0];
    throw new Error(
      `Cannot read the session store "${file}" (${reason}) although "PRAGMA quick_check" finds it sound: ` +
        `try again, and run "flux doctor" if it persists`,
      { cause: error },
    );
  }
}

function closeQuietly(db: DatabaseSync | undefined): void {
  try {
    db?.close();
  } catch {
    // A damaged database may fail to close cleanly.
  }
}

/**
 * Moves the unreadable database at `file` (and its -wal/-shm) aside, then closes `db` if given, and says so
 * in one line; returns the new name. Nothing is deleted: `sqlite3 <new name> .recover` can read what is left.
 * Callers first make sure the file fails {@linkcode quickCheck} when opened alone.
 */
export function setAside(
  file: string,
  error: unknown,
  db: DatabaseSync | undefined,
  options: OpenSessionDbOptions = {},
): string {
  // Move first, close after: closing a connection can delete a -wal file it could not use.
  const aside = moveAside(file, (options.now ?? (() => new Date()))());
  try {
    db?.close();
  } catch {
    // A damaged database may fail to close cleanly; the file is aside already.
  }
  const reason = error instanceof Error ? error.message : String(error);
  (options.onWarning ?? console.error)(
    `flux: session store "${file}" is unreadable (${reason}); moved it to "${aside}" and started a fresh one`,
  );
  return aside;
}

/** SQLite's result codes for a damaged file: SQLITE_CORRUPT and SQLITE_NOTADB. */
const DAMAGED_CODES = new Set([11, 26]);

/** True when `error` says the file is not a usable SQLite database (at open or at any later query). */
export function isUnreadable(error: unknown): boolean {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  if (typeof code === "number" && DAMAGED_CODES.has(code & 0xff)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /file is not a database|database disk image is malformed|unsupported file format/i.test(
    message,
  );
}

function prepare(db: DatabaseSync, file: string): DatabaseSync {
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (file !== ":memory:") {
    enableWal(db, file);
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec(`PRAGMA journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  }
  db.exec("PRAGMA foreign_keys = ON");
  migrate(db, file);
  // Reading the schema proves the file is a database before anyone relies on it.
  db.prepare("SELECT count(*) AS n FROM sqlite_master").get();
  // And taking the write lock proves it can be written (a read-only file fails here, not at the first event).
  if (file !== ":memory:") {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec("DELETE FROM session_meta WHERE key = 'write-probe'");
    } finally {
      db.exec("ROLLBACK");
    }
  }
  return db;
}

/**
 * Switches to WAL. SQLite answers "database is locked" at once, without waiting on the busy timeout, when
 * another process opens the same new file at that moment; so this retries until the busy timeout.
 */
function enableWal(db: DatabaseSync, file: string): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      const row: unknown = db.prepare("PRAGMA journal_mode = WAL").get();
      if (Object.values(row ?? {})[0] === "wal") return;
    } catch (error) {
      if (!/locked|busy/i.test(error instanceof Error ? error.message : String(error))) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Cannot switch the session store "${file}" to WAL mode: another process holds it, try again`,
      );
    }
    sleepSync(5 + Math.random() * 20);
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function migrate(db: DatabaseSync, file: string): void {
  if (readVersion(db) === SCHEMA_VERSION) return;
  db.exec("BEGIN IMMEDIATE");
  try {
    const version = readVersion(db);
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `Session store "${file}" has schema version ${version}, newer than this Flux (${SCHEMA_VERSION}): upgrade Flux`,
      );
    }
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v] ?? "");
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec("COMMIT");
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

function readVersion(db: DatabaseSync): number {
  const row: unknown = db.prepare("PRAGMA user_version").get();
  const value = (row as Record<string, unknown> | undefined)?.user_version;
  return typeof value === "number" ? value : 0;
}

/**
 * Creates `file` (mode 0600) when it does not exist. An existing store is never opened here: on Linux, closing
 * any descriptor of a file drops every POSIX lock this process holds on it, SQLite's included, and another
 * connection of this process may have it open. Only SQLite opens the store; everything else uses the path
 * (stat, chmod, rename).
 */
function ensureFile(file: string): void {
  try {
    const dir = file.slice(0, file.lastIndexOf("/"));
    // Flux's folder of a project is made only in a project folder that exists (a deleted one stays so).
    if (isInFluxFolder(dir)) makeFluxFolderSync(dir);
    else if (dir) Deno.mkdirSync(dir, { recursive: true });
    if (!exists(file)) {
      try {
        // A new file: no connection of this process can hold it.
        Deno.openSync(file, { createNew: true, write: true, mode: 0o600 }).close();
        if (dir.endsWith("/.flux")) ensureFluxGitignore(dir);
      } catch (error) {
        if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      }
    } else if (dir.endsWith("/.flux")) {
      // An existing store: never create the file again (a person may have removed it), only bring one
      // an earlier Flux wrote up to date.
      ensureFluxGitignore(dir, { create: false });
    }
    if (Deno.build.os !== "windows" && (Deno.statSync(file).mode ?? 0) & 0o077) {
      try {
        Deno.chmodSync(file, 0o600);
      } catch {
        // Not ours to change (another owner, a read-only mount): SQLite says whether it can be used.
      }
    }
  } catch (error) {
    throw storeOpenError(file, error);
  }
}

/** SQLite or the OS refusing to write: read-only file, folder or file system, no permission. */
function cannotWrite(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return error instanceof Deno.errors.PermissionDenied ||
    /readonly|read-only|unable to open|permission denied|not a directory/i.test(text);
}

function storeOpenError(file: string, error: unknown): StoreOpenError {
  const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
  return new StoreOpenError(
    `Cannot open the session store "${file}" (${reason}): make it and its folder writable, or run flux --incognito`,
    { cause: error },
  );
}

/** Renames `file` and its -wal/-shm companions to `<file>.corrupt-<timestamp>`; returns the new name. */
function moveAside(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  let target = `${file}.corrupt-${stamp}`;
  for (let n = 2; exists(target); n++) target = `${file}.corrupt-${stamp}-${n}`;
  Deno.renameSync(file, target);
  for (const suffix of ["-wal", "-shm"]) {
    if (exists(file + suffix)) Deno.renameSync(file + suffix, target + suffix);
  }
  return target;
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
