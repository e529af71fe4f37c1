/**
 * `.flux/config.yaml` as commands load it: parsed, then checked whole against the monitors installed for
 * this project and the analyzers Flux ships. Every problem is printed as one line `file:line:col ...`,
 * then the command ends with exit 2.
 */
import { warn } from "./say.ts";
import {
  type FluxConfig,
  FluxFileError,
  isPlainObject,
  loadConfig,
} from "../config/load_config.ts";
import { checkConfig } from "../config/check_config.ts";
import { discoverPlugins, fluxRoot } from "../plugin_host/discover_plugins.ts";
import { allToolAdapters } from "../toolchain/tool_adapters.ts";
import { UsageError } from "./cli_context.ts";
import { monitorSettings } from "../monitor/monitor_settings.ts";
import { notifyConfig } from "../notify/notify_config.ts";
import { readSessionConfig } from "../session/session_config.ts";

/** Loads and checks the config of `projectDir`; throws {@linkcode UsageError} after printing problems. */
export async function loadCheckedConfig(
  projectDir: string,
  print: (line: string) => void = warn,
): Promise<FluxConfig> {
  const config = await loadConfig(projectDir);
  if (!config.exists) return config;
  const vocabulary = await configVocabulary(projectDir);
  const problems = checkConfig(config, vocabulary);
  // The monitors' values are read without the names already refused above (each is said once).
  const monitors = isPlainObject(config.raw.monitors)
    ? Object.fromEntries(
      Object.entries(config.raw.monitors).filter(([k]) =>
        k === "enabled" || k === "cooldown" || vocabulary.monitors.includes(k)
      ),
    )
    : config.raw.monitors;
  const known = { ...config, raw: { ...config.raw, monitors } };
  // Each section's own reader checks its values; the first bad value of each section is listed too.
  const readers: Array<() => unknown> = [
    () => monitorSettings(known),
    () => notifyConfig(config, () => undefined),
    () => readSessionConfig(projectDir),
  ];
  for (const read of readers) {
    try {
      read();
    } catch (error) {
      if (!(error instanceof FluxFileError)) throw error;
      if (!problems.some((p) => p.line === error.line)) problems.push(error);
    }
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  if (problems.length === 0) return config;
  const shown = config.file.startsWith(`${projectDir}/`)
    ? config.file.slice(projectDir.length + 1)
    : config.file;
  if (problems.length === 1) throw problems[0] as FluxFileError;
  for (const problem of problems) print(`flux: ${problem.message}`);
  throw new UsageError(`${problems.length} errors in ${shown}: fix them and run again`);
}

/** The monitor names installed for `projectDir` and the analyzer names Flux ships. */
export async function configVocabulary(
  projectDir: string,
): Promise<{ monitors: string[]; tools: string[] }> {
  const root = fluxRoot();
  const plugins = await discoverPlugins(projectDir, [`${root}/monitors`, `${root}/plugins`], []);
  return {
    // A plugin whose manifest is broken is still known by name: the command then says what is wrong.
    monitors: plugins.filter((p) => p.manifest?.kind === "monitor" || !p.manifest).map((p) =>
      p.name
    ),
    tools: allToolAdapters().map((a) => a.name),
  };
}
