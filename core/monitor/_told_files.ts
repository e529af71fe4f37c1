/**
 * The content of each file as it was when a "file changed" notice named it. One save can reach the
 * watcher as two batches (an editor that writes in pieces, then sets the file's time or mode); the first
 * is told at once and the second would be held by the cooldown and told again, naming the same save. A
 * file whose content equals what was told is not news.
 */

/** Files above this size are compared by size and modification time instead of content. */
const MAX_HASHED_BYTES = 4 * 1024 * 1024;
/** The most files remembered; the oldest are forgotten first. */
const MAX_FILES = 10_000;

/** See the module comment. */
export class ToldFiles {
  #projectDir: string;
  #told = new Map<string, string>();

  constructor(projectDir: string) {
    this.#projectDir = projectDir;
  }

  /** The files of `files` whose content differs from when they were last told; remembers them as told. */
  async fresh(files: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const file of files) {
      const now = await this.#digest(file);
      if (this.#told.get(file) === now) continue;
      this.#told.delete(file);
      this.#told.set(file, now);
      out.push(file);
    }
    while (this.#told.size > MAX_FILES) this.#told.delete(this.#told.keys().next().value!);
    return out;
  }

  async #digest(file: string): Promise<string> {
    const path = `${this.#projectDir}/${file}`;
    try {
      const info = await Deno.stat(path);
      if (!info.isFile) return info.isDirectory ? "folder" : "other";
      if (info.size > MAX_HASHED_BYTES) return `stat:${info.size}:${info.mtime?.getTime()}`;
      const bytes = await Deno.readFile(path);
      const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
      return `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("")}`;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return "absent";
      // Unreadable now (permissions, a file being replaced): say it changed rather than stay silent.
      return `unreadable:${crypto.randomUUID()}`;
    }
  }
}
