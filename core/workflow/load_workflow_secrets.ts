/**
 * Secrets of a workflow run: every entry of `.flux/secrets` (one per line, `NAME=value` or a bare value;
 * `#` comments), plus the values of the variables a workflow lists under `secrets:` (from its `env`,
 * `.flux/secrets` or the environment).
 * Named entries are also given to steps as environment variables. A value shorter than 4 characters,
 * longer than 16 KiB, or past the 1,000th is refused with the file, line and column.
 */

import { checkSecret, readSessionConfig } from "../session/session_config.ts";
import { secretValuesOf } from "../secrets/redact.ts";

/** What {@linkcode loadWorkflowSecrets} found. */
export interface WorkflowSecrets {
  /** Values to mask everywhere. */
  values: string[];
  /** `NAME=value` entries of `.flux/secrets`, passed to steps as environment variables. */
  env: Record<string, string>;
}

/** Reads `.flux/secrets` of `projectDir` and resolves the `declared` variable names. */
export async function loadWorkflowSecrets(
  projectDir: string,
  declared: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): Promise<WorkflowSecrets> {
  const secrets: WorkflowSecrets = { values: [], env: {} };
  let text = "";
  try {
    text = await Deno.readTextFile(`${projectDir}/.flux/secrets`);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    const value = unquote(match ? match[2]!.trim() : line);
    if (match) secrets.env[match[1]!] = value;
    if (!value) continue;
    const at = raw.lastIndexOf(value) + 1;
    checkSecret(".flux/secrets", index + 1, at, value, secrets.values.length + 1);
    secrets.values.push(value);
  }
  for (const name of declared) {
    const value = env[name] ?? secrets.env[name] ?? Deno.env.get(name);
    if (value) secrets.values.push(value);
  }
  // `session.secrets` of config.yaml (checked there, file:line:col on a refused one) mask runs too.
  secrets.values.push(...readSessionConfig(projectDir).secrets);
  // Values handed to steps under a secret-looking name (`DB_PASS`, `API_TOKEN`) are masked undeclared.
  secrets.values.push(...secretValuesOf(env));
  secrets.values = [...new Set(secrets.values)];
  return secrets;
}

function unquote(value: string): string {
  const q = value[0];
  return (q === '"' || q === "'") && value.endsWith(q) && value.length >= 2
    ? value.slice(1, -1)
    : value;
}
