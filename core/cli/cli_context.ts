/** What every CLI subcommand needs: where the project is, how to print, and how user mistakes end. */
import type { Command } from "../deps/commander.ts";
import {
  findProjectRoot,
  isHomeFolder,
  isOwnProject,
  PROJECT_MANIFESTS,
  projectRootOf,
} from "../fs/find_project_root.ts";

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
 * The project Flux works on, always absolute without a trailing slash. `--project DIR` wins: that folder
 * when it is a project of its own, else the project it lies in, else the folder as named. Without it, the
 * project the start folder ({@linkcode startFolder}) lies in: the nearest folder with `.flux/`, else the git
 * root, else the nearest project manifest. Flux never makes its `.flux/` in the home folder or in a folder
 * that is no project: that is a one-line usage error.
 */
export function resolveProjectDir(program: Command): string {
  const opts = program.opts<GlobalOptions>();
  if (opts.project !== undefined) return namedProject(opts.project);
  const start = startFolder();
  const found = findProjectRoot(start);
  if (found) return found.dir;
  const where = isHomeFolder(start) ? "your home folder" : `"${start}"`;
  throw new UsageError(
    `No project found in ${where} or above (no .flux/, git repository or ${
      PROJECT_MANIFESTS.slice(0, 5).join(", ")
    }...): run flux inside a project, or pass --project DIR`,
  );
}

function namedProject(raw: string): string {
  const abs = raw.startsWith("/") ? raw : `${Deno.cwd()}/${raw}`;
  let real: string;
  try {
    real = Deno.realPathSync(abs);
  } catch {
    throw new UsageError(
      `Project folder "${raw}" does not exist: pass an existing folder to --project`,
    );
  }
  const dir = projectRootOf(real);
  if (isHomeFolder(dir) && !isOwnProject(dir)) {
    throw new UsageError(
      `Flux does not keep a .flux/ in your home folder "${dir}": pass a project folder to --project`,
    );
  }
  return dir;
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
