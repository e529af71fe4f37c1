/**
 * Where the owner of a project's monitors listens: `.flux/owner.sock`. A Unix socket's path is limited to
 * 107 bytes; a project deeper than that gets its socket in a private folder of the user
 * (`$XDG_RUNTIME_DIR/flux-<uid>/` or `/tmp/flux-<uid>/`, mode 0700) under a hash of the project's path.
 */
import { makeFluxFolder } from "../../fs/make_flux_folder.ts";

/** The longest path `bind()` accepts (sun_path holds 108 bytes with the terminating NUL). */
const MAX_SOCKET_PATH = 107;

/** The socket's path for `projectDir` (absolute, the project's root). */
export function ownerSocketPath(projectDir: string): string {
  const inProject = `${projectDir}/.flux/owner.sock`;
  if (new TextEncoder().encode(inProject).length <= MAX_SOCKET_PATH) return inProject;
  const base = Deno.env.get("XDG_RUNTIME_DIR") || "/tmp";
  return `${base}/flux-${Deno.uid() ?? "user"}/${fnv1a(projectDir)}.sock`;
}

/** Creates the folder of the socket when it is the private one, and checks that it is ours and private. */
export async function prepareSocketDir(socketPath: string, projectDir: string): Promise<void> {
  if (socketPath.startsWith(`${projectDir}/.flux/`)) {
    await makeFluxFolder(`${projectDir}/.flux`);
    return;
  }
  const dir = socketPath.slice(0, socketPath.lastIndexOf("/"));
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await Deno.lstat(dir);
  if (!info.isDirectory || info.uid !== Deno.uid() || ((info.mode ?? 0) & 0o077) !== 0) {
    throw new Error(
      `Cannot use "${dir}" for the monitors' socket: it must be a folder of yours with mode 0700; remove it and start Flux again`,
    );
  }
}

/** 64-bit FNV-1a of `text` as 16 hex digits (a name, not a secret). */
function fnv1a(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}
