/**
 * Checks `.flux/config.yaml` as a whole when it is loaded, so that a typo is found before anything runs:
 * unknown sections, unknown keys of `monitors:` with "did you mean" (`cooldwn` -> `cooldown`), monitor
 * names no installed monitor has, tool names no analyzer has. Every problem is returned, each placed at
 * its line and column; each section's own reader still checks the values it reads.
 */
import { type FluxConfig, FluxFileError, isPlainObject } from "./load_config.ts";
import { LineCounter, parseDocument } from "../deps/yaml.ts";
import { didYouMean } from "./did_you_mean.ts";

/** The names a config may use, known only to the caller (installed monitors, analyzers). */
export interface ConfigVocabulary {
  monitors: string[];
  tools: string[];
}

/** The top-level sections Flux reads. */
export const CONFIG_SECTIONS = [
  "session",
  "monitors",
  "notify",
  "ai",
  "tui",
  "secrets",
  "mcp",
] as const;

/** Settings of one monitor that Flux itself reads (any other key goes to the monitor as an option). */
const MONITOR_KEYS = ["interval", "on_change", "timeout", "watch", "enabled"];
/** Options of the built-in monitors. */
const MONITOR_OPTIONS = ["tool", "command", "kind", "timeoutMs"];

/** Every problem of `config`, in file order; empty when it is fine. */
export function checkConfig(config: FluxConfig, vocabulary: ConfigVocabulary): FluxFileError[] {
  const problems: Array<{ path: (string | number)[]; key: boolean; detail: string }> = [];
  const unknown = (path: (string | number)[], what: string, name: string, known: string[]) => {
    const hint = didYouMean(name, known);
    problems.push({
      path,
      key: true,
      detail: `Unknown ${what} "${name}": ${
        hint ? `did you mean "${hint}"?` : `use one of ${known.join(", ")}`
      }`,
    });
  };
  for (const name of Object.keys(config.raw)) {
    if (name === "workflows") {
      // Accepted and then read by nothing, it would look like it works: say where workflows live.
      problems.push({
        path: [name],
        key: true,
        detail:
          "Workflows are not read from config.yaml: move them to .flux/workflows.yaml (flux help workflows)",
      });
    } else if (!(CONFIG_SECTIONS as readonly string[]).includes(name)) {
      unknown([name], "section", name, [...CONFIG_SECTIONS]);
    }
  }
  const monitors = config.raw.monitors;
  if (isPlainObject(monitors)) {
    const own = ["enabled", "cooldown"];
    for (const [name, value] of Object.entries(monitors)) {
      if (own.includes(name)) continue;
      if (!vocabulary.monitors.includes(name)) {
        unknown(
          ["monitors", name],
          "monitor or setting",
          `monitors.${name}`,
          [
            ...own,
            ...vocabulary.monitors,
          ].map((k) => `monitors.${k}`),
        );
        continue;
      }
      if (!isPlainObject(value)) continue;
      for (const key of Object.keys(value)) {
        if (MONITOR_KEYS.includes(key) || MONITOR_OPTIONS.includes(key)) continue;
        // Other keys are options for a plugin monitor; only a near miss of Flux's own is a typo.
        const hint = didYouMean(key, MONITOR_KEYS);
        if (hint) {
          problems.push({
            path: ["monitors", name, key],
            key: true,
            detail: `Unknown setting "monitors.${name}.${key}": did you mean "${hint}"?`,
          });
        }
      }
      const tool = value.tool;
      if (typeof tool === "string" && !vocabulary.tools.includes(tool)) {
        const hint = didYouMean(tool, vocabulary.tools);
        problems.push({
          path: ["monitors", name, "tool"],
          key: false,
          detail: `Unknown tool "${tool}" in monitors.${name}.tool: ${
            hint ? `did you mean "${hint}"?` : `use one of ${vocabulary.tools.join(", ")}`
          }`,
        });
      }
    }
    if (Array.isArray(monitors.enabled)) {
      monitors.enabled.forEach((name, i) => {
        if (typeof name === "string" && !vocabulary.monitors.includes(name)) {
          const hint = didYouMean(name, vocabulary.monitors);
          problems.push({
            path: ["monitors", "enabled", i],
            key: false,
            detail: `Unknown monitor "${name}" in monitors.enabled: ${
              hint ? `did you mean "${hint}"?` : `use ${vocabulary.monitors.join(", ")}`
            }`,
          });
        }
      });
    }
  }
  if (problems.length === 0) return [];
  const place = positions(config.file);
  return problems
    .map((p) => {
      const [line, column] = place(p.path, p.key);
      return new FluxFileError(config.file, line, column, p.detail);
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Finds where a key (or its value) is in `file`: 1-based line and column, else 1:1. */
function positions(file: string): (path: (string | number)[], key: boolean) => [number, number] {
  let text = "";
  try {
    text = Deno.readTextFileSync(file);
  } catch {
    // Placed at 1:1.
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return (path, key) => {
    type Ranged = { range?: [number, number, number] };
    if (key) {
      const parent = (path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents) as
        | { items?: Array<{ key?: { value?: unknown } & Ranged }> }
        | undefined;
      const pair = parent?.items?.find((item) => item.key?.value === path[path.length - 1]);
      if (pair?.key?.range) {
        const pos = lines.linePos(pair.key.range[0]);
        return [pos.line, pos.col];
      }
    }
    const node = doc.getIn(path, true) as Ranged | undefined;
    if (node?.range) {
      const pos = lines.linePos(node.range[0]);
      return [pos.line, pos.col];
    }
    return [1, 1];
  };
}
