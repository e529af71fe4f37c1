/**
 * The `mcp:` section of `.flux/config.yaml`:
 *
 * ```yaml
 * mcp:
 *   allow_run: true     # let coding agents run workflows (flux_run_workflow); the project must be trusted too
 * ```
 */
import { configSection, FluxFileError, loadConfig } from "../config/load_config.ts";

/** What `flux mcp` reads from the project's configuration. */
export interface McpConfig {
  /** Agents may run workflows through `flux_run_workflow`. Off unless the user wrote `true`. */
  allowRun: boolean;
}

/** Reads the `mcp:` section of `projectDir`; a malformed one throws {@linkcode FluxFileError}. */
export async function loadMcpConfig(projectDir: string): Promise<McpConfig> {
  const config = await loadConfig(projectDir);
  const section = configSection(config, "mcp");
  for (const key of Object.keys(section)) {
    if (key !== "allow_run") {
      throw new FluxFileError(
        config.file,
        lineOf(config.file, key),
        1,
        `mcp.${key} is not a setting: use allow_run`,
      );
    }
  }
  const allow = section.allow_run;
  if (allow !== undefined && typeof allow !== "boolean") {
    throw new FluxFileError(
      config.file,
      lineOf(config.file, "allow_run"),
      1,
      "mcp.allow_run must be true or false",
    );
  }
  return { allowRun: allow === true };
}

function lineOf(file: string, key: string): number {
  try {
    const index = Deno.readTextFileSync(file).split("\n").findIndex((l) =>
      l.trimStart().startsWith(`${key}:`)
    );
    return index < 0 ? 1 : index + 1;
  } catch {
    return 1;
  }
}
