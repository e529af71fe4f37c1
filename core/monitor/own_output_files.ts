/**
 * The files this Flux process is itself writing: where its stdout and stderr go (`flux watch --json >
 * flux.log`), read from `/proc/self/fd`. A watcher that reported them would see its own output as changes
 * and feed them back forever; as gitignore patterns anchored at the project, they are ignored instead.
 */

/** Project-relative paths of the regular files under `projectDir` that fds 1 and 2 write to. */
export function ownOutputFiles(projectDir: string, fds: readonly number[] = [1, 2]): string[] {
  const root = projectDir.replace(/\/+$/, "");
  const files = new Set<string>();
  for (const fd of fds) {
    let target: string;
    try {
      target = Deno.readLinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // not Linux, or closed
    }
    if (!target.startsWith(`${root}/`)) continue;
    try {
      // stat follows the path; it opens nothing.
      if (!Deno.statSync(target).isFile) continue;
    } catch {
      continue;
    }
    files.add(target.slice(root.length + 1));
  }
  return [...files];
}

/** A gitignore pattern that matches exactly the project-relative `path`. */
export function exactPattern(path: string): string {
  return `/${path.replace(/[\\*?[\]!# ]/g, (c) => `\\${c}`)}`;
}
