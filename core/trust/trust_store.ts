/**
 * Workspace trust grants, kept with the user (never in the project, which could otherwise trust
 * itself): `$XDG_CONFIG_HOME/flux/trusted.json` (default `~/.config/flux/`). Written whole through a
 * temp file and a rename, so a reader never sees half a file.
 */
import { isRecord } from "../plugin_host/protocol.ts";

/** One trusted project, pinned to the fingerprint it had when trusted. */
export interface WorkspaceGrant {
  hash: string;
  parts: Record<string, string>;
  grantedAt: string;
}

/** The user's Flux config folder. */
export function userConfigDir(env: (key: string) => string | undefined = Deno.env.get): string {
  const xdg = env("XDG_CONFIG_HOME");
  if (xdg) return `${xdg}/flux`;
  return `${env("HOME") ?? "/"}/.config/flux`;
}

/** Grants by project folder. */
export class TrustStore {
  readonly file: string;

  constructor(dir = userConfigDir()) {
    this.file = `${dir}/trusted.json`;
  }

  /** The grant of `projectDir`, if any. An unreadable file counts as no grants. */
  get(projectDir: string): WorkspaceGrant | undefined {
    return this.#read()[projectDir];
  }

  /** Stores the grant of `projectDir`. */
  put(projectDir: string, grant: WorkspaceGrant): void {
    const all = this.#read();
    all[projectDir] = grant;
    this.#write(all);
  }

  /** Removes the grant of `projectDir`; true when there was one. */
  revoke(projectDir: string): boolean {
    const all = this.#read();
    if (!(projectDir in all)) return false;
    delete all[projectDir];
    this.#write(all);
    return true;
  }

  #read(): Record<string, WorkspaceGrant> {
    let raw: unknown;
    try {
      raw = JSON.parse(Deno.readTextFileSync(this.file));
    } catch {
      return {};
    }
    const projects = isRecord(raw) && isRecord(raw.projects) ? raw.projects : {};
    const out: Record<string, WorkspaceGrant> = {};
    for (const [dir, value] of Object.entries(projects)) {
      if (
        isRecord(value) && typeof value.hash === "string" && isRecord(value.parts) &&
        typeof value.grantedAt === "string"
      ) {
        const parts = Object.fromEntries(
          Object.entries(value.parts).filter((e): e is [string, string] =>
            typeof e[1] === "string"
          ),
        );
        out[dir] = { hash: value.hash, parts, grantedAt: value.grantedAt };
      }
    }
    return out;
  }

  #write(projects: Record<string, WorkspaceGrant>): void {
    const dir = this.file.slice(0, this.file.lastIndexOf("/"));
    Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${Deno.pid}.tmp`;
    Deno.writeTextFileSync(temp, JSON.stringify({ version: 1, projects }, null, 2) + "\n", {
      mode: 0o600,
    });
    Deno.renameSync(temp, this.file);
  }
}
