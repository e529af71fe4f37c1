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
 * The folder Flux works on: `--project DIR`, else the folder the user started Flux from
 * ({@linkcode startFolder}). Always absolute, without a trailing slash.
 */
export function resolveProjectDir(program: Command): string {
  const opts = program.opts<GlobalOptions>();
  const raw = opts.project ?? startFolder();
  const abs = raw.startsWith("/") ? raw : `${Deno.cwd()}/${raw}`;
  try {
    return Deno.realPathSync(abs);
  } catch {
    throw new UsageError(
      `Project folder "${raw}" does not exist: pass an existing folder to --project`,
    );
  }
}

/**
 * The folder the user started Flux from. `deno task flux` runs in the folder of Flux's deno.json and passes
 * the user's folder as `INIT_CWD`; any other start (an installed `flux`, `deno run`) uses the current folder,
 * even when an outer npm or deno task left `INIT_CWD` behind.
 */
export function startFolder(): string {
  const cwd = Deno.cwd();
  const initCwd = Deno.env.get("INIT_CWD");
  const fluxRoot = new URL("../../", import.meta.url);
  if (!initCwd || fluxRoot.protocol !== "file:") return cwd;
  try {
    return Deno.realPathSync(cwd) === Deno.realPathSync(fluxRoot) ? initCwd : cwd;
  } catch {
    return cwd;
  }
}

/** True when colour may be used on stdout. */
export function useColor(): boolean {
  return !Deno.env.get("NO_COLOR") && Deno.stdout.isTerminal();
}

/** Prints `value` as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  console.log(inertJson(JSON.stringify(value, null, 2)));
}

/**
 * JSON text with nothing a terminal acts on: JSON escapes C0 controls itself; this escapes C1 controls
 * (0x80-0x9f, U+009B is CSI) and bidi overrides too, as `\u009b`, which parses back to the same value.
 */
export function inertJson(json: string): string {
  return json.replace(
    /[\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The root program, for subcommands registered on a nested command. */
export function rootOf(command: Command): Command {
  let c = command;
  while (c.parent) c = c.parent;
  return c;
}
