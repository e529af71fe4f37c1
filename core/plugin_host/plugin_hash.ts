/** The fingerprint a trust grant is pinned to: every file of the plugin plus its manifest permissions. */
import type { PluginManifest } from "./types.ts";
import { isWithin } from "./plugin_permissions.ts";

/** Files reached through links that a plugin folder may hold before it is refused (hashing stays cheap). */
const MAX_LINKED_FILES = 10_000;

/**
 * SHA-256 over the sorted relative paths and contents of every file under `dir` and the manifest's kind,
 * entry and permissions. Any change asks for trust again. A link is hashed by its target text and, when it
 * points inside `within` (the project), by what it points to (a file's content, a folder's files), since
 * the plugin can load that code; links elsewhere are refused to the sandbox, so their text is enough.
 * Throws a one-line Error when links reach more than {@linkcode MAX_LINKED_FILES} files.
 */
export async function hashPlugin(
  dir: string,
  manifest: PluginManifest,
  within?: string,
): Promise<string> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [
    encoder.encode(
      JSON.stringify({
        kind: manifest.kind,
        entry: manifest.entry,
        permissions: manifest.permissions,
      }),
    ),
  ];
  for (const [rel, bytes] of await filesOf(dir, within)) {
    parts.push(encoder.encode(`\0${rel}\0${bytes.length}\0`), bytes);
  }
  const total = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    total.set(part, at);
    at += part.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", total));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function filesOf(root: string, within: string | undefined): Promise<[string, Uint8Array][]> {
  const files: [string, Uint8Array][] = [];
  const encoder = new TextEncoder();
  const followed = new Set<string>([await Deno.realPath(root)]);
  let linked = 0;
  const walk = async (dir: string, prefix: string, viaLink: boolean) => {
    const entries = await Array.fromAsync(Deno.readDir(dir));
    for (const entry of entries) {
      const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      const path = `${dir}/${entry.name}`;
      if (viaLink && ++linked > MAX_LINKED_FILES) {
        throw new Error(
          `its folder links to more than ${MAX_LINKED_FILES} files: copy what it needs into the plugin folder`,
        );
      }
      if (entry.isSymlink) {
        files.push([rel, encoder.encode(`link:${await Deno.readLink(path)}`)]);
        const real = await Deno.realPath(path).catch(() => undefined);
        if (real === undefined || within === undefined || !isWithin(real, within)) continue;
        // "\0" cannot occur in a file name, so what a link reaches never collides with a real entry.
        const info = await Deno.stat(real);
        if (info.isFile) files.push([`${rel}\0->`, await Deno.readFile(real)]);
        else if (info.isDirectory && !followed.has(real)) {
          followed.add(real);
          await walk(real, `${rel}\0->`, true);
        }
      } else if (entry.isDirectory) await walk(path, rel, viaLink);
      else if (entry.isFile) files.push([rel, await Deno.readFile(path)]);
    }
  };
  await walk(root, "", false);
  return files.sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
}
