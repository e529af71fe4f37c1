/**
 * Plugins the user kept off at the TUI's consent prompt, remembered per plugin hash in
 * `.flux/tui_denied_plugins.json` (`{ "name": "hash" }`). A denial holds until the plugin's files or
 * permissions change (its hash changes), until it is trusted, or until `/trust` lifts it.
 */

/** The file, relative to the project. */
export const DENIALS_FILE = ".flux/tui_denied_plugins.json";

/** Denials of one project. Reading never throws: a missing or malformed file means "none". */
export class PluginDenials {
  readonly file: string;

  constructor(projectDir: string) {
    this.file = `${projectDir}/${DENIALS_FILE}`;
  }

  /** True when `name` was denied at exactly `hash`. */
  async isDenied(name: string, hash: string | undefined): Promise<boolean> {
    if (!hash) return false;
    return (await this.#read())[name] === hash;
  }

  /** Remembers that `name` at `hash` stays off. */
  async deny(name: string, hash: string): Promise<void> {
    const all = await this.#read();
    all[name] = hash;
    await this.#write(all);
  }

  /** Forgets the denial of `name` (it was trusted). */
  async forget(name: string): Promise<void> {
    const all = await this.#read();
    if (!(name in all)) return;
    delete all[name];
    await this.#write(all);
  }

  async #read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.file);
    } catch {
      return {};
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return {};
    }
    const out: Record<string, string> = {};
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return out;
    for (const [name, hash] of Object.entries(raw)) {
      if (typeof hash === "string") out[name] = hash;
    }
    return out;
  }

  async #write(all: Record<string, string>): Promise<void> {
    await Deno.mkdir(this.file.slice(0, this.file.lastIndexOf("/")), { recursive: true });
    // Write then rename, so a crash never leaves half a file.
    const temp = `${this.file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    await Deno.writeTextFile(temp, JSON.stringify(all, null, 2) + "\n");
    await Deno.rename(temp, this.file);
  }
}
