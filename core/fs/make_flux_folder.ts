/**
 * Creates Flux's own folders in a project (`.flux`, `.flux/tmp`, ...), never the project folder itself: a
 * project deleted while Flux runs stays deleted. A recursive `mkdir` of `<project>/.flux` would make the
 * deleted project folder again, with Flux's store and socket in it; here that is a `NotFound` instead.
 */

/** Creates `dir`, a folder at or under a `/.flux` folder, one level at a time from `.flux` down. */
export function makeFluxFolderSync(dir: string): void {
  for (const level of levels(dir)) {
    try {
      Deno.mkdirSync(level);
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
  }
}

/** {@linkcode makeFluxFolderSync}, without blocking. */
export async function makeFluxFolder(dir: string): Promise<void> {
  for (const level of levels(dir)) {
    try {
      await Deno.mkdir(level);
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
  }
}

/** True when `dir` is Flux's folder of a project or lies under it. */
export function isInFluxFolder(dir: string): boolean {
  return fluxIndex(dir) >= 0;
}

/** `/p/.flux/tmp/x` -> `/p/.flux`, `/p/.flux/tmp`, `/p/.flux/tmp/x`. */
function levels(dir: string): string[] {
  const at = fluxIndex(dir);
  if (at < 0) throw new TypeError(`"${dir}" is not inside a project's .flux folder`);
  const base = dir.slice(0, at + "/.flux".length);
  const rest = dir.slice(base.length).split("/").filter((part) => part !== "");
  const out = [base];
  for (const part of rest) out.push(`${out[out.length - 1]}/${part}`);
  return out;
}

/** Index of the last `/.flux` path segment of `dir`, or -1. */
function fluxIndex(dir: string): number {
  const trimmed = dir.replace(/\/+$/, "");
  for (
    let at = trimmed.lastIndexOf("/.flux");
    at >= 0;
    at = trimmed.lastIndexOf("/.flux", at - 1)
  ) {
    const after = trimmed[at + "/.flux".length];
    if (after === undefined || after === "/") return at;
    if (at === 0) break;
  }
  return -1;
}
