/**
 * The OS sandbox of the programs plugins and sandboxed workflow steps start: bubblewrap (`bwrap`) with
 * the whole file system read-only, a private `/tmp`, writes only in the granted folders (and the tool
 * caches of {@linkcode toolCaches}), no network unless granted, its own PID namespace (so nothing it
 * starts outlives it) and `--die-with-parent`. See ARCHITECTURE.md for why bwrap is used directly.
 */

/** What a sandboxed program may do. All paths absolute. */
export interface SandboxGrant {
  /** Folders it may write (besides its private `/tmp` and the tool caches). */
  write: string[];
  /**
   * Folders inside a write grant that stay read-only (the project's `.flux` and `.git`: a program that
   * rewrote them could change what Flux runs next, or plant a git hook); a write grant inside one of
   * them (`.flux/tmp`) is writable again.
   */
  readOnly?: string[];
  /** Folders under `/tmp` that stay visible (read-only unless granted) over the private `/tmp`. */
  visible?: string[];
  /** True: it may use the network; false: it sees only its own loopback device. */
  network: boolean;
}

/**
 * The sandbox a workflow step's options ask for (`ctx.options.sandbox`, set by the executor from the
 * workflow's `sandbox:`), narrowed; undefined when there is none or it is malformed.
 */
export function requestedSandbox(value: unknown): SandboxGrant | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { write, network } = value as Record<string, unknown>;
  if (!Array.isArray(write) || !write.every((w) => typeof w === "string")) return undefined;
  return { write: [...write], network: network === true };
}

let problem: string | undefined | null = null;

/**
 * Why no OS sandbox can start on this machine (one clause naming the cause and the fix), or undefined
 * when one can. Checked once per process by starting `bwrap` for real.
 */
export function osSandboxProblem(): string | undefined {
  if (problem !== null) return problem;
  problem = probe();
  return problem;
}

function probe(): string | undefined {
  if (Deno.build.os !== "linux") {
    return `the OS sandbox needs Linux with bubblewrap, and this is ${Deno.build.os}`;
  }
  try {
    const out = new Deno.Command("bwrap", {
      args: [...baseArgs({ write: [], network: false }), "--", "true"],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).outputSync();
    if (out.success) return undefined;
    const why = new TextDecoder().decode(out.stderr).trim().split("\n")[0] ?? "";
    return `bubblewrap cannot start here (${why}): allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)`;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return "bubblewrap is not installed: install it (apt-get install bubblewrap)";
    }
    return `bubblewrap cannot start here (${(error as Error).message.split("\n")[0]})`;
  }
}

/** The `bwrap` command line that runs `cmd args` inside `grant`. */
export function sandboxArgs(
  cmd: string,
  args: string[],
  grant: SandboxGrant,
  cwd?: string,
): string[] {
  return [
    ...baseArgs(grant),
    ...(cwd === undefined ? [] : ["--chdir", cwd]),
    "--",
    cmd,
    ...args,
  ];
}

/** True when bwrap itself could not find `cmd` (its own 127 equivalent). */
export function sandboxNotFound(stderr: string): boolean {
  return /^bwrap: execvp [^\n]*: No such file or directory$/m.test(stderr);
}

/**
 * Caches the tools Flux runs write to (deno, npm, go, cargo, pip, pytest's per-user cache): writable in
 * every sandbox, since a check that cannot write its cache fails or redoes minutes of work. Only folders
 * that exist are bound.
 */
export function toolCaches(env: (key: string) => string | undefined = Deno.env.get): string[] {
  const home = env("HOME");
  const caches = [
    env("DENO_DIR"),
    env("XDG_CACHE_HOME") ?? (home && `${home}/.cache`),
    env("npm_config_cache") ?? (home && `${home}/.npm`),
    env("GOCACHE"),
    env("GOMODCACHE") ?? (home && `${home}/go/pkg/mod`),
    env("CARGO_HOME") ? `${env("CARGO_HOME")}/registry` : home && `${home}/.cargo/registry`,
    home && `${home}/.cargo/git`,
  ];
  return [...new Set(caches.filter((c): c is string => typeof c === "string" && c !== ""))];
}

function baseArgs(grant: SandboxGrant): string[] {
  const args = [
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    "--tmpfs",
    "/tmp",
    "--setenv",
    "TMPDIR",
    "/tmp",
    "--unshare-pid",
    "--unshare-ipc",
    "--die-with-parent",
  ];
  if (!grant.network) args.push("--unshare-net");
  for (const dir of grant.visible ?? []) {
    if (isWithin(dir, "/tmp")) args.push("--ro-bind-try", dir, dir);
  }
  const write = [...new Set([...grant.write, ...toolCaches()])].sort(byDepth);
  const readOnly = (grant.readOnly ?? []).filter((r) => write.some((w) => isWithin(r, w)));
  for (const dir of write) args.push("--bind-try", dir, dir);
  for (const dir of readOnly.sort(byDepth)) args.push("--ro-bind-try", dir, dir);
  for (const dir of write) {
    if (readOnly.some((r) => r !== dir && isWithin(dir, r))) args.push("--bind-try", dir, dir);
  }
  return args;
}

function byDepth(a: string, b: string): number {
  return a.split("/").length - b.split("/").length || (a < b ? -1 : a > b ? 1 : 0);
}

function isWithin(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}
