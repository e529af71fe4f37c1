/** True when `path` is a regular file (links followed); false when it is missing, a folder or unreadable. */
export function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
