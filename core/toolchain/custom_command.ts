/**
 * A test command from config (`monitors.tests.command: "pnpm vitest run --typecheck"`), run as written.
 * When it runs a runner Flux can read (vitest, jest, pytest, go test, deno test, cargo test), only that
 * runner's reporter flags are added and its report is read; any other command is judged by its exit code.
 * A command that needs a shell (`&&`, pipes, `$VAR`) runs through `sh -c` as written.
 */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import { shellWords } from "./shell_words.ts";
import {
  jest,
  jestInvocation,
  vitest,
  vitestInvocation,
  vitestReporterArgs,
} from "./vitest_jest.ts";
import { parseTestScript } from "./node_test_script.ts";
import { pytest, pytestReporterArgs } from "./pytest.ts";
import { goTest } from "./go_test.ts";
import { denoTest, denoTestReporter } from "./deno_test.ts";
import { cargoTest } from "./cargo_test.ts";
import { lastLine } from "./_util.ts";

interface Runner {
  /** Where the runner's own arguments start in `words`, or -1 when the command does not run it. */
  find(words: string[]): number;
  /** `words` with the reporter flags added. */
  withReporter(words: string[], at: number, reportFile: string): string[];
  adapter: ToolAdapter;
}

const after = (words: string[], at: number, flags: string[]) => [
  ...words.slice(0, at),
  ...flags,
  ...words.slice(at),
];
const wordIndex = (words: string[], re: RegExp) => {
  const i = words.findIndex((w) => re.test(w));
  return i < 0 ? -1 : i + 1;
};
const pairIndex = (words: string[], a: string, b: string) => {
  const i = words.findIndex((w, j) => w === a && words[j + 1] === b);
  return i < 0 ? -1 : i + 2;
};

const RUNNERS: Runner[] = [
  {
    find: (w) => wordIndex(w, /(^|\/)vitest(\.mjs)?$/),
    withReporter: (w, _at, f) => [...w, ...vitestReporterArgs(w, f)],
    adapter: vitest,
  },
  {
    find: (w) => wordIndex(w, /(^|\/)jest(\.js)?$/),
    withReporter: (w, _at, f) => [...w, "--json", `--outputFile=${f}`],
    adapter: jest,
  },
  {
    find: (w) => Math.max(wordIndex(w, /(^|\/)(py\.test|pytest)$/), pairIndex(w, "-m", "pytest")),
    withReporter: (w, _at, f) => [...w, ...pytestReporterArgs(f)],
    adapter: pytest,
  },
  {
    find: (w) => pairIndex(w, "go", "test"),
    withReporter: (w, at) => after(w, at, ["-json"]),
    adapter: goTest,
  },
  {
    find: (w) => pairIndex(w, "deno", "test"),
    withReporter: (w, _at, f) => [...w, ...denoTestReporter(f)],
    adapter: denoTest,
  },
  {
    find: (w) => pairIndex(w, "cargo", "test"),
    withReporter: (w, at) => after(w, at, ["--message-format=json"]),
    adapter: cargoTest,
  },
];

/** The adapter that runs `command` (a config string) as written, reading a report when it can. */
export function commandAdapter(command: string): ToolAdapter {
  // A plain vitest or jest run (`npx jest`, `pnpm vitest run --typecheck`) runs as the test script would:
  // the project's own bin, and for jest the reporter flags hidden from the tests' process.argv.
  const node = parseTestScript(command);
  if (node.runner !== null) {
    const runner = node.runner === "jest" ? jest : vitest;
    return {
      name: runner.name,
      kinds: ["test"],
      invocation: (ctx) =>
        node.runner === "jest" ? jestInvocation(ctx, node) : vitestInvocation(ctx, node),
      parse: runner.parse,
    };
  }
  const words = shellWords(command);
  if (words !== null && words.length > 0) {
    for (const runner of RUNNERS) {
      const at = runner.find(words);
      if (at < 0) continue;
      return {
        name: runner.adapter.name,
        kinds: ["test"],
        invocation: (ctx) => {
          const all = runner.withReporter(words, at, ctx.reportFile);
          return { cmd: all[0]!, args: all.slice(1) };
        },
        parse: runner.adapter.parse,
      };
    }
  }
  return {
    name: "command",
    kinds: ["test"],
    invocation: () =>
      words !== null && words.length > 0
        ? { cmd: words[0]!, args: words.slice(1) }
        : { cmd: "sh", args: ["-c", command] },
    parse: (output) => exitCodeVerdict(command, output),
  };
}

/** Pass or fail from the exit code alone (the command's output is kept for the person to read). */
export function exitCodeVerdict(command: string, output: ToolOutput): ToolVerdict {
  if (output.code === 0) return { status: "ok", summary: `${command}: passed`, findings: [] };
  const why = lastLine(output.stderr) || lastLine(output.stdout) || `exit code ${output.code}`;
  return {
    status: "fail",
    summary: `${command}: failed (exit code ${output.code})`,
    findings: [{ message: why, severity: "error" }],
  };
}
