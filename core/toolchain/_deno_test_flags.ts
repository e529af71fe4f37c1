/**
 * How `deno test` (deno 2.9.6) reads the words of its command line: which flags take a value and how,
 * so that every reader in Flux tells a flag's value from a test path as deno does. Each entry was
 * checked against `deno test --help` and a real run (`deno test -A FLAG b_test.ts a_test.ts`: is
 * `b_test.ts` run, or taken as the value?).
 */

/** How a flag takes its value; a flag that is not in `DENO_TEST_FLAGS` takes none. */
export type DenoFlagValue =
  /** Required: `--flag=value`, else the next word, even one that starts with "-" (`--filter --x`). */
  | "next"
  /** Optional: `--flag=value`, else the next word unless it starts with "-" (`--lock a.lock`, `--lock -A`). */
  | "next-unless-flag"
  /** Optional, and only as `--flag=value`: the next word is a path (`--env-file .env.test`). */
  | "attached";

const NEXT = [
  "-c",
  "--config",
  "--import-map",
  "--node-modules-linker",
  "--cert",
  "--min-dep-age",
  "--location",
  "--seed",
  "--preload",
  "--require",
  "--conditions",
  "--filter",
  "--coverage-threshold",
  "--reporter",
  "--junit-path",
  "--retry",
  "--repeats",
  "--shard",
  "--related",
  "--ext",
  "--inspect-publish-uid",
  "-L",
  "--log-level",
];

const ATTACHED = [
  "--coverage",
  "--fail-fast",
  "--shuffle",
  "--watch",
  "--watch-exclude",
  "--changed",
  "--ignore",
  "--env-file",
  "--check",
  "--no-check",
  "--node-modules-dir",
  "--vendor",
  "--frozen-lockfile",
  "--frozen",
  "-r",
  "--reload",
  "--unsafely-ignore-certificate-errors",
  "--inspect",
  "--inspect-brk",
  "--inspect-wait",
  "--v8-flags",
  "--allow-scripts",
  "-P",
  "--permission-set",
  "-R",
  "--allow-read",
  "-W",
  "--allow-write",
  "-I",
  "--allow-import",
  "-N",
  "--allow-net",
  "-E",
  "--allow-env",
  "-S",
  "--allow-sys",
  "--allow-run",
  "--allow-ffi",
  "--deny-read",
  "--deny-write",
  "--deny-net",
  "--deny-env",
  "--deny-sys",
  "--deny-run",
  "--deny-ffi",
  "--deny-import",
  "--ignore-env",
  "--ignore-read",
];

/** The `deno test` flags that take a value, and how. */
export const DENO_TEST_FLAGS: ReadonlyMap<string, DenoFlagValue> = new Map([
  ...NEXT.map((flag) => [flag, "next"] as const),
  ["--lock", "next-unless-flag"],
  ...ATTACHED.map((flag) => [flag, "attached"] as const),
]);

/** A `deno test` command line (the words after `test`) as deno reads it. */
export interface DenoTestWords {
  /** Flags and paths in the order written; a flag's `words` hold its value when that is a word of its own. */
  args: { words: [string] | [string, string]; path: boolean }[];
  /** The words after `--`: the tests' `Deno.args`, never paths. */
  scriptArgs: string[];
}

/** Reads the words after `deno test` as deno 2.9.6 does (see `DENO_TEST_FLAGS`). */
export function denoTestWords(words: string[]): DenoTestWords {
  const args: DenoTestWords["args"] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--") return { args, scriptArgs: words.slice(i + 1) };
    if (!word.startsWith("-")) {
      args.push({ words: [word], path: true });
      continue;
    }
    const next = words[i + 1];
    const kind = DENO_TEST_FLAGS.get(word);
    const takes = next !== undefined &&
      (kind === "next" || (kind === "next-unless-flag" && !next.startsWith("-")));
    args.push({ words: takes ? [word, words[++i]!] : [word], path: false });
  }
  return { args, scriptArgs: [] };
}
