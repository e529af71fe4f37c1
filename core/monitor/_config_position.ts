/**
 * Where a setting of `.flux/config.yaml` is, for error messages that name its line and column: read again
 * only when a setting is refused (the shared loader keeps the parsed values, not their places).
 */
import { type FluxConfig, FluxFileError } from "../config/load_config.ts";
import { LineCounter, parseDocument } from "../deps/yaml.ts";

/** 1-based line and column of the value at `path` (else its closest present parent), or 1:1. */
export function configPosition(file: string, path: (string | number)[]): [number, number] {
  let text: string;
  try {
    text = Deno.readTextFileSync(file);
  } catch {
    return [1, 1];
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node?.range) {
      const pos = lines.linePos(node.range[0]);
      return [pos.line, pos.col];
    }
  }
  return [1, 1];
}

/** A {@linkcode FluxFileError} for the setting at `path`: `<file>:<line>:<col> <detail>`. */
export function configError(
  config: FluxConfig,
  path: (string | number)[],
  detail: string,
): FluxFileError {
  const [line, column] = configPosition(config.file, path);
  return new FluxFileError(config.file, line, column, detail);
}
