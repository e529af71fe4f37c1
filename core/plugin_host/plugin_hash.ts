/** The fingerprint a trust grant is pinned to: every file of the plugin plus its manifest permissions. */
import type { PluginManifest } from "./types.ts";

/**
 * SHA-256 over the sorted relative paths and contents of every file under `dir` (links by their target
 * text) and the manifest's kind, entry and permissions. Any change asks for trust again.
 */
export async function hashPlugin(dir: string, manifest: PluginManifest): Promise<string> {
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
  for (const [rel, bytes] of await filesOf(dir)) {
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

async function filesOf(root: string): Promise<[string, Uint8Array][]> {
  const files: [string, Uint8Array][] = [];
  const encoder = new TextEncoder();
  const walk = async (dir: string, prefix: string) => {
    const entries = await Array.fromAsync(Deno.readDir(dir));
    for (const entry of entries) {
      const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      const path = `${dir}/${entry.name}`;
      if (entry.isSymlink) files.push([rel, encoder.encode(`link:${await Deno.readLink(path)}`)]);
      else if (entry.isDirectory) await walk(path, rel);
      else if (entry.isFile) files.push([rel, await Deno.readFile(path)]);
    }
  };
  await walk(root, "");
  return files.sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
}
