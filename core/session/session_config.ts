/**
 * The `session:` section of `.flux/config.yaml` and the declared secrets of `.flux/secrets`:
 *
 * ```yaml
 * session:
 *   retention_days: 30      # 0 keeps sessions forever
 *   secrets: [hunter2]      # values never written to the session store
 * ```
 */
import { configPath, FluxFileError, parseConfigText } from "../config/load_config.ts";
import { LineCounter, parseDocument } from "../deps/yaml.ts";
import { MAX_SECRETS, secretProblem, tooManySecrets } from "../secrets/secret_limits.ts";

/** What the session store reads from the project's configuration. */
export interface SessionConfig {
  retentionDays: number;
  secrets: string[];
}

/** Days a session is kept after its last activity when the config says nothing. */
export const DEFAULT_RETENTION_DAYS = 30;

/** Reads the session settings of `projectDir`; a malformed value throws {@linkcode FluxFileError}. */
export function readSessionConfig(projectDir: string): SessionConfig {
  const file = configPath(projectDir);
  const text = readOptional(file);
  const config: SessionConfig = {
    retentionDays: DEFAULT_RETENTION_DAYS,
    secrets: readSecretsFile(`${projectDir}/.flux/secrets`),
  };
  if (text === null) return config;
  const raw = parseConfigText(text, file);
  const section = raw.session;
  if (section === undefined || section === null) return config;
  if (typeof section !== "object" || Array.isArray(section)) {
    throw new FluxFileError(
      file,
      lineOf(text, "session"),
      1,
      'section "session" must be a mapping',
    );
  }
  const { retention_days: days, secrets } = section as Record<string, unknown>;
  if (days !== undefined) {
    if (typeof days !== "number" || !Number.isInteger(days) || days < 0) {
      throw new FluxFileError(
        file,
        lineOf(text, "retention_days"),
        1,
        "session.retention_days must be a whole number of days (0 keeps sessions forever)",
      );
    }
    config.retentionDays = days;
  }
  if (secrets !== undefined) {
    if (!Array.isArray(secrets) || !secrets.every((s) => typeof s === "string")) {
      throw new FluxFileError(
        file,
        lineOf(text, "secrets"),
        1,
        "session.secrets must be a list of strings",
      );
    }
    checkListedSecrets(text, file, secrets, config.secrets.length);
    config.secrets.push(...secrets);
  }
  return config;
}

/**
 * `.flux/secrets`: one secret per line, either the bare value or `[export ]NAME=value` (quotes optional); blank lines
 * and lines starting with `#` are skipped.
 */
export function readSecretsFile(file: string): string[] {
  const text = readOptional(file);
  if (text === null) return [];
  const values: string[] = [];
  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#")) continue;
    const named = /^(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=(.*)$/.exec(line);
    const value = named ? named[1]!.trim() : line;
    const unquoted = value.replace(/^(["'])(.*)\1$/, "$2");
    if (!unquoted) continue;
    checkSecret(file, index + 1, rawLine.lastIndexOf(unquoted) + 1, unquoted, values.length + 1);
    values.push(unquoted);
  }
  return values;
}

/** Throws a {@linkcode FluxFileError} at `line:column` when the `count`-th secret `value` is refused. */
export function checkSecret(
  file: string,
  line: number,
  column: number,
  value: string,
  count: number,
): void {
  const problem = count > MAX_SECRETS ? tooManySecrets(count) : secretProblem(value);
  if (problem !== undefined) throw new FluxFileError(file, line, Math.max(column, 1), problem);
}

/** Checks each item of `session.secrets`, placed by its position in the YAML text. */
function checkListedSecrets(text: string, file: string, secrets: string[], before: number): void {
  const bad = secrets.findIndex((s, i) =>
    before + i + 1 > MAX_SECRETS || secretProblem(s) !== undefined
  );
  if (bad < 0) return;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const node = doc.getIn(["session", "secrets", bad], true) as { range?: [number] } | undefined;
  const at = lineCounter.linePos(node?.range?.[0] ?? 0);
  checkSecret(file, at.line, at.col, secrets[bad]!, before + bad + 1);
}

function readOptional(file: string): string | null {
  try {
    return Deno.readTextFileSync(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

function lineOf(text: string, key: string): number {
  const index = text.split("\n").findIndex((l) => l.trimStart().startsWith(`${key}:`));
  return index < 0 ? 1 : index + 1;
}
