/**
 * Context variables (`{prev_step_result}`, `{steps.build.output}`, ...). In a command they become quoted
 * references to environment variables (`"$FLUX_STEPS_BUILD_OUTPUT"`), so a value never becomes shell text;
 * in other steps' text parameters (a notify message) the value is put in place.
 */

const PLACEHOLDER =
  /\{(prev_step_result|prev_step_output|prev_step_success|workflow\.name|project_dir|steps\.([A-Za-z0-9_-]+)\.(output|success|outcome))\}/g;

/** The environment variable that carries a placeholder: `steps.build.output` -> `FLUX_STEPS_BUILD_OUTPUT`. */
export function variableName(placeholder: string): string {
  return `FLUX_${placeholder.replace(/[^A-Za-z0-9]+/g, "_").toUpperCase()}`;
}

/** Every placeholder in `text` (without braces). */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "");
}

/** Step names that `{steps.<name>.…}` placeholders in `text` refer to. */
export function stepsNamedIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].flatMap((m) => m[2] ? [m[2]] : []);
}

/**
 * Rewrites the placeholders of a shell command into references to their environment variables, quoted for
 * where they stand: `"$V"` outside quotes, `${V}` inside double quotes, `'"$V"'` inside single quotes.
 * `${...}` is the shell's own syntax and is left alone.
 */
export function rewriteCommand(command: string): { command: string; variables: string[] } {
  const variables = new Set<string>();
  let out = "";
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (ch === "{" && command[i - 1] !== "$") {
      PLACEHOLDER.lastIndex = i;
      const match = PLACEHOLDER.exec(command);
      if (match && match.index === i) {
        const name = variableName(match[1] ?? "");
        variables.add(match[1] ?? "");
        out += quote === '"' ? `\${${name}}` : quote === "'" ? `'"$${name}"'` : `"$${name}"`;
        i += match[0].length - 1;
        continue;
      }
    }
    if (ch === "\\" && quote !== "'") {
      out += ch + (command[i + 1] ?? "");
      i++;
      continue;
    }
    if (quote === null && (ch === "'" || ch === '"')) quote = ch;
    else if (quote === ch) quote = null;
    out += ch;
  }
  PLACEHOLDER.lastIndex = 0;
  return { command: out, variables: [...variables] };
}

/** Where the values of context variables come from (a `Map`, or a lookup computing them on demand). */
export interface VariableLookup {
  get(name: string): string | undefined;
}

/** Puts values in place in plain text (not shell text); unknown names are left as written. */
export function fillText(text: string, values: VariableLookup): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values.get(name) ?? whole);
}

/** Fills every string inside a JSON-like value. */
export function fillValue(value: unknown, values: VariableLookup): unknown {
  if (typeof value === "string") return fillText(value, values);
  if (Array.isArray(value)) return value.map((v) => fillValue(v, values));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillValue(v, values)]));
  }
  return value;
}
