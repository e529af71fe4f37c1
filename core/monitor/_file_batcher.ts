/** Collects file-change events from the watcher into batches of project-relative paths. */
import type { Clock, TimerId } from "./clock.ts";
import { isIgnoredPath } from "./watch_globs.ts";

/** See the module comment; `onBatch` gets sorted, de-duplicated paths, ignored folders left out. */
export class FileBatcher {
  #projectDir: string;
  #batchMs: number;
  #clock: Clock;
  #onBatch: (files: string[]) => void;
  #files = new Set<string>();
  #timer: TimerId | undefined;

  constructor(
    projectDir: string,
    batchMs: number,
    clock: Clock,
    onBatch: (files: string[]) => void,
  ) {
    this.#projectDir = projectDir;
    this.#batchMs = batchMs;
    this.#clock = clock;
    this.#onBatch = onBatch;
  }

  /** Takes one watcher event (`{ files: string[] }` or `{ path }`; anything else is ignored). */
  add(event: unknown): void {
    const e = (typeof event === "object" && event !== null ? event : {}) as Record<string, unknown>;
    const list = Array.isArray(e.files) ? e.files : typeof e.path === "string" ? [e.path] : [];
    for (const file of list) {
      if (typeof file !== "string") continue;
      const prefix = `${this.#projectDir}/`;
      const rel = file.startsWith(prefix) ? file.slice(prefix.length) : file;
      if (!isIgnoredPath(rel)) this.#files.add(rel);
    }
    if (this.#files.size > 0 && this.#timer === undefined) {
      this.#timer = this.#clock.setTimeout(() => this.#flush(), this.#batchMs);
    }
  }

  /** Drops what is collected and the pending timer. */
  clear(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#files.clear();
  }

  #flush(): void {
    this.#timer = undefined;
    const files = [...this.#files].sort();
    this.#files.clear();
    if (files.length > 0) this.#onBatch(files);
  }
}
