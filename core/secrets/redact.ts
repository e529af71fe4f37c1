/**
 * Removes secrets from text before it is written anywhere (DB, logs, notifications, webhooks, workflow
 * output, `--json`). Three sources: token shapes that are secrets wherever they appear (keys, a password
 * after `--password` or mysql's `-p`, a value after a secret-looking name, a private-key body), values the
 * user declared secret, and the values of this process's environment variables whose names say they are
 * secret (`*PASS*`, `*SECRET*`, `*TOKEN*`, `*KEY*`).
 */

/** Replacement text for a removed secret. */
export const REDACTED = "[REDACTED]";

/** Shortest secret value that is masked (a shorter one would mask ordinary letters). */
export const MIN_SECRET_CHARS = 4;

const TOKEN_SHAPES: RegExp[] = [
  /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END \1-----|$)/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g, // OpenAI / Anthropic keys
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{30,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g,
  /https:\/\/(?:discord|discordapp)\.com\/api\/webhooks\/[A-Za-z0-9/_-]+/g,
];
const BEARER = /\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi;
/** The 40-character AWS secret after its name, with `=`, `:`, a space or JSON quotes between. */
const AWS_SECRET =
  /\b((?:aws_?)?secret_?access_?key["']?\s*[=:]?\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi;
/** `--password X`, `--password=X`, `--passwd X`, `--pass X`. */
const PASSWORD_FLAG = /(--(?:password|passwd|pass)(?:=|\s+))(["']?)[^\s"']+\2/gi;
/** `mysql ... -pX` (also mysqldump, mysqladmin, mariadb): the password glued to `-p`. */
const MYSQL_P =
  /\b((?:mysql(?:dump|admin|import|show|check)?|mariadb(?:-dump|-admin)?)\b[^\n]*?\s-p)([^\s-][^\s]*)/g;
/**
 * A value after a secret-looking name: `DB_PASS=x`, `export API_TOKEN=x`, `password: 'x'`,
 * `"api_key": "x"`. The name may be quoted (JSON); a quoted value may hold spaces.
 */
const ASSIGNMENT = new RegExp(
  "\\b((?:[A-Za-z0-9_.-]*(?:PASSWORD|PASSWD|SECRET)[A-Za-z0-9_]*" +
    "|[A-Za-z0-9_.-]*(?:PASS|TOKEN|[_.-]KEY|APIKEY|ACCESSKEY|PRIVATEKEY|AUTHKEY))(?![A-Za-z0-9_]))" +
    "([\"']?\\s*[=:]\\s*)" +
    "(?:\"((?:[^\"\\\\\\n]|\\\\.){4,})\"|'([^'\\n]{4,})'|([^\\s\"',;}]{4,}))",
  "gi",
);

/** Returns `text` with every known token shape, declared secret and secret env value replaced. */
export function redact(text: string, declared: Iterable<string> = []): string {
  if (typeof text !== "string") {
    throw new TypeError('redact\'s text is missing: call redact("token sk-...", [secret])');
  }
  let out = replaceValues(text, declared);
  out = replaceValues(out, environmentSecrets());
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, REDACTED);
  out = out.replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(URL_PASSWORD, (_m, head: string) => `${head}:${REDACTED}@`);
  out = out.replace(AWS_SECRET, (_m, head: string) => `${head}${REDACTED}`);
  out = out.replace(PASSWORD_FLAG, (_m, flag: string, q: string) => `${flag}${q}${REDACTED}${q}`);
  out = out.replace(MYSQL_P, (_m, head: string) => `${head}${REDACTED}`);
  out = out.replace(
    ASSIGNMENT,
    (m, key: string, sep: string, dq?: string, sq?: string, bare?: string) => {
      const value = dq ?? sq ?? bare ?? "";
      if (value === REDACTED || value.startsWith("$")) return m; // Done already, or a reference.
      const q = dq !== undefined ? '"' : sq !== undefined ? "'" : "";
      return `${key}${sep}${q}${REDACTED}${q}`;
    },
  );
  return out;
}

/**
 * A redactor for text that arrives line by line (a step's output): a private key's body spans lines, so
 * once a BEGIN line is seen every line is masked until its END line.
 */
export function lineRedactor(declared: Iterable<string> = []): (line: string) => string {
  const list = [...declared];
  let inKey = false;
  return (line) => {
    if (inKey) {
      if (/-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/.test(line)) inKey = false;
      return REDACTED;
    }
    const out = redact(line, list);
    if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/.test(line) && !/-----END /.test(line)) {
      inKey = true;
    }
    return out;
  };
}

/** Deeply redacts every string inside a JSON-like value (keys are kept). */
export function redactValue<T>(value: T, declared: Iterable<string> = []): T {
  const list = [...declared];
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redact(v, list);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    }
    return v;
  };
  return walk(value) as T;
}

/** True when an environment variable of this name holds a secret (`DB_PASS`, `GITHUB_TOKEN`, `API_KEY`). */
export function isSecretName(name: string): boolean {
  return /PASS|SECRET|TOKEN|KEY/i.test(name);
}

/** Values of `env` whose names say they are secret, long enough to mask without harm. */
export function secretValuesOf(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env)
    .filter(([name, value]) =>
      isSecretName(name) && value.length >= MIN_SECRET_CHARS && !BORING.has(value.toLowerCase())
    )
    .map(([, value]) => value);
}

const BORING = new Set(["true", "false", "none", "null", "undefined"]);

let fromEnvironment: string[] | undefined;

/** The secret-named values of this process's environment (none where env access is denied). */
function environmentSecrets(): string[] {
  if (fromEnvironment) return fromEnvironment;
  try {
    fromEnvironment = secretValuesOf(Deno.env.toObject());
  } catch {
    fromEnvironment = []; // A plugin worker without env permission: its host redacts what it says.
  }
  return fromEnvironment;
}

/** Compiled patterns of value lists, per list (callers pass the same array for a whole run). */
const compiled = new WeakMap<object, RegExp | null>();

/** Replaces each value (longest first, so that one containing another is masked whole) in one pass. */
function replaceValues(text: string, values: Iterable<string>): string {
  const key = typeof values === "object" && values !== null ? values : undefined;
  let pattern = key ? compiled.get(key) : undefined;
  if (pattern === undefined) {
    pattern = valuePattern(values);
    if (key) compiled.set(key, pattern);
  }
  return pattern === null ? text : text.replace(pattern, REDACTED);
}

function valuePattern(values: Iterable<string>): RegExp | null {
  const list = [...new Set(values)].filter((v) => v.length >= MIN_SECRET_CHARS);
  if (list.length === 0) return null;
  list.sort((a, b) => b.length - a.length);
  return new RegExp(list.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
}
