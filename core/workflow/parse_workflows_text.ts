/**
 * Parses the text of a workflows file with `npm:yaml`, keeping the document (for comment-keeping saves)
 * and a locator that maps a path inside the value to its line and column.
 */
import { unclosedBracket, unclosedMessage } from "../config/unclosed_bracket.ts";
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from "../deps/yaml.ts";
import type { WorkflowDiagnostic } from "./workflow_diagnostic.ts";

/** Largest workflows file Flux reads. */
export const MAX_WORKFLOW_FILE_BYTES = 1024 * 1024;
/** Most alias expansions accepted (an alias bomb exceeds it at once). */
export const MAX_ALIAS_COUNT = 200;

/** A path into the parsed value: mapping keys and sequence indexes. */
export type ValuePath = readonly (string | number)[];

/** Maps a path to a position; `key` places the mapping key instead of its value. */
export type Locator = (path: ValuePath, key?: boolean) => { line: number; column: number };

/** The parsed file: its untrusted value, where each part is, and the YAML document. */
export interface ParsedWorkflowsText {
  file: string;
  value: unknown;
  locate: Locator;
  doc: Document | undefined;
  diagnostics: WorkflowDiagnostic[];
}

/**
 * Reads a workflows file without reading more than the limit: a bigger file comes back as its size only
 * (`text` empty), for {@linkcode parseWorkflowsText} to refuse. Undefined when there is no file.
 */
export async function readWorkflowsFile(
  path: string,
): Promise<{ text: string; size: number } | undefined> {
  let size: number;
  try {
    size = (await Deno.stat(path)).size;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  if (size > MAX_WORKFLOW_FILE_BYTES) return { text: "", size };
  return { text: await Deno.readTextFile(path), size };
}

/** Parses `text`; errors (syntax, size, alias bombs) come back as diagnostics, never thrown. */
export function parseWorkflowsText(
  text: string,
  file: string,
  options: { size?: number } = {},
): ParsedWorkflowsText {
  const none: Locator = () => ({ line: 1, column: 1 });
  const bytes = Math.max(options.size ?? 0, new TextEncoder().encode(text).length);
  if (bytes > MAX_WORKFLOW_FILE_BYTES) {
    const size = (bytes / 1024 / 1024).toFixed(1);
    return {
      file,
      value: undefined,
      locate: none,
      doc: undefined,
      diagnostics: [
        error(file, 1, 1, `File is ${size} MB; a workflows file may be at most 1 MB: split it`),
      ],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter, merge: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const unclosed = doc.errors.length > 0 ? unclosedBracket(text) : undefined;
  const diagnostics = unclosed
    // The library's errors point where the text stopped fitting the bracket; the fix is where it opened.
    ? [
      error(
        file,
        at(unclosed.offset).line,
        at(unclosed.offset).column,
        `Invalid YAML: ${unclosedMessage(unclosed)}`,
      ),
    ]
    : doc.errors.map((e) => {
      const pos = at(e.pos[0]);
      return error(file, pos.line, pos.column, yamlMessage(e.message));
    });
  const locate: Locator = (path, key = false) => at(findOffset(doc, path, key));
  if (diagnostics.length > 0) return { file, value: undefined, locate, doc, diagnostics };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const alias = firstAliasOffset(text);
    const pos = at(alias);
    const why = e instanceof Error && /alias/i.test(e.message)
      ? `Too many alias expansions (more than ${MAX_ALIAS_COUNT}): remove the nested aliases`
      : `Cannot read YAML: ${e instanceof Error ? e.message : String(e)}`;
    return {
      file,
      value: undefined,
      locate,
      doc,
      diagnostics: [error(file, pos.line, pos.column, why)],
    };
  }
  return { file, value, locate, doc, diagnostics };
}

function error(file: string, line: number, column: number, message: string): WorkflowDiagnostic {
  return { file, line, column, message, severity: "error" };
}

/** The yaml library's first line, in Flux's sentence case and without its trailing position. */
function yamlMessage(message: string): string {
  const first = (message.split("\n")[0] ?? "invalid YAML").replace(
    / at line \d+, column \d+:?$/,
    "",
  );
  return `Invalid YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

function firstAliasOffset(text: string): number {
  const match = /(^|[\s,[{:-])\*[^\s,\]}]+/m.exec(text);
  return match ? match.index + match[1]!.length : 0;
}

interface RangedNode {
  range?: [number, number, number] | null;
}

function offsetOf(node: unknown, fallback: number): number {
  const range = (node as RangedNode | null)?.range;
  return range ? range[0] : fallback;
}

/** Offset of the deepest node along `path` (the parent when the rest is missing). */
function findOffset(doc: Document, path: ValuePath, key: boolean): number {
  let node: unknown = doc.contents;
  let offset = offsetOf(node, 0);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    node = resolveAlias(doc, node);
    if (isMap(node)) {
      const pair = node.items.find((p) =>
        isScalar(p.key) && String(p.key.value) === String(segment)
      );
      if (!pair) return offset;
      if (key && i === path.length - 1) return offsetOf(pair.key, offset);
      node = pair.value;
      offset = offsetOf(node, offsetOf(pair.key, offset));
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      if (node === undefined) return offset;
      offset = offsetOf(node, offset);
    } else {
      return offset;
    }
  }
  return offset;
}

function resolveAlias(doc: Document, node: unknown): unknown {
  const alias = node as { source?: unknown; resolve?: (d: Document) => unknown } | null;
  if (alias && typeof alias.source === "string" && typeof alias.resolve === "function") {
    return alias.resolve(doc) ?? node;
  }
  return node;
}
