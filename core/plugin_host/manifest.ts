/** Reads and validates a plugin's `plugin.json` (untrusted JSON) into a {@linkcode PluginManifest}. */
import { unclosedBracket, unclosedMessage } from "../config/unclosed_bracket.ts";
import { globProblem } from "../monitor/watch_globs.ts";
import type { PluginManifest, PluginPermissions, ProgramGrants } from "./types.ts";
import { isRecord } from "./protocol.ts";

/** A `plugin.json` that cannot be used; the message names the file and the field. */
export class PluginManifestError extends Error {
  override name = "PluginManifestError";
  constructor(readonly plugin: string, readonly file: string, detail: string) {
    super(`Cannot load plugin "${plugin}": ${file} ${detail}`);
  }
}

const PERMISSION_KEYS = ["read", "write", "run", "net", "env"] as const;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Reads `<dir>/plugin.json`; `shownFile` is how messages name it (e.g. `plugins/disk/plugin.json`).
 * Throws {@linkcode PluginManifestError} with one line naming the file and the field.
 */
export async function loadManifest(dir: string, shownFile: string): Promise<PluginManifest> {
  const fallbackName = dir.split("/").pop() ?? dir;
  let text: string;
  try {
    text = await Deno.readTextFile(`${dir}/plugin.json`);
  } catch (error) {
    throw new PluginManifestError(fallbackName, shownFile, `cannot be read (${oneLine(error)})`);
  }
  const manifest = parseManifest(text, fallbackName, shownFile);
  try {
    const info = await Deno.stat(`${dir}/${manifest.entry}`);
    if (!info.isFile) throw new Error("not a file");
  } catch {
    throw new PluginManifestError(
      manifest.name,
      shownFile,
      `names "entry" "${manifest.entry}", which is not a file in the plugin folder`,
    );
  }
  return manifest;
}

/** Validates the text of a `plugin.json`. */
export function parseManifest(text: string, fallbackName: string, file: string): PluginManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const unclosed = unclosedBracket(text);
    const why = unclosed
      ? `line ${lineOf(text, unclosed.offset)}: ${unclosedMessage(unclosed).replace(" here", "")}`
      : oneLine(error);
    throw new PluginManifestError(fallbackName, file, `is not valid JSON (${why})`);
  }
  if (!isRecord(raw)) throw new PluginManifestError(fallbackName, file, "is not a JSON object");
  const named = typeof raw.name === "string" && raw.name !== "" ? raw.name : fallbackName;
  const fail = (detail: string): never => {
    throw new PluginManifestError(named, file, detail);
  };
  if (raw.name === undefined) fail('has no "name"');
  if (typeof raw.name !== "string" || !NAME.test(raw.name)) {
    fail('has a bad "name": use letters, digits, "-", "_" or "."');
  }
  if (raw.kind === undefined) fail('has no "kind"');
  if (raw.kind !== "monitor" && raw.kind !== "step") {
    fail('has a bad "kind": use "monitor" or "step"');
  }
  if (raw.entry === undefined) fail('has no "entry"');
  if (typeof raw.entry !== "string" || !isInsidePath(raw.entry)) {
    fail('has a bad "entry": use a path inside the plugin folder, such as "mod.ts"');
  }
  if (raw.description !== undefined && typeof raw.description !== "string") {
    fail('has a bad "description": use a string');
  }
  const manifest: PluginManifest = {
    name: raw.name as string,
    kind: raw.kind as "monitor" | "step",
    entry: raw.entry as string,
    description: (raw.description as string | undefined) ?? "",
    permissions: parsePermissions(raw.permissions, fail),
  };
  if (raw.programs !== undefined) manifest.programs = parsePrograms(raw.programs, fail);
  if (raw.interval !== undefined) {
    if (typeof raw.interval !== "number" || !(raw.interval > 0)) {
      fail('has a bad "interval": use a number of seconds above 0');
    }
    manifest.interval = raw.interval as number;
  }
  if (raw.watch !== undefined) {
    if (!isStringList(raw.watch)) fail('has a bad "watch": use a list of globs');
    for (const glob of raw.watch as string[]) {
      const problem = globProblem(glob);
      if (problem !== undefined) {
        fail(
          `has a bad "watch" glob ${
            JSON.stringify(glob.slice(0, 40))
          }: ${problem}; fix or remove it`,
        );
      }
    }
    manifest.watch = raw.watch as string[];
  }
  if (raw.stages !== undefined) {
    if (!isStringList(raw.stages) || raw.stages.length === 0 || manifest.kind !== "monitor") {
      fail('has bad "stages": a monitor lists its stage names, the last one the whole check');
    }
    // Whoever shows a check (the TUI, an attached client, the test history) knows the whole check by
    // its name, and "rerun" is the coordinator's confirmation run.
    const stages = raw.stages as string[];
    if (
      stages.at(-1) !== "full" || stages.slice(0, -1).some((s) => s === "full" || s === "rerun")
    ) {
      fail(
        'has bad "stages": the last one is "full" (the whole check), no other is "full" or "rerun"',
      );
    }
    manifest.stages = raw.stages as string[];
  }
  if (manifest.kind === "step") {
    if (raw.step_type === undefined) fail('has no "step_type" (a step plugin needs one)');
    if (typeof raw.step_type !== "string" || !NAME.test(raw.step_type)) {
      fail('has a bad "step_type": use letters, digits, "-", "_" or "."');
    }
    manifest.step_type = raw.step_type as string;
  } else if (raw.step_type !== undefined) {
    fail('has "step_type" but "kind" is "monitor": remove it or use "kind": "step"');
  }
  return manifest;
}

function parsePermissions(raw: unknown, fail: (detail: string) => never): PluginPermissions {
  const permissions: PluginPermissions = { read: [], write: [], run: [], net: [], env: [] };
  if (raw === undefined) return permissions;
  if (!isRecord(raw)) return fail('has a bad "permissions": use an object of lists');
  for (const key of Object.keys(raw)) {
    if (!(PERMISSION_KEYS as readonly string[]).includes(key)) {
      fail(`has an unknown permission "permissions.${key}": use ${PERMISSION_KEYS.join(", ")}`);
    }
  }
  for (const key of PERMISSION_KEYS) {
    const list = raw[key];
    if (list === undefined) continue;
    if (!isStringList(list) || list.some((v) => v === "" || v.includes(","))) {
      fail(`has a bad "permissions.${key}": use a list of non-empty strings without commas`);
    }
    const values = list as string[];
    if (key === "read" || key === "write") {
      const bad = values.find((p) => !isInsidePath(p));
      if (bad !== undefined) {
        fail(`has a bad "permissions.${key}" entry "${bad}": use a path inside the project`);
      }
    }
    permissions[key] = values;
  }
  return permissions;
}

function parsePrograms(raw: unknown, fail: (detail: string) => never): ProgramGrants {
  if (!isRecord(raw)) return fail('has a bad "programs": use an object such as { "write": ["."] }');
  const programs: ProgramGrants = {};
  for (const key of Object.keys(raw)) {
    if (!["write", "net", "sandbox"].includes(key)) {
      fail(`has an unknown "programs.${key}": use write, net or sandbox`);
    }
  }
  if (raw.write !== undefined) {
    if (!isStringList(raw.write) || raw.write.some((p) => p === "" || !isInsidePath(p))) {
      fail('has a bad "programs.write": use a list of paths inside the project');
    }
    programs.write = raw.write as string[];
  }
  for (const key of ["net", "sandbox"] as const) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] !== "boolean") fail(`has a bad "programs.${key}": use true or false`);
    programs[key] = raw[key] as boolean;
  }
  return programs;
}

/** True for a relative path that stays inside its base folder ("." included). */
export function isInsidePath(path: string): boolean {
  if (path.startsWith("/") || path.includes("\0")) return false;
  let depth = 0;
  for (const part of path.split("/")) {
    if (part === "..") depth--;
    else if (part !== "." && part !== "") depth++;
    if (depth < 0) return false;
  }
  return true;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

/** 1-based line of `offset` in `text`. */
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}
