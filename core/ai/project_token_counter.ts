/** The token counter for the model a project configured (`ai:` in `.flux/config.yaml`, or `FLUX_MODEL`). */
import { loadAiConfig } from "./ai_config.ts";
import { loadTokenCounter, type ModelFamily, type TokenCounter } from "./token_counter.ts";
import { FluxFileError } from "../config/load_config.ts";

/**
 * Counts for the configured model's family; with no model configured, for GPT-4o (`o200k_base`). A malformed
 * `ai:` section throws {@linkcode FluxFileError}; a model without its API key still names its family.
 */
export async function projectTokenCounter(projectDir: string): Promise<TokenCounter> {
  let family: ModelFamily | null = null;
  try {
    // Counting needs the family, not the key: a placeholder gets past "needs an API key"; it is never sent.
    const env = Deno.env.toObject();
    const config = await loadAiConfig(projectDir, {
      ...env,
      FLUX_API_KEY: env.FLUX_API_KEY ?? "unused",
    });
    family = config ? { protocol: config.protocol, model: config.model } : null;
  } catch (error) {
    if (error instanceof FluxFileError) throw error;
  }
  return loadTokenCounter(family);
}
