/**
 * `.flux` must be a folder: Flux keeps its config, workflows and session store there. A regular file of that
 * name (a stray `touch .flux`, a checkout that made it a file) is a user mistake: one line, exit 2, before
 * any command tries to read or create something inside it.
 */
import { UsageError } from "./cli_context.ts";

/** Throws a {@linkcode UsageError} when `<projectDir>/.flux` exists and is not a folder. */
export function checkFluxFolder(projectDir: string): void {
  const path = `${projectDir}/.flux`;
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw new UsageError(`Cannot use "${path}": ${oneLine(error)}`);
  }
  if (!info.isDirectory) {
    throw new UsageError(
      `"${path}" is a file, but Flux keeps its folder there: rename or remove that file, then run flux again`,
    );
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
