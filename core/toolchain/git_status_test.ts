import { deepEqual, equal, rejects } from "node:assert/strict";
import { gitStatus, gitSummary, parseGitStatus } from "./git_status.ts";
import { runProcess } from "../process/run_process.ts";

async function git(dir: string, ...args: string[]): Promise<void> {
  const r = await runProcess("git", args, {
    cwd: dir,
    env: {
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  });
  if (r.code !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr}`);
}

Deno.test("gitStatus() counts uncommitted, untracked and ahead/behind in a real repository", async () => {
  const root = await Deno.makeTempDir({ prefix: "flux_git_" });
  try {
    const remote = `${root}/remote.git`;
    const dir = `${root}/work`;
    await git(root, "init", "-q", "--bare", remote);
    await git(root, "clone", "-q", remote, dir);
    await git(dir, "checkout", "-q", "-b", "main");
    await Deno.writeTextFile(`${dir}/a.py`, "a = 1\n");
    await Deno.writeTextFile(`${dir}/b.py`, "b = 1\n");
    await git(dir, "add", ".");
    await git(dir, "commit", "-q", "-m", "first");
    await git(dir, "push", "-q", "-u", "origin", "main");
    await Deno.writeTextFile(`${dir}/c.py`, "c = 1\n");
    await git(dir, "add", "c.py");
    await git(dir, "commit", "-q", "-m", "second");
    await Deno.writeTextFile(`${dir}/a.py`, "a = 2\n");
    await git(dir, "mv", "b.py", "b2.py");
    await Deno.writeTextFile(`${dir}/new file.txt`, "x");
    const status = await gitStatus(dir);
    equal(status.branch, "main");
    equal(status.upstream, "origin/main");
    equal(status.ahead, 1);
    equal(status.behind, 0);
    equal(status.uncommitted, 2);
    equal(status.staged, 1);
    equal(status.unstaged, 1);
    equal(status.untracked, 1);
    deepEqual(status.files.sort(), ["a.py", "b2.py", "new file.txt"]);
    deepEqual(status.untrackedFiles, ["new file.txt"]);
    equal(gitSummary(status), "main: 2 uncommitted, 1 untracked, ahead 1");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("gitStatus() fails with git's own line outside a repository", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_nogit_" });
  try {
    await rejects(gitStatus(dir), /Cannot read git status in .*not a git repository/i);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseGitStatus() reads an initial, detached and conflicted state", () => {
  const s = parseGitStatus(
    "# branch.oid (initial)\0# branch.head (detached)\0u UU N... 100644 100644 100644 100644 a b c x.py\0",
  );
  equal(s.commit, null);
  equal(s.branch, null);
  equal(s.conflicts, 1);
  equal(gitSummary(s), "detached: 1 uncommitted, 1 conflicted");
});
