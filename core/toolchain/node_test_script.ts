/**
 * Reads the project's own `test` script (package.json) to run its test runner exactly as `npm test` does:
 * the same runner, the same arguments, the same variables set in front of it. A script that is one plain
 * run of vitest or jest (`vitest run --typecheck`, `NODE_ENV=test jest --coverage`, `npx jest`,
 * `node --experimental-vm-modules node_modules/jest/bin/jest.js`) is run directly, so that Flux can add its
 * reporter flags; any other script runs through the package manager as it is (verdict from its exit code).
 */
import { shellWords, splitEnvPrefix } from "./shell_words.ts";
import { readScripts } from "./package_manager.ts";

/** The test runners Flux reads a report from. */
export type NodeTestRunner = "vitest" | "jest";

/** The project's `test` script, understood. */
export interface NodeTestScript {
  /** The script as written. */
  text: string;
  /** The runner it is one plain run of, or null when it needs the package manager (and a shell). */
  runner: NodeTestRunner | null;
  /** Variables the script sets for the runner (`NODE_ENV=test jest`). */
  env: Record<string, string>;
  /** Options for node itself (`node --experimental-vm-modules .../jest.js`). */
  nodeArgs: string[];
  /** The runner's own arguments from the script. */
  args: string[];
}

const LAUNCHERS = [["npx"], ["pnpm", "exec"], ["pnpm"], ["yarn"], ["bunx"], ["bun", "x"]];

/** The `test` script of `projectDir/package.json`, or null when there is none (or npm's placeholder). */
export function nodeTestScript(projectDir: string): NodeTestScript | null {
  const text = readScripts(projectDir).test;
  if (typeof text !== "string" || text.trim() === "" || /no test specified/.test(text)) return null;
  return { text, ...parseTestScript(text) };
}

/** The runner, env, node options and arguments of one test script line. */
export function parseTestScript(text: string): Omit<NodeTestScript, "text"> {
  const none = { runner: null, env: {}, nodeArgs: [], args: [] };
  const words = shellWords(text);
  if (words === null) return none;
  const { env, rest } = splitEnvPrefix(words);
  let command = rest;
  const launcher = LAUNCHERS.find((l) => l.every((w, i) => command[i] === w));
  if (launcher) command = command.slice(launcher.length);
  const nodeArgs: string[] = [];
  if (command[0] === "node") {
    let i = 1;
    while (i < command.length && command[i]!.startsWith("-")) nodeArgs.push(command[i++]!);
    command = command.slice(i);
  }
  const runner = runnerOf(command[0] ?? "");
  if (runner === null) return none;
  return { runner, env, nodeArgs, args: command.slice(1) };
}

/** "vitest" for `vitest` or a path to its bin script, "jest" likewise, else null. */
function runnerOf(word: string): NodeTestRunner | null {
  if (word === "vitest" || /(^|\/)vitest(\/vitest\.mjs|\.mjs)?$/.test(word)) return "vitest";
  if (word === "jest" || /(^|\/)jest(\/bin\/jest\.js|\.js)?$/.test(word)) return "jest";
  return null;
}
