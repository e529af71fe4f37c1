/**
 * Watches `.git/` itself (HEAD, index, refs), which the file_changes watcher skips, so that a commit, a
 * checkout or a fetch re-checks the git monitor at once instead of on a short polling interval.
 */

/** A running watch of `.git/`; `null` when the project has no `.git` folder. */
export interface GitDirWatch {
  close(): void;
}

/** Calls `onChange` for changes in `.git/` and `.git/refs/` (lock files and objects ignored). */
export function watchGitDir(projectDir: string, onChange: () => void): GitDirWatch | null {
  const gitDir = `${projectDir}/.git`;
  try {
    if (!Deno.statSync(gitDir).isDirectory) return null;
  } catch {
    return null;
  }
  const watchers: Deno.FsWatcher[] = [];
  const follow = async (watcher: Deno.FsWatcher) => {
    try {
      for await (const event of watcher) {
        if (event.kind === "access") continue;
        if (event.paths.some((p) => !p.endsWith(".lock") && !p.includes("/objects/"))) onChange();
      }
    } catch {
      // closed
    }
  };
  for (const [path, recursive] of [[gitDir, false], [`${gitDir}/refs`, true]] as const) {
    try {
      const watcher = Deno.watchFs(path, { recursive });
      watchers.push(watcher);
      void follow(watcher);
    } catch {
      // no refs folder yet: HEAD and index still cover commits
    }
  }
  return {
    close: () => {
      for (const w of watchers) {
        try {
          w.close();
        } catch {
          // already closed
        }
      }
    },
  };
}
