/**
 * Tab completion for the command line: command names, then workflow, monitor or plugin names; a bare word
 * completes to a workflow's name (typed alone, a workflow's name runs it).
 */
import { COMMANDS } from "./action.ts";

/** Names the completer may offer after a command. */
export interface CompletionSources {
  workflows: string[];
  monitors: string[];
  plugins: string[];
}

/**
 * The command line after Tab: the longest common completion of the last word, with a trailing space when
 * exactly one candidate fits. Returns `input` unchanged when nothing fits.
 */
export function completeInput(input: string, sources: CompletionSources): string {
  const candidates = completions(input, sources);
  if (candidates.length === 0) return input;
  if (candidates.length === 1) return `${candidates[0]} `;
  return commonPrefix(candidates);
}

/** Every full command line that `input` could be completed to. */
export function completions(input: string, sources: CompletionSources): string[] {
  const text = input.replace(/^\s+/, "");
  const prefix = text.startsWith("flux ") ? "flux " : "";
  const body = text.slice(prefix.length);
  const slashed = body.startsWith("/") ? body : `/${body}`;
  const argumentSources: Record<string, string[]> = {
    "/wf run": sources.workflows,
    "/watch": sources.monitors,
    "/unwatch": sources.monitors,
    "/check": sources.monitors,
    "/trust": sources.plugins,
    "/deny": sources.plugins,
  };
  for (const [command, names] of Object.entries(argumentSources)) {
    if (slashed.startsWith(`${command} `)) {
      const typed = slashed.slice(command.length + 1);
      if (typed.includes(" ")) return [];
      const head = body.slice(0, body.length - typed.length);
      return names.filter((n) => n.startsWith(typed)).map((n) => `${prefix}${head}${n}`);
    }
  }
  const bare = prefix === "" && !body.startsWith("/") && !/\s/.test(body);
  const workflows = bare ? sources.workflows.filter((n) => n.startsWith(body)) : [];
  if (!body.startsWith("/") && !body.startsWith("wf") && prefix === "") return workflows;
  const lead = body.startsWith("/") ? "/" : "";
  const commands = COMMANDS.map((c) => c.name)
    .filter((name) => name.startsWith(slashed) && name !== slashed)
    .map((name) => `${prefix}${lead}${name.slice(1)}`);
  return [...workflows, ...commands];
}

function commonPrefix(values: string[]): string {
  let prefix = values[0] ?? "";
  for (const value of values) {
    while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}
