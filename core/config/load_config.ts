/**
 * Reads `.flux/config.yaml`. Each Flux component narrows its own section (`session`, `monitors`, `notify`,
 * `ai`, `tui`, `secrets`, `mcp`); this module only parses the file and reports errors with line:col.
 */
import { LineCounter, parseDocument } from "../deps/yaml.ts";
import { unclosedBracket, unclosedMessage } from "./unclosed_bracket.ts";

/** A problem in a Flux input file, placed by line and column (1-based). */
export class FluxFileError extends SyntaxError {
  override name = "FluxFileError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column} ${detail}`);
  }
}

/** The parsed config: the raw top-level mapping, still untrusted, and the file it came from. */
export interface FluxConfig {
  file: string;
  exists: boolean;
  raw: Record<string, unknown>;
}

/** Path of the config file of `projectDir`. */
export function configPath(projectDir: string): string {
  return `${projectDir}/.flux/config.yaml`;
}

/** Loads the config; a missing file is an empty config, a malformed one throws {@linkcode FluxFileError}. */
export async function loadConfig(projectDir: string): Promise<FluxConfig> {
  const file = configPath(projectDir);
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { file, exists: false, raw: {} };
    throw error;
  }
  return { file, exists: true, raw: parseConfigText(text, file) };
}

/** Parses config text; exported for tests and for `flux doctor`. */
export function parseConfigText(text: string, file: string): Record<string, unknown> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  const first = doc.errors[0];
  const unclosed = first ? unclosedBracket(text) : undefined;
  if (unclosed) {
    const pos = lineCounter.linePos(unclosed.offset);
    throw new FluxFileError(file, pos.line, pos.col, unclosedMessage(unclosed));
  }
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new FluxFileError(
      file,
      pos.line,
      pos.col,
      first.message.split("\n")[0] ?? "invalid YAML",
    );
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) {
    throw new FluxFileError(file, 1, 1, "the config must be a mapping of sections (key: value)");
  }
  return value;
}

/** Narrows `value` to a plain object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns `config.raw[name]` when it is a mapping, `{}` when absent; throws when it has another shape. */
export function configSection(config: FluxConfig, name: string): Record<string, unknown> {
  const value = config.raw[name];
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    throw new FluxFileError(config.file, 1, 1, `section "${name}" must be a mapping`);
  }
  return value;
}
