/**
 * `.flux/config.yaml` as commands load it: parsed, then checked whole against the monitors installed for
 * this project and the analyzers Flux ships. Every problem is printed as one line `file:line:col ...`,
 * then the command ends with exit 2.
 */
import { warn } from "./say.ts";
import { type FluxConfig, type FluxFileError, loadConfig } from "../config/load_config.ts";
import { checkConfig } from "../config/check_config.ts";
import { discoverPlugins, fluxRoot } from "../plugin_host/discover_plugins.ts";
import { allToolAdapters } from "../toolchain/tool_adapters.ts";
import { UsageError } from "./cli_context.ts";

/** Loads and checks the config of `projectDir`; throws {@linkcode UsageError} after printing problems. */
export async function loadCheckedConfig(
  projectDir: string,
  print: (line: string) => void = warn,
): Promise<FluxConfig> {
  const config = await loadConfig(projectDir);
  if (!config.exists) return config;
  const problems = checkConfig(config, await configVocabulary(projectDir));
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
