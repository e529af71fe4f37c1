/**
 * `.flux/tmp/`, the scratch folder of the tools and monitors (report files, the lint state, bytecode). It
 * holds a `.gitignore` of `*`, so git never lists Flux's own scratch files (nor `.flux/` for their sake)
 * as untracked, even in a project whose `.gitignore` does not mention `.flux/` and without a session
 * store. Only this folder is written: the monitors' workers may write nowhere else.
 */

import { makeFluxFolder } from "../fs/make_flux_folder.ts";

const IGNORE_ALL = "# Written by Flux: scratch files, never committed.\n*\n";

/** Creates `<projectDir>/.flux/tmp` (and its `.gitignore`) when missing; returns its path. */
export async function ensureFluxTmpDir(projectDir: string): Promise<string> {
  const dir = `${projectDir}/.flux/tmp`;
  // Never the project folder itself: a project deleted meanwhile stays deleted.
  await makeFluxFolder(dir);
  try {
    await Deno.writeTextFile(`${dir}/.gitignore`, IGNORE_ALL, { createNew: true });
  } catch {
    // Present already, or not writable: the tools work without it.
  }
  return dir;
}
