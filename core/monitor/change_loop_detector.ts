/**
 * Notices a self-sustaining change loop: a check that writes into the project (a report, a cache, a log
 * the tool keeps next to the code) makes the watcher see the same files change after every run, which
 * starts the check again, forever. When the same set of files changes during or just after (`windowMs`)
 * each of `threshold` runs of a monitor in a row, one warning says which files and how to stop it (bacon
 * and watchexec users asked for this).
 */

/** Options for {@linkcode ChangeLoopDetector}. */
export interface ChangeLoopDetectorOptions {
  /** Milliseconds after a run ends in which a change still counts as caused by it (default 500). */
  windowMs?: number;
  /** Runs in a row followed by the same changes that make a loop (default 5). */
  threshold?: number;
  /** Clock in milliseconds (default `Date.now`). */
  now?: () => number;
}

// A person saving the same file right after each check (an editor's auto-save) looks alike for a few
// rounds; five in a row within half a second of each run is a loop.
const defaults = { windowMs: 500, threshold: 5 } satisfies ChangeLoopDetectorOptions;

/** See the module comment. */
export class ChangeLoopDetector {
  #opts: ChangeLoopDetectorOptions;
  #running = new Map<string, number>();
  #ended = new Map<string, number>();
  #streaks = new Map<string, { files: string; runs: number }>();
  #warned = false;

  constructor(options: ChangeLoopDetectorOptions = {}) {
    this.#opts = options;
  }

  /** A run of `monitor` started. */
  runStarted(monitor: string): void {
    this.#running.set(monitor, (this.#running.get(monitor) ?? 0) + 1);
  }

  /** A run of `monitor` ended. */
  runEnded(monitor: string): void {
    this.#running.set(monitor, Math.max(0, (this.#running.get(monitor) ?? 0) - 1));
    this.#ended.set(monitor, this.#now());
  }

  /**
   * A batch of changed `files` that starts the monitors `triggers`; returns the one-line warning the first
   * time a loop is seen, else null.
   */
  onBatch(files: readonly string[], triggers: readonly string[]): string | null {
    const key = [...files].sort().join("\n");
    const window = this.#opts.windowMs ?? defaults.windowMs;
    let looping: string | undefined;
    for (const monitor of triggers) {
      const ended = this.#ended.get(monitor);
      const caused = (this.#running.get(monitor) ?? 0) > 0 ||
        (ended !== undefined && this.#now() - ended <= window);
      if (!caused) {
        this.#streaks.delete(monitor);
        continue;
      }
      const streak = this.#streaks.get(monitor);
      const runs = streak?.files === key ? streak.runs + 1 : 1;
      this.#streaks.set(monitor, { files: key, runs });
      if (runs >= (this.#opts.threshold ?? defaults.threshold)) looping ??= monitor;
    }
    if (looping === undefined || this.#warned) return null;
    this.#warned = true;
    const shown = files.slice(0, 3).map((f) => `"${f}"`).join(", ") +
      (files.length > 3 ? ` and ${files.length - 3} more` : "");
    return `${shown} change${
      files.length === 1 ? "s" : ""
    } after every run of the ${looping} check, ` +
      `which starts it again: something it runs writes into the project; add ${
        files.length === 1 ? "that file" : "those files"
      } to monitors.file_changes.ignore in .flux/config.yaml (or make the tool write elsewhere)`;
  }

  #now(): number {
    return (this.#opts.now ?? Date.now)();
  }
}
