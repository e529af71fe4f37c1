/**
 * Watches a project with `Deno.watchFs` (inotify, FSEvents, ReadDirectoryChangesW) and hands out batches of
 * relevant changes. Each folder the filter keeps is watched on its own: ignored folders (`.flux/`, `.git/`,
 * `node_modules/`, git-ignored ones) are never watched, so no event inside them reaches this process (see
 * `_dir_watch.ts` for why that matters to the session store). A folder created later is walked and watched,
 * and the files already in it are reported as created. Past the OS limit of watches, the rest is polled.
 * Events are gathered until the tree is quiet for `quietMs` or `windowMs` has passed since the first one. At
 * flush time each path is looked at again, so an editor's atomic save (write a temporary, rename it over the
 * file) reports the real file and never the temporary.
 */
import { requiredText } from "../api/required.ts";
import { FileFilter } from "./file_filter.ts";
import { type Pending, resolveBatch } from "./_resolve_batch.ts";
import { DirWatch, type DirWatchOptions } from "./_dir_watch.ts";
import { walkWatched } from "./_walk_watched.ts";

/** A change kind as reported to monitors. */
export type FileChangeKind = "create" | "modify" | "remove";

/** One batch: `files[i]` changed as `kinds[i]`. Paths are relative to the project, `/`-separated. */
export interface FileChangeBatch {
  files: string[];
  kinds: FileChangeKind[];
  /** `performance.now()` of the first event of the batch. */
  firstEventAt: number;
}

/** Options for {@linkcode watchFiles}. */
export interface WatchFilesOptions {
  /** Stops watching; the returned promise then resolves. */
  signal?: AbortSignal;
  /** Longest wait from the first event to the batch (default 50 ms). */
  windowMs?: number;
  /** Quiet time that ends a batch early (default 3 ms). */
  quietMs?: number;
  /**
   * Quiet time while the batch holds a newly created file (default 20 ms): an atomic save creates a
   * temporary and renames it a moment later, so the batch waits a little longer for the rename.
   */
  createQuietMs?: number;
  /** Which paths matter; default: `FileFilter.load(projectDir)`. */
  filter?: FileFilter;
  /** Called once the watcher is installed (events after this are seen). */
  onReady?(): void;
  /** Called with a one-line warning (the OS limit of watches was reached). */
  onWarning?(message: string): void;
  /** Interval of the polling used past the OS limit of watches (default 1000 ms). */
  pollMs?: number;
  /** Starts a native watch of folders (tests stand in for the OS limit with it). */
  watch?: DirWatchOptions["watch"];
}

const defaults = { windowMs: 50, quietMs: 3, createQuietMs: 20 } satisfies WatchFilesOptions;

/** Watches `projectDir` until `options.signal` aborts, calling `onBatch` for each batch of changes. */
export async function watchFiles(
  projectDir: string,
  onBatch: (batch: FileChangeBatch) => void | Promise<void>,
  options: WatchFilesOptions = {},
): Promise<void> {
  requiredText(
    projectDir,
    "watchFiles's projectDir",
    'watchFiles("/project", (batch) => {}, { signal })',
  );
  const opts = { ...defaults, ...options };
  if (opts.signal?.aborted) return;
  const root = await Deno.realPath(projectDir);
  const filter = opts.filter ?? await FileFilter.load(root);

  let pending = new Map<string, Pending>();
  let firstEventAt = 0;
  let windowTimer: ReturnType<typeof setTimeout> | undefined;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  let flushing = Promise.resolve();
  /** New folders are walked one after the other. */
  let adding = Promise.resolve();
  /**
   * Temporaries dropped from the last batch (created and already gone when it was resolved). When the
   * batch ended between an atomic save's write and its rename, the rename lands in the next batch as a
   * removal of the temporary: the consumer never heard of that file, so that removal is not reported.
   */
  let dropped = new Set<string>();

  const flush = () => {
    clearTimeout(windowTimer);
    clearTimeout(quietTimer);
    windowTimer = quietTimer = undefined;
    const batch = pending;
    const started = firstEventAt;
    pending = new Map();
    flushing = flushing.then(() => resolveBatch(root, batch, started, dropped)).then(
      async ({ batch: b, temporaries }) => {
        dropped = temporaries;
        if (b.files.length > 0) await onBatch(b);
      },
    ).catch(() => {});
  };

  const note = (rel: string, kind: Deno.FsEvent["kind"], movedAway: boolean) => {
    const entry = pending.get(rel) ??
      { created: false, removed: false, removes: 0, movedAway: false };
    if (kind === "create") entry.created = true;
    if (kind === "remove") {
      entry.removed = true;
      entry.removes++;
    }
    // A rename carries [from, to]; "from" moved away (onto "to").
    if (movedAway) entry.movedAway = true;
    if (pending.size === 0) firstEventAt = performance.now();
    pending.set(rel, entry);
    windowTimer ??= setTimeout(flush, opts.windowMs);
    clearTimeout(quietTimer);
    const creating = [...pending.values()].some((p) => p.created && !p.removed);
    quietTimer = setTimeout(flush, creating ? opts.createQuietMs : opts.quietMs);
  };

  const watch: DirWatch = new DirWatch(root, {
    ignores: (path, isDir) => filter.ignores(path, isDir),
    onWarning: (message) => opts.onWarning?.(message),
    ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    ...(opts.watch ? { watch: opts.watch } : {}),
    onChange: ({ kind, path: rel, movedAway }) => {
      if (kind === "access" || kind === "other" || filter.ignores(rel)) return;
      if (rel.endsWith(".gitignore")) void reloadGitignore(root, rel, filter);
      if (kind === "create" || kind === "rename") adding = adding.then(() => addFolder(rel));
      note(rel, kind, movedAway);
    },
  });

  /** A folder created (or moved in) while watching: watch it, and report the files already in it. */
  const addFolder = async (rel: string) => {
    const info = await Deno.lstat(`${root}/${rel}`).catch(() => null);
    if (!info?.isDirectory || filter.ignores(rel, true) || opts.signal?.aborted) return;
    // Files created between the walk and the watch would be missed: walk again until no new folder shows.
    const seen = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const tree = await walkWatched(root, rel, filter, opts.signal);
      const fresh = tree.dirs.filter((d) => !seen.has(d));
      for (const d of fresh) seen.add(d);
      watch.add(fresh);
      for (const file of tree.files) note(file, "create", false);
      if (fresh.length === 0) break;
    }
  };

  const stopped = Promise.withResolvers<void>();
  const stop = () => stopped.resolve();
  opts.signal?.addEventListener("abort", stop, { once: true });
  try {
    const tree = await walkWatched(root, "", filter, opts.signal);
    watch.add(tree.dirs);
    if (!opts.signal?.aborted) {
      opts.onReady?.();
      await stopped.promise;
    }
  } finally {
    opts.signal?.removeEventListener("abort", stop);
    watch.close();
    await adding.catch(() => {});
    clearTimeout(windowTimer);
    clearTimeout(quietTimer);
    await flushing;
  }
}

async function reloadGitignore(root: string, rel: string, filter: FileFilter): Promise<void> {
  const dir = rel === ".gitignore" ? "" : rel.slice(0, -"/.gitignore".length);
  try {
    filter.addNested(dir, (await Deno.readTextFile(`${root}/${rel}`)).split(/\r?\n/));
  } catch {
    // Removed or unreadable: keep the rules already known.
  }
}
