/**
 * Which model Flux talks to: the `ai:` section of `.flux/config.yaml`, overridden by the environment.
 *
 * ```yaml
 * ai:
 *   provider: openai              # openai (any OpenAI-compatible server) | anthropic
 *   model: gpt-4o-mini
 *   base_url: https://api.openai.com/v1
 *   api_key_env: OPENAI_API_KEY   # the variable holding the key; the key itself never goes in this file
 *   timeout_ms: 120000            # a question: the whole answer
 *   idle_timeout_ms: 30000        # optional: longest wait for the answer to start / between two pieces
 *   analysis_timeout_ms: 10000    # a failure analysis, before the built-in one is used
 *   max_context_chars: 16000      # prompt budget, about 4 characters per token
 * ```
 *
 * Environment: `FLUX_PROVIDER`, `FLUX_MODEL`, `FLUX_BASE_URL`, `FLUX_API_KEY`, then `OPENAI_API_KEY` or
 * `ANTHROPIC_API_KEY` as the key when `FLUX_API_KEY` and `api_key_env` give none.
 */
import { requiredObject, requiredText } from "../api/required.ts";
import {
  configPath,
  FluxFileError,
  isPlainObject,
  parseConfigText,
} from "../config/load_config.ts";
import { isModelProtocol, type ModelProtocol } from "./model_provider.ts";
import { ModelError } from "./model_error.ts";

/** A usable model configuration (the key is held in memory only). */
export interface AiConfig {
  protocol: ModelProtocol;
  model: string;
  baseUrl: string;
  apiKey?: string;
  /** The variable the key came from, or the one to set; named in 401/403 messages. */
  apiKeyEnv: string;
  timeoutMs: number;
  /** Longest wait for the reply to start and between two pieces of it; unset: only `timeoutMs`. */
  idleTimeoutMs?: number;
  analysisTimeoutMs: number;
  maxContextChars: number;
  /** Answer length limit; unset lets OpenAI-compatible servers choose. */
  maxTokens?: number;
}

/** Defaults of the numeric settings. */
export const AI_DEFAULTS = {
  timeoutMs: 120_000,
  analysisTimeoutMs: 10_000,
  maxContextChars: 16_000,
} as const;

/** The base URL of each protocol when none is configured. */
export const DEFAULT_BASE_URLS: Record<ModelProtocol, string> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
};

const KEY_VARS: Record<ModelProtocol, string> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
};

const KNOWN = [
  "provider",
  "model",
  "base_url",
  "api_key_env",
  "timeout_ms",
  "idle_timeout_ms",
  "analysis_timeout_ms",
  "max_context_chars",
  "max_tokens",
];

/** The environment as a plain record (a test passes its own). */
export type Env = Record<string, string | undefined>;

/**
 * Reads the model configuration of `projectDir`; `null` when no model is configured (no `model` in the file
 * or `FLUX_MODEL`). A malformed `ai:` section throws {@linkcode FluxFileError}; a cloud API without a key
 * throws a `config` {@linkcode ModelError}.
 */
export async function loadAiConfig(projectDir: string, env: Env = Deno.env.toObject()): Promise<
  AiConfig | null
> {
  requiredText(projectDir, "loadAiConfig's projectDir", 'loadAiConfig("/project")');
  const file = configPath(projectDir);
  let text = "";
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const section = text ? aiSection(parseConfigText(text, file), file, text) : {};
  return resolveAiConfig(section, env, file, text);
}

/** Resolves an `ai:` mapping plus the environment into an {@linkcode AiConfig}; see {@linkcode loadAiConfig}. */
export function resolveAiConfig(
  section: Record<string, unknown>,
  env: Env,
  file = ".flux/config.yaml",
  text = "",
): AiConfig | null {
  requiredObject(
    section,
    "resolveAiConfig's section",
    "resolveAiConfig(config.raw.ai ?? {}, Deno.env.toObject())",
  );
  requiredObject(
    env,
    "resolveAiConfig's env",
    "resolveAiConfig(config.raw.ai ?? {}, Deno.env.toObject())",
  );
  const bad = (key: string, detail: string) => {
    const [line, column] = positionOf(text, key);
    return new FluxFileError(file, line, column, `ai.${key} ${detail}`);
  };
  for (const key of Object.keys(section)) {
    if (key === "api_key") {
      throw bad(
        key,
        "must not hold the key: put it in an environment variable and name it in api_key_env",
      );
    }
    if (!KNOWN.includes(key)) throw bad(key, `is not a setting: use one of ${KNOWN.join(", ")}`);
  }
  const str = (key: string): string | undefined => {
    const value = section[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string" || value.trim() === "") {
      throw bad(key, "must be a non-empty string");
    }
    return value.trim();
  };
  const num = (key: string, fallback: number | undefined): number | undefined => {
    const value = section[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
      throw bad(key, "must be a whole number above 0");
    }
    return value;
  };
  const envOf = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const providerRaw = envOf("FLUX_PROVIDER") ?? str("provider") ?? "openai";
  if (!isModelProtocol(providerRaw)) {
    if (envOf("FLUX_PROVIDER")) {
      throw new ModelError(
        `FLUX_PROVIDER "${providerRaw}" is not supported: use openai or anthropic`,
        { kind: "config" },
      );
    }
    throw bad("provider", `"${providerRaw}" is not supported: use openai or anthropic`);
  }
  const protocol = providerRaw;
  const model = envOf("FLUX_MODEL") ?? str("model");
  const timeoutMs = num("timeout_ms", AI_DEFAULTS.timeoutMs)!;
  const idleTimeoutMs = num("idle_timeout_ms", undefined);
  const analysisTimeoutMs = num("analysis_timeout_ms", AI_DEFAULTS.analysisTimeoutMs)!;
  const maxContextChars = num("max_context_chars", AI_DEFAULTS.maxContextChars)!;
  const maxTokens = num("max_tokens", undefined);
  const keyEnvName = str("api_key_env");
  if (!model) return null;

  const baseUrl = envOf("FLUX_BASE_URL") ?? str("base_url") ?? DEFAULT_BASE_URLS[protocol];
  try {
    new URL(baseUrl);
  } catch {
    const where = envOf("FLUX_BASE_URL") ? "FLUX_BASE_URL" : "ai.base_url";
    throw new ModelError(`${where} "${baseUrl}" is not a URL: use e.g. http://localhost:11434/v1`, {
      kind: "config",
    });
  }
  const sources = ["FLUX_API_KEY", ...(keyEnvName ? [keyEnvName] : []), KEY_VARS[protocol]];
  const apiKeyEnv = sources.find((name) => envOf(name)) ?? keyEnvName ?? "FLUX_API_KEY";
  const apiKey = envOf(apiKeyEnv);
  if (!apiKey && baseUrl === DEFAULT_BASE_URLS[protocol]) {
    throw new ModelError(
      `Model "${model}" at ${baseUrl} needs an API key: set ${
        keyEnvName ?? KEY_VARS[protocol]
      } or FLUX_API_KEY`,
      { kind: "config" },
    );
  }
  return {
    protocol,
    model,
    baseUrl,
    ...(apiKey ? { apiKey } : {}),
    apiKeyEnv,
    timeoutMs,
    ...(idleTimeoutMs !== undefined ? { idleTimeoutMs } : {}),
    analysisTimeoutMs,
    maxContextChars,
    ...(maxTokens !== undefined ? { maxTokens } : {}),
  };
}

function aiSection(
  raw: Record<string, unknown>,
  file: string,
  text: string,
): Record<string, unknown> {
  const value = raw.ai;
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    const [line, column] = positionOf(text, "ai");
    throw new FluxFileError(file, line, column, 'section "ai" must be a mapping');
  }
  return value;
}

/**
 * 1-based line and column of `key:` in `text`: the top-level `ai:` itself, else its first `key:` inside the
 * `ai:` section (not a same-named setting of another section); 1:1 when not found.
 */
function positionOf(text: string, key: string): [number, number] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^ai\s*:/.test(line));
  if (key === "ai" || start === -1) return start === -1 ? [1, 1] : [start + 1, 1];
  const pattern = new RegExp(`^\\s+${key}\\s*:`);
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^[^\s#]/.test(line)) break; // the next top-level key ends the section
    if (pattern.test(line)) return [i + 1, line.search(/\S/) + 1];
  }
  return [start + 1, 1];
}
