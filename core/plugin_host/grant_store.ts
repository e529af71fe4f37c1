/**
 * Trust grants in the project's `.flux/sessions.db` (table `plugin_grants`). All DB access of the plugin
 * host lives here, so it can later move onto the session store's connection. This file never touches
 * `PRAGMA user_version`: the session store owns the schema version of the file.
 */
import { DatabaseSync } from "node:sqlite";
import { makeFluxFolderSync } from "../fs/make_flux_folder.ts";

/** One stored grant. */
export interface PluginGrant {
  name: string;
  dir: string;
  hash: string;
  permissions: string;
  grantedAt: string;
}

/** Grants of one project; opens the database per operation and closes it again. */
export class GrantStore {
  #file: string;

  constructor(readonly projectDir: string) {
    this.#file = `${projectDir}/.flux/sessions.db`;
  }

  /** Every grant; none when the database does not exist yet (reading never creates it). */
  list(): PluginGrant[] {
    try {
      Deno.statSync(this.#file);
    } catch {
      return [];
    }
    return this.#with((db) =>
      db.prepare("SELECT * FROM plugin_grants ORDER BY name").all().flatMap(toGrant)
    );
  }

  /** The grant for `name`, if any. */
  get(name: string): PluginGrant | undefined {
    return this.list().find((g) => g.name === name);
  }

  /** Stores (or replaces) the grant for `name`. */
  put(grant: Omit<PluginGrant, "grantedAt">): void {
    makeFluxFolderSync(`${this.projectDir}/.flux`);
    this.#with((db) =>
      db.prepare(
        `INSERT INTO plugin_grants (name, dir, hash, permissions, granted_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET dir = excluded.dir, hash = excluded.hash,
           permissions = excluded.permissions, granted_at = excluded.granted_at`,
      ).run(grant.name, grant.dir, grant.hash, grant.permissions, new Date().toISOString())
    );
  }

  /** Removes the grant for `name`; true when there was one. */
  revoke(name: string): boolean {
    if (this.get(name) === undefined) return false;
    this.#with((db) => db.prepare("DELETE FROM plugin_grants WHERE name = ?").run(name));
    return true;
  }

  #with<T>(work: (db: DatabaseSync) => T): T {
    let db: DatabaseSync | undefined;
    try {
      db = new DatabaseSync(this.#file);
      db.exec("PRAGMA busy_timeout = 5000");
      db.exec("PRAGMA journal_mode = WAL");
      db.exec(
        `CREATE TABLE IF NOT EXISTS plugin_grants (
           name TEXT PRIMARY KEY, dir TEXT NOT NULL, hash TEXT NOT NULL,
           permissions TEXT NOT NULL, granted_at TEXT NOT NULL)`,
      );
      return work(db);
    } catch (error) {
      const detail = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      throw new Error(
        `Cannot use .flux/sessions.db for plugin grants (${detail}): run "flux doctor" to check it`,
      );
    } finally {
      db?.close();
    }
  }
}

function toGrant(row: unknown): PluginGrant[] {
  if (typeof row !== "object" || row === null) return [];
  const r = row as Record<string, unknown>;
  const text = (key: string) => typeof r[key] === "string" ? r[key] as string : undefined;
  const name = text("name"), dir = text("dir"), hash = text("hash");
  const permissions = text("permissions"), grantedAt = text("granted_at");
  if (!name || !dir || !hash || permissions === undefined || !grantedAt) return [];
  return [{ name, dir, hash, permissions, grantedAt }];
}
