/**
 * The content hash of a test run: SHA-256 over the path and bytes of every project file the file filter
 * keeps, taken when the run starts. Two runs with one hash ran on the same code, so a test that passed in
 * one and failed in the other is flaky. Files over 4 MB count by path, size and modification time.
 */
import { listProjectFiles } from "./list_project_files.ts";

const MAX_HASHED_BYTES = 4 * 1024 * 1024;
/** Files read at once; at most this many times 4 MB in memory besides the parts. */
const READ_BATCH = 32;

/** The hash (hex, 16 characters) and the project files it covered. */
export async function contentHash(
  projectDir: string,
  signal?: AbortSignal,
): Promise<{ hash: string; files: string[] }> {
  const files = await listProjectFiles(projectDir, signal);
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  const read = async (file: string): Promise<Uint8Array> => {
    try {
      const info = await Deno.stat(`${projectDir}/${file}`);
      if (info.size > MAX_HASHED_BYTES) {
        return encoder.encode(`${info.size}:${info.mtime?.getTime() ?? 0}`);
      }
      return await Deno.readFile(`${projectDir}/${file}`);
    } catch {
      return encoder.encode("(unreadable)");
    }
  };
  // A batch of files is read at once (one at a time costs a round trip each: 50 ms for 400 files).
  for (let at = 0; at < files.length; at += READ_BATCH) {
    signal?.throwIfAborted();
    const batch = files.slice(at, at + READ_BATCH);
    const bytes = await Promise.all(batch.map(read));
    batch.forEach((file, i) => parts.push(encoder.encode(`\u0000${file}\u0000`), bytes[i]!));
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  const hash = [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return { hash, files };
}
