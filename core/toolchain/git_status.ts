/**
 * Reads `git status --porcelain=v2 --branch -z`: branch, upstream, ahead/behind and counts of staged,
 * unstaged, conflicted and untracked files. `GIT_OPTIONAL_LOCKS=0` keeps git from refreshing the index,
 * so a status check neither writes into `.git/` nor races the user's own git commands.
 */
import { requiredObject, requiredText } from "../api/required.ts";
import { runProcess } from "../process/run_process.ts";

/** The state of a git work tree. */
export interface GitStatus {
  /** Branch name, or null when HEAD is detached. */
  branch: string | null;
  /** HEAD commit, or null before the first commit. */
  commit: string | null;
  upstream: string | null;
  ahead: number;
  behind: number;
  /** Tracked files with staged or unstaged changes (conflicts included). */
  uncommitted: number;
  staged: number;
  unstaged: number;
  conflicts: number;
  untracked: number;
  /** Changed paths (tracked and untracked), relative to the repository root, at most 200. */
  files: string[];
  /** The untracked ones among `files`. */
  untrackedFiles: string[];
}

/** Options for {@linkcode gitStatus}. */
export interface GitStatusOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Runs git in `projectDir`; throws an Error with git's own line when it is not a repository. */
export async function gitStatus(
  projectDir: string,
  options: GitStatusOptions = {},
): Promise<GitStatus> {
  requiredText(projectDir, "gitStatus's projectDir", 'gitStatus("/project")');
  const result = await runProcess("git", ["status", "--porcelain=v2", "--branch", "-z"], {
    cwd: projectDir,
    env: { GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
    timeoutMs: options.timeoutMs ?? 30_000,
    graceMs: 500, // SIGKILL within the plugin host's cancel grace, as for the tools
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.notFound) throw new Error("Cannot read git status: git is not installed");
  if (result.code !== 0) {
    const line = result.stderr.trim().split("\n")[0] || `git exited with code ${result.code}`;
    throw new Error(`Cannot read git status in "${projectDir}": ${line}`);
  }
  return parseGitStatus(result.stdout);
}

/** Parses porcelain v2 output with `-z` (NUL-separated records; a rename carries its origin next). */
export function parseGitStatus(text: string): GitStatus {
  const status: GitStatus = {
    branch: null,
    commit: null,
    upstream: null,
    ahead: 0,
    behind: 0,
    uncommitted: 0,
    staged: 0,
    unstaged: 0,
    conflicts: 0,
    untracked: 0,
    files: [],
    untrackedFiles: [],
  };
  const records = text.split("\0");
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.startsWith("# ")) {
      header(status, record.slice(2));
      continue;
    }
    const type = record[0];
    if (type === "1" || type === "2" || type === "u") {
      const fields = record.split(" ");
      const xy = fields[1] ?? "..";
      const pathFields = type === "1" ? 8 : type === "2" ? 9 : 10;
      const path = fields.slice(pathFields).join(" ");
      if (type === "2") i++; // The origin path of a rename or copy follows as its own record.
      status.uncommitted++;
      if (type === "u") status.conflicts++;
      else {
        if (xy[0] !== ".") status.staged++;
        if (xy[1] !== ".") status.unstaged++;
      }
      if (status.files.length < 200) status.files.push(path);
    } else if (type === "?") {
      status.untracked++;
      if (status.files.length < 200) {
        status.files.push(record.slice(2));
        status.untrackedFiles.push(record.slice(2));
      }
    }
  }
  return status;
}

function header(status: GitStatus, line: string): void {
  const [key, ...rest] = line.split(" ");
  const value = rest.join(" ");
  if (key === "branch.oid") status.commit = value === "(initial)" ? null : value;
  else if (key === "branch.head") status.branch = value === "(detached)" ? null : value;
  else if (key === "branch.upstream") status.upstream = value;
  else if (key === "branch.ab") {
    const m = /^\+(\d+) -(\d+)$/.exec(value);
    if (m) {
      status.ahead = Number(m[1]);
      status.behind = Number(m[2]);
    }
  }
}

/** "main: 2 uncommitted, 1 untracked, ahead 1", "main: clean", "detached at 1a2b3c4: clean". */
export function gitSummary(status: GitStatus): string {
  requiredObject(status, "gitSummary's status", 'gitSummary(await gitStatus("/project"))');
  const where = status.branch ??
    (status.commit ? `detached at ${status.commit.slice(0, 7)}` : "detached");
  const parts: string[] = [];
  if (status.uncommitted > 0) parts.push(`${status.uncommitted} uncommitted`);
  if (status.conflicts > 0) parts.push(`${status.conflicts} conflicted`);
  if (status.untracked > 0) parts.push(`${status.untracked} untracked`);
  if (status.ahead > 0) parts.push(`ahead ${status.ahead}`);
  if (status.behind > 0) parts.push(`behind ${status.behind}`);
  return `${where}: ${parts.length > 0 ? parts.join(", ") : "clean"}`;
}
