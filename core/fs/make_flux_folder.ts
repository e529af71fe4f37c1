/**
 * Creates Flux's own folders in a project (`.flux`, `.flux/tmp`, ...), never the project folder itself: a
 * project deleted while Flux runs stays deleted. A plain recursive `mkdir` of `<project>/.flux` would make the
 * deleted project folder again, with Flux's store and socket in it; here that is a `NotFound` instead. The
 * project folder is looked at just before the recursive `mkdir` (a plugin's worker may write only under
 * `.flux/tmp`, so making each level on its own would need write access to `.flux` itself).
 */

/** Creates `dir`, a folder at or under a project's `/.flux` folder, when the project folder exists. */
export function makeFluxFolderSync(dir: string): void {
  const project = projectOf(dir);
  if (isGone(() => Deno.statSync(project))) throw gone(project);
  Deno.mkdirSync(dir, { recursive: true });
}

/** {@linkcode makeFluxFolderSync}, without blocking. */
export async function makeFluxFolder(dir: string): Promise<void> {
  const project = projectOf(dir);
  if (await isGoneAsync(() => Deno.stat(project))) throw gone(project);
  await Deno.mkdir(dir, { recursive: true });
}

/** True when `dir` is Flux's folder of a project or lies under it. */
export function isInFluxFolder(dir: string): boolean {
  return fluxIndex(dir) >= 0;
}

function gone(project: string): Deno.errors.NotFound {
  return new Deno.errors.NotFound(`the project folder "${project}" no longer exists`);
}

/** Only a missing folder counts: a stat refused by permissions says nothing (the mkdir decides). */
function isGone(stat: () => unknown): boolean {
  try {
    stat();
    return false;
  } catch (error) {
    return error instanceof Deno.errors.NotFound;
  }
}

async function isGoneAsync(stat: () => Promise<unknown>): Promise<boolean> {
  try {
    await stat();
    return false;
  } catch (error) {
    return error instanceof Deno.errors.NotFound;
  }
}

/** `/p/.flux/tmp` -> `/p`. */
function projectOf(dir: string): string {
  const at = fluxIndex(dir);
  if (at < 0) throw new TypeError(`"${dir}" is not inside a project's .flux folder`);
  return dir.slice(0, at) || "/";
}

/** Index of the last `/.flux` path segment of `dir`, or -1. */
function fluxIndex(dir: string): number {
  const trimmed = dir.replace(/\/+$/, "");
  for (
    let at = trimmed.lastIndexOf("/.flux");
    at >= 0;
    at = at === 0 ? -1 : trimmed.lastIndexOf("/.flux", at - 1)
  ) {
    const after = trimmed[at + "/.flux".length];
    if (after === undefined || after === "/") return at;
  }
  return -1;
}
