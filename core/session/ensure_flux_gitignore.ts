/**
 * `.flux/.gitignore`: keeps Flux's local state (the session store, moved-aside files, scratch space, the
 * webhook outbox, declared secrets, and this file) out of git, while `config.yaml`, `workflows.yaml` and
 * `plugins/`, which people commit, stay visible: opening Flux leaves `git status` as it was. Written
 * when the session store is created; an existing file is never touched (a project's own rules win),
 * unless it is exactly what an earlier Flux wrote and git does not track it.
 */

/** The lines of a new `.flux/.gitignore`. */
export const FLUX_GITIGNORE =
  `# Written by Flux: local state that does not belong in git (this file too: Flux writes it with
# its session store, so opening Flux leaves git status as it was).
# config.yaml, workflows.yaml and plugins/ are meant to be committed.
/.gitignore
/sessions.db*
/*.corrupt-*
/tmp/
/notify_outbox.json*
/secrets
`;

/** What earlier versions of Flux wrote: such a file, untouched since, is brought up to date. */
const EARLIER = [
  `# Written by Flux: local state that does not belong in git.
# config.yaml, workflows.yaml and plugins/ are meant to be committed.
/sessions.db*
/*.corrupt-*
/tmp/
/notify_outbox.json*
/secrets
`,
  `# Written by Flux: local state that does not belong in git (this file too:
# Flux writes it again where it is missing, so a project Flux opened stays clean in git status).
# config.yaml, workflows.yaml and plugins/ are meant to be committed.
/.gitignore
/sessions.db*
/*.corrupt-*
/tmp/
/notify_outbox.json*
/secrets
`,
];

/**
 * Creates `<fluxDir>/.gitignore` unless it exists (with `create`, the default), or replaces one that is
 * exactly what an earlier Flux wrote and is not committed (a file anybody changed or committed is
 * kept); true when it wrote one. Never throws.
 */
export function ensureFluxGitignore(fluxDir: string, { create = true } = {}): boolean {
  const path = `${fluxDir}/.gitignore`;
  try {
    if (create) {
      Deno.writeTextFileSync(path, FLUX_GITIGNORE, { createNew: true });
      return true;
    }
  } catch {
    // Present already, or the folder is not writable: the store works without it.
  }
  try {
    if (!EARLIER.includes(Deno.readTextFileSync(path))) return false;
    // Committed (earlier docs said to commit it): rewriting it would show as a change in git status.
    if (tracked(fluxDir)) return false;
    Deno.writeTextFileSync(path, FLUX_GITIGNORE);
    return true;
  } catch {
    return false;
  }
}

/** True when git tracks `<fluxDir>/.gitignore`; false without git or outside a repository. */
function tracked(fluxDir: string): boolean {
  try {
    return new Deno.Command("git", {
      args: ["ls-files", "--error-unmatch", "--", ".gitignore"],
      cwd: fluxDir,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).outputSync().code === 0;
  } catch {
    return false;
  }
}
