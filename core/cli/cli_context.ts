/** What every CLI subcommand needs: where the project is, how to print, and how user mistakes end. */
import type { Command } from "../deps/commander.ts";

/** A user mistake: printed as one line, exit code 2 (or the given code). */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/** Options shared by all subcommands, read from the root program. */
export interface GlobalOptions {
  project?: string;
  incognito?: boolean;
}

/**
 * The folder Flux works on: `--project DIR`, else `INIT_CWD` (set by `deno task`, which runs in the folder
 * of deno.json), else the current directory. Always absolute, without a trailing slash.
 */
export function resolveProjectDir(program: Command): string {
  const opts = program.opts<GlobalOptions>();
  const raw = opts.project ?? Deno.env.get("INIT_CWD") ?? Deno.cwd();
  const abs = raw.startsWith("/") ? raw : `${Deno.cwd()}/${raw}`;
  try {
    return Deno.realPathSync(abs);
  } catch {
    throw new UsageError(
      `Project folder "${raw}" does not exist: pass an existing folder to --project`,
    );
  }
}

/** True when colour may be used on stdout. */
export function useColor(): boolean {
  return !Deno.env.get("NO_COLOR") && Deno.stdout.isTerminal();
}

/** Prints `value` as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/** The root program, for subcommands registered on a nested command. */
export function rootOf(command: Command): Command {
  let c = command;
  while (c.parent) c = c.parent;
  return c;
}
