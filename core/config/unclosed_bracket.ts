/**
 * Where an unclosed `[` or `{` opened. The YAML library notices a flow collection is unclosed only where
 * the text stops fitting it (the next line, or the end of the file), so its error names the wrong line;
 * every reader of YAML (workflows.yaml, config.yaml) and of JSON (plugin.json) reports the opening instead.
 */
import { Parser } from "../deps/yaml.ts";

/** An unclosed flow collection: where its bracket is (0-based offset) and what closes it. */
export interface UnclosedBracket {
  offset: number;
  open: "[" | "{";
  close: "]" | "}";
}

const CLOSE = { "[": "]", "{": "}" } as const;

/**
 * The last-opened `[` or `{` of `text` that is never closed, or undefined when all are closed (quoted
 * strings, comments and brackets inside plain scalars such as `echo [1, 2` are not brackets; the
 * library's lexer decides).
 */
export function unclosedBracket(text: string): UnclosedBracket | undefined {
  let found: UnclosedBracket | undefined;
  const visit = (token: unknown): void => {
    if (Array.isArray(token)) return token.forEach(visit);
    if (typeof token !== "object" || token === null) return;
    const t = token as Record<string, unknown>;
    if (t.type === "flow-collection") {
      const start = t.start as { source?: string; offset?: number } | undefined;
      const open = start?.source;
      if (open === "[" || open === "{") {
        const ends = Array.isArray(t.end) ? t.end as Array<{ source?: string }> : [];
        const offset = typeof start?.offset === "number" ? start.offset : Number(t.offset);
        if (!ends.some((e) => e.source === CLOSE[open]) && (!found || offset > found.offset)) {
          found = { offset, open, close: CLOSE[open] };
        }
      }
    }
    for (const key of ["items", "key", "sep", "value", "start", "end"]) {
      if (key in t && t[key] !== token) visit(t[key]);
    }
  };
  for (const token of new Parser().parse(text)) visit(token);
  return found;
}

/** The message for an unclosed bracket, placed at its line and column by the caller. */
export function unclosedMessage(bracket: UnclosedBracket): string {
  const what = bracket.open === "[" ? "list" : "mapping";
  return `"${bracket.open}" opened here is never closed: add "${bracket.close}" where the ${what} ends`;
}
