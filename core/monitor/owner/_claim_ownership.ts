/**
 * Becoming the owner of a project's monitors: an exclusive `flock` on the project's `.flux/` folder, taken
 * without waiting. The kernel drops it when the owner ends in any way (SIGKILL included), so the lock, not
 * the socket file, says who owns: whoever holds it may remove a socket left by a killed owner and listen in
 * its place, and two processes starting at once cannot both hold it. `flock` belongs to the open folder
 * (not to the process, unlike the POSIX locks SQLite uses), so no other descriptor can drop it, and it is
 * never taken on a `sessions.db*` file.
 */
import { ownerSocketPath, prepareSocketDir } from "./owner_paths.ts";
import { makeFluxFolder } from "../../fs/make_flux_folder.ts";

/** The ownership of one project's monitors, held until {@linkcode Claim.release}. */
export interface Claim {
  listener: Deno.Listener<Deno.UnixConn, Deno.UnixAddr>;
  socketPath: string;
  /** Stops listening, removes the socket, then drops the lock (in that order). */
  release(): void;
}

/** The ownership of `projectDir`'s monitors, or undefined when another process holds it. */
export async function tryClaim(projectDir: string): Promise<Claim | undefined> {
  await makeFluxFolder(`${projectDir}/.flux`);
  const folder = await Deno.open(`${projectDir}/.flux`, { read: true });
  let locked = false;
  try {
    locked = await folder.tryLock(true);
  } finally {
    if (!locked) folder.close();
  }
  if (!locked) return undefined;
  const socketPath = ownerSocketPath(projectDir);
  try {
    await prepareSocketDir(socketPath, projectDir);
    await removeStaleSocket(socketPath);
    const listener = Deno.listen({ transport: "unix", path: socketPath });
    // The folder's umask already keeps others from connecting (no write bit); 0600 keeps the group out too.
    await Deno.chmod(socketPath, 0o600);
    let released = false;
    return {
      listener,
      socketPath,
      release() {
        if (released) return;
        released = true;
        try {
          listener.close();
        } catch {
          // closed already
        }
        try {
          Deno.removeSync(socketPath);
        } catch {
          // removed already
        }
        folder.close();
      },
    };
  } catch (error) {
    folder.close();
    throw error;
  }
}

/** Removes what a dead owner left at `path` (we hold the lock, so nobody listens there); never another file. */
async function removeStaleSocket(path: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (!info.isSocket) {
    throw new Error(
      `Cannot listen on "${path}": a file that is not a socket is in the way; move it and start Flux again`,
    );
  }
  await Deno.remove(path);
}
