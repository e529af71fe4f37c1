/**
 * `.flux/.gitignore`: keeps Flux's local state (the session store, moved-aside files, scratch space, the
 * webhook outbox, declared secrets, and this file) out of git, while `config.yaml`, `workflows.yaml` and
 * `plugins/`, which people commit, stay visible: opening Flux leaves `git status` as it was. Written
 * once, when the session store is created; an existing file is never touched, so a project's own rules
 * win.
 */

/** The lines of a new `.flux/.gitignore`. */
export const FLUX_GITIGNORE =
  `# Written by Flux: local state that does not belong in git (this file too:
# Flux writes it again where it is missing, so a project Flux opened stays clean in git status).
# config.yaml, workflows.yaml and plugins/ are meant to be committed.
/.gitignore
/sessions.db*
/*.corrupt-*
/tmp/
/notify_outbox.json*
/secrets
`;

/** Creates `<fluxDir>/.gitignore` unless it exists; returns true when it wrote one. Never throws. */
export function ensureFluxGitignore(fluxDir: string): boolean {
  try {
    Deno.writeTextFileSync(`${fluxDir}/.gitignore`, FLUX_GITIGNORE, { createNew: true });
    return true;
  } catch {
    // Present already (kept as is), or the folder is not writable: the store works without it.
    return false;
  }
}
