import assert from "node:assert/strict";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { FLUX_GITIGNORE } from "../../core/session/ensure_flux_gitignore.ts";

async function git(dir: string, ...args: string[]) {
  const out = await new Deno.Command("git", { args, cwd: dir, stdout: "piped", stderr: "piped" })
    .output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout) };
}

async function withRepo(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "flux_gitignore_" });
  try {
    assert.equal((await git(dir, "init", "-q")).code, 0);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Writes, as `dir/.flux/.gitignore`, what an earlier Flux wrote there; returns that text. */
async function writeEarlierGitignore(dir: string): Promise<string> {
  await Deno.mkdir(`${dir}/.flux`);
  const earlier = await Deno.readTextFile(
    new URL(import.meta.resolve("./_earlier_flux_gitignore.txt")),
  );
  await Deno.writeTextFile(`${dir}/.flux/.gitignore`, earlier);
  return earlier;
}

/** Commits what is staged in the repository `dir`. */
async function commit(dir: string): Promise<void> {
  await git(dir, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "x");
}

Deno.test("SessionManager writes .flux/.gitignore so git skips the store but not the config", async () => {
  await withRepo(async (dir) => {
    const sessions = new SessionManager(dir);
    sessions.recordEvent(EventType.COMMAND, { command: "pytest" });
    // Everything else Flux and its users keep in .flux/, as real files.
    const files = {
      ignored: [
        "sessions.db-wal",
        "sessions.db-shm",
        "sessions.db.corrupt-20261125T081500Z",
        "sessions.db.corrupt-20261125T081500Z-wal",
        "notify_outbox.json",
        "notify_outbox.json.1b2c.tmp",
        "notify_outbox.json.corrupt-1764058500000",
        "tmp/lint_state.json",
        "secrets",
      ],
      kept: ["config.yaml", "workflows.yaml", "plugins/disk/plugin.json", "plugins/disk/mod.ts"],
    };
    for (const f of [...files.ignored, ...files.kept]) {
      await Deno.mkdir(`${dir}/.flux/${f}`.replace(/\/[^/]+$/, ""), { recursive: true });
      await Deno.writeTextFile(`${dir}/.flux/${f}`, "x", { append: true });
    }
    sessions.close();

    assert.equal(await Deno.readTextFile(`${dir}/.flux/.gitignore`), FLUX_GITIGNORE);
    const status = await git(dir, "status", "--porcelain", "--untracked-files=all");
    const listed = status.stdout.split("\n").filter(Boolean).map((l) => l.slice(3)).sort();
    assert.deepEqual(listed, files.kept.map((f) => `.flux/${f}`).sort());
    assert.ok(!listed.includes(".flux/sessions.db"));
  });
});

Deno.test("opening Flux's store in a clean repository leaves git status clean", async () => {
  await withRepo(async (dir) => {
    await Deno.writeTextFile(`${dir}/README.md`, "# x\n");
    await git(dir, "add", "README.md");
    await commit(dir);
    const sessions = new SessionManager(dir);
    sessions.recordEvent(EventType.COMMAND, { command: "pytest" });
    sessions.close();
    await Deno.mkdir(`${dir}/.flux/tmp`, { recursive: true });
    await Deno.writeTextFile(`${dir}/.flux/tmp/report.xml`, "x");
    const status = await git(dir, "status", "--porcelain", "--untracked-files=all");
    assert.equal(status.stdout, "", "Flux's own files are not untracked changes of the project");
  });
});

Deno.test("SessionManager leaves an existing .flux/.gitignore as it is", async () => {
  await withRepo(async (dir) => {
    await Deno.mkdir(`${dir}/.flux`);
    await Deno.writeTextFile(`${dir}/.flux/.gitignore`, "# mine\n*\n");
    new SessionManager(dir).close();
    assert.equal(await Deno.readTextFile(`${dir}/.flux/.gitignore`), "# mine\n*\n");
  });
});

Deno.test("SessionManager brings a .flux/.gitignore an earlier Flux wrote up to date, and only that one", async () => {
  await withRepo(async (dir) => {
    const earlier = await writeEarlierGitignore(dir);
    new SessionManager(dir).close();
    assert.equal(await Deno.readTextFile(`${dir}/.flux/.gitignore`), FLUX_GITIGNORE);
    const status = await git(dir, "status", "--porcelain", "--untracked-files=all");
    assert.equal(status.stdout, "");
    // A store an earlier Flux made, opened by this one: the same.
    await Deno.writeTextFile(`${dir}/.flux/.gitignore`, earlier);
    new SessionManager(dir).close();
    assert.equal(await Deno.readTextFile(`${dir}/.flux/.gitignore`), FLUX_GITIGNORE);
    // One line changed by a person: theirs now.
    await Deno.writeTextFile(`${dir}/.flux/.gitignore`, `${earlier}/notes.md\n`);
    new SessionManager(dir).close();
    assert.equal(await Deno.readTextFile(`${dir}/.flux/.gitignore`), `${earlier}/notes.md\n`);
    // Removed by a person, with the store there: not written again.
    await Deno.remove(`${dir}/.flux/.gitignore`);
    new SessionManager(dir).close();
    await assert.rejects(Deno.stat(`${dir}/.flux/.gitignore`), Deno.errors.NotFound);
  });
});

Deno.test("SessionManager in incognito mode writes no .flux/.gitignore", async () => {
  await withRepo(async (dir) => {
    const sessions = new SessionManager(dir, { incognito: true });
    sessions.recordEvent(EventType.COMMAND, { command: "pytest" });
    sessions.close();
    await assert.rejects(Deno.stat(`${dir}/.flux`), Deno.errors.NotFound);
  });
});

Deno.test("SessionManager leaves a committed .flux/.gitignore an earlier Flux wrote as it is (git status stays clean)", async () => {
  await withRepo(async (dir) => {
    const earlier = await writeEarlierGitignore(dir);
    await git(dir, "add", ".flux/.gitignore");
    await commit(dir);
    new SessionManager(dir).close();
    new SessionManager(dir).close();
    assert.equal(await Deno.readTextFile(`${dir}/.flux/.gitignore`), earlier);
    const status = await git(dir, "status", "--porcelain", "--untracked-files=all");
    assert.equal(status.stdout, "");
  });
});
