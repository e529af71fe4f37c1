/**
 * Native watches of a list of folders, each watched on its own (not recursively), with polling for what the
 * OS will not watch. Watching the project recursively would also watch `.flux/`, and Deno opens the path of
 * every event it receives (to match it against the watched paths): opening and closing a file of the session
 * store drops every POSIX lock this process holds on it, SQLite's included, which corrupts the store when
 * another Flux process shares it. So only folders the filter keeps are watched, and events inside `.flux/`
 * never reach this process.
 *
 * When the OS limit of watches is reached (`fs.inotify.max_user_watches` on Linux), the folders left over
 * are polled (`lstat` only, never opening a file) and one warning names the sysctl that raises the limit.
 */

/** One changed path: relative to the root, with the kind Deno gave. */
export interface DirChange {
  kind: Deno.FsEvent["kind"];
  path: string;
  /** The path was the origin of a rename. */
  movedAway: boolean;
}

/** Options for {@linkcode DirWatch}. */
export interface DirWatchOptions {
  /** Receives each change (paths in watched folders only, each reported by the watch of its folder). */
  onChange(change: DirChange): void;
  /** True for a path that is not to be watched or polled. */
  ignores(path: string, isDir: boolean): boolean;
  /** Receives the one-line warning when the OS limit of watches is reached. */
  onWarning(message: string): void;
  /** Interval of the polling fallback (default 1000 ms). */
  pollMs?: number;
  /** Starts a native watch of absolute folder paths (default `Deno.watchFs(paths, { recursive: false })`). */
  watch?: (paths: string[]) => Deno.FsWatcher;
}

/** Folders added to one native watch at a time. */
const CHUNK = 256;

/** Watches folders of `root`; see the module comment. */
export class DirWatch {
  #root: string;
  #opts: DirWatchOptions;
  #watchers: Deno.FsWatcher[] = [];
  #known = new Set<string>();
  #limited = false;
  #poller: Poller | undefined;
  #closed = false;

  constructor(root: string, options: DirWatchOptions) {
    this.#root = root;
    this.#opts = options;
  }

  /** Folders watched natively and polled. */
  get counts(): { native: number; polled: number } {
    const polled = this.#poller?.size ?? 0;
    return { native: this.#known.size - polled, polled };
  }

  /** Starts watching `dirs` (relative, `""` is the root); folders already watched are skipped. */
  add(dirs: string[]): void {
    const fresh = dirs.filter((d) => !this.#known.has(d));
    for (const d of fresh) this.#known.add(d);
    for (let i = 0; i < fresh.length && !this.#closed; i += CHUNK) {
      const chunk = fresh.slice(i, i + CHUNK);
      if (this.#limited) this.#poll(chunk);
      else this.#watchChunk(chunk);
    }
  }

  /** Stops every watch and the polling. */
  close(): void {
    this.#closed = true;
    for (const w of this.#watchers) {
      try {
        w.close();
      } catch {
        // closed already
      }
    }
    this.#poller?.stop();
  }

  #watchChunk(chunk: string[]): void {
    try {
      this.#follow(chunk, this.#start(chunk));
      return;
    } catch (error) {
      if (isLimit(error)) return this.#hitLimit(chunk);
    }
    // A folder of the chunk is gone (or unreadable): watch the others one by one.
    for (const [i, dir] of chunk.entries()) {
      try {
        this.#follow([dir], this.#start([dir]));
      } catch (error) {
        if (isLimit(error)) return this.#hitLimit(chunk.slice(i));
        this.#known.delete(dir);
      }
    }
  }

  #start(dirs: string[]): Deno.FsWatcher {
    const paths = dirs.map((d) => d === "" ? this.#root : `${this.#root}/${d}`);
    return (this.#opts.watch ?? ((p) => Deno.watchFs(p, { recursive: false })))(paths);
  }

  #follow(dirs: string[], watcher: Deno.FsWatcher): void {
    this.#watchers.push(watcher);
    const own = new Set(dirs);
    void (async () => {
      try {
        for await (const event of watcher) {
          for (const [i, abs] of event.paths.entries()) {
            const rel = relative(this.#root, abs);
            // Each path is reported by the watch of its folder only (Deno hands an event to every watch
            // whose paths contain it).
            if (rel === null || !own.has(parentOf(rel))) continue;
            const movedAway = event.kind === "rename" && event.paths.length === 2 && i === 0;
            this.#opts.onChange({ kind: event.kind, path: rel, movedAway });
          }
        }
      } catch {
        // closed
      }
    })();
  }

  #hitLimit(rest: string[]): void {
    this.#limited = true;
    this.#poll(rest);
    const pollMs = this.#opts.pollMs ?? 1000;
    this.#opts.onWarning(
      `The system's limit of file watches is reached (${watchLimit()}): ${rest.length} folder(s) are ` +
        `polled every ${pollMs / 1000} s instead; raise it with ` +
        `"sudo sysctl fs.inotify.max_user_watches=524288"`,
    );
  }

  #poll(dirs: string[]): void {
    this.#poller ??= new Poller(this.#root, this.#opts);
    this.#poller.add(dirs);
  }
}

/** Polls folders with `readDir` and `lstat` (never opening a file) and reports what changed. */
class Poller {
  #root: string;
  #opts: DirWatchOptions;
  #dirs = new Set<string>();
  #seen = new Map<string, string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(root: string, options: DirWatchOptions) {
    this.#root = root;
    this.#opts = options;
  }

  get size(): number {
    return this.#dirs.size;
  }

  add(dirs: string[]): void {
    for (const d of dirs) this.#dirs.add(d);
    // The first look only records what is there.
    void this.#scan(dirs, false).then(() => this.#schedule());
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#timer = setTimeout(async () => {
      await this.#scan([...this.#dirs], true);
      this.#timer = undefined;
      this.#schedule();
    }, this.#opts.pollMs ?? 1000);
  }

  async #scan(dirs: string[], report: boolean): Promise<void> {
    for (const dir of dirs) {
      if (this.#stopped) return;
      const abs = dir === "" ? this.#root : `${this.#root}/${dir}`;
      const now = new Map<string, string>();
      try {
        for await (const entry of Deno.readDir(abs)) {
          const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
          if (this.#opts.ignores(rel, entry.isDirectory)) continue;
          if (entry.isDirectory) {
            now.set(rel, "dir");
            continue;
          }
          const info = await Deno.lstat(`${this.#root}/${rel}`).catch(() => null);
          if (info) now.set(rel, `${info.mtime?.getTime()}:${info.size}:${info.ino}`);
        }
      } catch {
        // the folder is gone: its entries are reported removed below
      }
      for (const [rel, sig] of now) {
        const before = this.#seen.get(rel);
        this.#seen.set(rel, sig);
        if (!report || before === sig) continue;
        if (sig === "dir" && before === undefined) this.#dirs.add(rel);
        this.#opts.onChange({
          kind: before === undefined ? "create" : "modify",
          path: rel,
          movedAway: false,
        });
      }
      for (const rel of [...this.#seen.keys()]) {
        if (parentOf(rel) !== dir || now.has(rel)) continue;
        this.#seen.delete(rel);
        if (report) this.#opts.onChange({ kind: "remove", path: rel, movedAway: false });
      }
    }
  }
}

/** True when `error` says the OS limit of watches (or of watch instances) is reached. */
export function isLimit(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /limit|no space left|ENOSPC|too many open files|EMFILE/i.test(text);
}

function watchLimit(): string {
  try {
    const value = Deno.readTextFileSync("/proc/sys/fs/inotify/max_user_watches").trim();
    return `fs.inotify.max_user_watches = ${value}`;
  } catch {
    return "the OS limit";
  }
}

/** The folder of a relative path (`""` for a path at the root). */
export function parentOf(rel: string): string {
  const slash = rel.lastIndexOf("/");
  return slash < 0 ? "" : rel.slice(0, slash);
}

function relative(root: string, path: string): string | null {
  if (path === root || !path.startsWith(`${root}/`)) return null;
  return path.slice(root.length + 1);
}
