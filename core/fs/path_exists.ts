/** True when something exists at `path` (links followed); false when it is missing or unreadable. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
