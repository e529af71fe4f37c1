/**
 * Splits a simple shell command line (an npm script, a `deno task`, `monitors.tests.command`) into words,
 * honouring single and double quotes and backslashes. Anything a plain word list cannot express (`&&`,
 * `;`, pipes, redirections, `$(...)`, globs the shell would expand) gives null: such a command only runs
 * through a shell, as written.
 */

const SHELL_ONLY = /[;&|<>`()*?{}[\]$]/;

/** The words of `line`, or null when it needs a shell to mean what it says. */
export function shellWords(line: string): string[] | null {
  const words: string[] = [];
  let word = "";
  let started = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    const next = line[i + 1] ?? "";
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "\\" && /["\\$`]/.test(next)) word += line[++i];
      else if (c === "$" || c === "`") return null;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (c === "\\" && next !== "") {
      word += line[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(word);
      word = "";
      started = false;
    } else if (SHELL_ONLY.test(c)) {
      return null;
    } else {
      word += c;
      started = true;
    }
  }
  if (quote !== null) return null;
  if (started) words.push(word);
  return words;
}

/** Leading `NAME=value` words (and a `cross-env` or `env` before them) as an environment, and the rest. */
export function splitEnvPrefix(words: string[]): { env: Record<string, string>; rest: string[] } {
  const env: Record<string, string> = {};
  let i = words[0] === "cross-env" || words[0] === "env" ? 1 : 0;
  for (; i < words.length; i++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(words[i]!);
    if (!m) break;
    env[m[1]!] = m[2]!;
  }
  return { env, rest: words.slice(i) };
}
