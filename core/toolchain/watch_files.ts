/**
 * Watches a project with `Deno.watchFs` (inotify, FSEvents, ReadDirectoryChangesW; no polling) and hands
 * out batches of relevant changes. Events are gathered until the tree is quiet for `quietMs` or `windowMs`
 * has passed since the first one. At flush time each path is looked at again, so an editor's atomic save
 * (write a temporary, rename it over the file) reports the real file and never the temporary.
 */
import { FileFilter } from "./file_filter.ts";
import { type Pending, resolveBatch } from "./_resolve_batch.ts";

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
}

const defaults = { windowMs: 50, quietMs: 3, createQuietMs: 20 } satisfies WatchFilesOptions;

/** Watches `projectDir` until `options.signal` aborts, calling `onBatch` for each batch of changes. */
export async function watchFiles(
  projectDir: string,
  onBatch: (batch: FileChangeBatch) => void | Promise<void>,
  options: WatchFilesOptions = {},
): Promise<void> {
  const opts = { ...defaults, ...options };
  if (opts.signal?.aborted) return;
  const root = await Deno.realPath(projectDir);
  const filter = opts.filter ?? await FileFilter.load(root);
  const watcher = Deno.watchFs(root, { recursive: true });
  const close = () => {
    try {
      watcher.close();
    } catch {
      // Already closed.
    }
  };
  opts.signal?.addEventListener("abort", close, { once: true });

  let pending = new Map<string, Pending>();
  let firstEventAt = 0;
  let windowTimer: ReturnType<typeof setTimeout> | undefined;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  let flushing = Promise.resolve();
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

  opts.onReady?.();
  try {
    for await (const event of watcher) {
      if (event.kind === "access" || event.kind === "other") continue;
      for (const path of event.paths) {
        const rel = relative(root, path);
        if (rel === null || filter.ignores(rel)) continue;
        if (rel.endsWith(".gitignore")) await reloadGitignore(root, rel, filter);
        const entry = pending.get(rel) ??
          { created: false, removed: false, removes: 0, movedAway: false };
        if (event.kind === "create") entry.created = true;
        if (event.kind === "remove") {
          entry.removed = true;
          entry.removes++;
        }
        // A rename carries [from, to]; "from" moved away (onto "to").
        if (event.kind === "rename" && event.paths.length === 2 && path === event.paths[0]) {
          entry.movedAway = true;
        }
        if (pending.size === 0) firstEventAt = performance.now();
        pending.set(rel, entry);
      }
      if (pending.size === 0) continue;
      windowTimer ??= setTimeout(flush, opts.windowMs);
      clearTimeout(quietTimer);
      const creating = [...pending.values()].some((p) => p.created && !p.removed);
      quietTimer = setTimeout(flush, creating ? opts.createQuietMs : opts.quietMs);
    }
  } finally {
    opts.signal?.removeEventListener("abort", close);
    clearTimeout(windowTimer);
    clearTimeout(quietTimer);
    close();
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

function relative(root: string, path: string): string | null {
  if (path === root) return null;
  if (!path.startsWith(`${root}/`)) return null;
  return path.slice(root.length + 1);
}
