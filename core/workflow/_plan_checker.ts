/** Collects diagnostics while a workflows value is checked, and narrows its scalar fields. */
import type { Locator, ValuePath } from "./parse_workflows_text.ts";
import type { WorkflowDiagnostic } from "./workflow_diagnostic.ts";

/** Shared state of one validation pass. */
export class PlanChecker {
  readonly diagnostics: WorkflowDiagnostic[] = [];
  /** Where each planned step was written. */
  readonly paths = new WeakMap<object, ValuePath>();
  constructor(
    readonly file: string,
    readonly locate: Locator,
    readonly stepTypes: ReadonlySet<string>,
    /** Step types of plugins that cannot run now, with the reason (untrusted, broken, ...). */
    readonly unavailable: ReadonlyMap<string, string> = new Map(),
  ) {}

  error(path: ValuePath, message: string, key = false): void {
    this.#add(path, message, key, "error");
  }

  warning(path: ValuePath, message: string): void {
    this.#add(path, message, false, "warning");
  }

  #add(path: ValuePath, message: string, key: boolean, severity: "error" | "warning"): void {
    const { line, column } = this.locate(path, key);
    const workflow = typeof path[0] === "string" ? { workflow: path[0] } : {};
    this.diagnostics.push({ file: this.file, line, column, message, severity, ...workflow });
  }

  /** A string field; an error when present with another type. */
  string(obj: Record<string, unknown>, field: string, path: ValuePath, what: string) {
    const value = obj[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string") return value;
    this.error([...path, field], `${what} "${field}" must be text, not ${describe(value)}`);
    return undefined;
  }

  /** A positive number of seconds, returned in milliseconds. */
  seconds(obj: Record<string, unknown>, field: string, path: ValuePath, what: string) {
    const value = obj[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number" && Number.isFinite(value) && value > 0 && value <= 604800) {
      return Math.round(value * 1000);
    }
    this.error(
      [...path, field],
      `${what} "${field}" must be a number of seconds between 0 and 604800, not ${describe(value)}`,
    );
    return undefined;
  }

  /** A mapping of environment variables; values may be text, numbers or booleans. */
  env(obj: Record<string, unknown>, path: ValuePath, what: string): Record<string, string> {
    const value = obj.env;
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) {
      this.error([...path, "env"], `${what} "env" must be a mapping of NAME: value`);
      return {};
    }
    const out: Record<string, string> = {};
    for (const [name, v] of Object.entries(value)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        this.error(
          [...path, "env", name],
          `Environment variable name "${name}" is not valid`,
          true,
        );
      } else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
        out[name] = String(v);
      } else {
        this.error(
          [...path, "env", name],
          `Environment variable "${name}" must be text or a number`,
        );
      }
    }
    return out;
  }

  /** Reports fields of `obj` not in `allowed`, suggesting the nearest known one. */
  unknownFields(
    obj: Record<string, unknown>,
    allowed: readonly string[],
    path: ValuePath,
    what: string,
  ) {
    for (const field of Object.keys(obj)) {
      if (allowed.includes(field)) continue;
      const near = nearest(field, allowed);
      const hint = near ? ` (did you mean "${near}"?)` : `: known fields are ${allowed.join(", ")}`;
      this.error([...path, field], `Unknown field "${field}" in ${what}${hint}`, true);
    }
  }
}

/** Narrows to a plain mapping. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value's kind in a message: `a list`, `the number 3`, `"text"`. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "a mapping";
  if (typeof value === "string") return `"${value}"`;
  if (value === null || value === undefined) return "nothing";
  if (typeof value === "number") return `the number ${value}`;
  return `${typeof value} ${String(value)}`;
}

function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}
