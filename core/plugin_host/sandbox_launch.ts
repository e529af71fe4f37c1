/**
 * The command line that starts a sandboxed plugin's subprocess. Run from source, it is the `deno`
 * binary running `sandbox_main.ts` with only the plugin's `--allow-*`/`--deny-*` flags. A compiled Flux
 * (`deno compile`) has no `deno` to call and cannot take permission flags at run time, so it re-launches
 * itself (`Deno.execPath()` is the flux binary) through a hidden subcommand; that process starts the
 * plugin's worker with exactly the plugin's permissions (the `deno.permissions` worker option) and its
 * heap cap comes through `DENO_V8_FLAGS`.
 */

/** The hidden subcommand a compiled Flux re-launches itself with; never shown in `--help`. */
export const SANDBOX_SUBCOMMAND = "__plugin-sandbox";

/** What {@linkcode sandboxLaunch} needs. */
export interface SandboxLaunchOptions {
  /** True in a binary built by `deno compile` (`Deno.build.standalone`). */
  standalone: boolean;
  /** The program to start: the `deno` binary from source, the flux binary itself when compiled. */
  execPath: string;
  /** URL of `sandbox_main.ts` (run from source only). */
  sandboxMain: string;
  /** `--allow-*`/`--deny-*` flags of the plugin (run from source). */
  flags: string[];
  /** The same grants as Web Worker permissions (compiled). */
  permissions: Deno.PermissionOptionsObject;
  heapMb: number;
}

/** A program, its arguments and the environment variables to add to the sandbox's clean environment. */
export interface SandboxLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** See the module comment. */
export function sandboxLaunch(options: SandboxLaunchOptions): SandboxLaunch {
  const heap = `--max-old-space-size=${options.heapMb}`;
  if (options.standalone) {
    return {
      command: options.execPath,
      args: [SANDBOX_SUBCOMMAND, JSON.stringify(options.permissions)],
      env: { DENO_V8_FLAGS: heap },
    };
  }
  return {
    command: options.execPath,
    args: [
      "run",
      "--no-prompt",
      "--no-config",
      "--no-lock",
      // Remote and npm code is never loaded: what runs is what the trust hash covers.
      "--no-remote",
      "--no-npm",
      "--quiet",
      `--v8-flags=${heap}`,
      ...options.flags,
      options.sandboxMain,
    ],
    env: {},
  };
}

/**
 * The worker permissions a re-launched compiled Flux was given (the argument after the hidden
 * subcommand); throws a one-line Error when it is not what {@linkcode sandboxLaunch} writes.
 */
export function parseSandboxPermissions(text: string | undefined): Deno.PermissionOptionsObject {
  let value: unknown;
  try {
    value = JSON.parse(text ?? "");
  } catch {
    throw new Error(
      `${SANDBOX_SUBCOMMAND} is Flux's own: it needs the plugin's permissions as JSON`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(
      `${SANDBOX_SUBCOMMAND} is Flux's own: it needs the plugin's permissions as JSON`,
    );
  }
  const permissions = value as Record<string, unknown>;
  // Never more than a plugin may get: programs, FFI and system information stay off whatever it says.
  return { ...permissions, run: false, ffi: false, sys: false } as Deno.PermissionOptionsObject;
}
