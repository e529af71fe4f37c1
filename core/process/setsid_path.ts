/** Finds `setsid` once per process, for starting programs without forking Flux (see ARCHITECTURE.md). */

/**
 * Where `setsid` is, when programs start through it (Linux). Each program must lead a session of its own,
 * so that a stop reaches everything it started. Deno gives a `detached` child one by forking the whole
 * Flux process (its memory mappings are copied, then torn down again by `exec`: 2 to 7 ms per program
 * in a Flux process, growing with its heap); an attached child is started with `posix_spawn` (vfork),
 * which costs the same whatever Flux's size, and `setsid` makes it a session leader before it execs the
 * program. Elsewhere, or without `setsid`, programs start `detached` as before.
 */
export function setsidPath(): string | undefined {
  if (launcher !== null) return launcher.path;
  launcher = { path: undefined };
  if (Deno.build.os !== "linux" || Deno.env.get("FLUX_SPAWN") === "detached") {
    return undefined;
  }
  for (const dir of (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":")) {
    if (!dir.startsWith("/")) continue;
    try {
      const info = Deno.statSync(`${dir}/setsid`);
      if (info.isFile && info.mode !== null && (info.mode & 0o111) !== 0) {
        launcher.path = `${dir}/setsid`;
        break;
      }
    } catch {
      // Not in this folder.
    }
  }
  return launcher.path;
}

let launcher: { path: string | undefined } | null = null;
