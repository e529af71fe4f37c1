/** Turns an {@linkcode AiConfig} into the provider of its protocol. */
import { requiredObject } from "../api/required.ts";
import type { AiConfig } from "./ai_config.ts";
import type { ModelProvider } from "./model_provider.ts";
import { OpenAiProvider } from "./openai_provider.ts";
import { AnthropicProvider } from "./anthropic_provider.ts";
import type { ProviderOptions } from "./provider_options.ts";

/** The provider for `config` (OpenAI-compatible or Anthropic). */
export function createProvider(config: AiConfig): ModelProvider {
  requiredObject(config, "createProvider's config", "createProvider(await loadAiConfig(dir))");
  const options: ProviderOptions = {
    model: config.model,
    baseUrl: config.baseUrl,
    apiKeyEnv: config.apiKeyEnv,
    timeoutMs: config.timeoutMs,
    ...(config.idleTimeoutMs !== undefined ? { idleTimeoutMs: config.idleTimeoutMs } : {}),
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  };
  return config.protocol === "anthropic"
    ? new AnthropicProvider(options)
    : new OpenAiProvider(options);
}
