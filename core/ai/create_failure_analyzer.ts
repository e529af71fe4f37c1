/**
 * The failure analyzer a monitor should use: the model (bounded by `ai.analysis_timeout_ms`, falling back to
 * the built-in analyzer) when one is configured, the built-in analyzer alone otherwise. With
 * `fallback: false` the model analyzer throws its one-line error instead of answering with the built-in
 * analysis, for callers that fall back themselves and must know which analyzer answered (`analyzeFailure()`).
 */
import type { FailureAnalyzer } from "../monitor/failure_analyzer.ts";
import { BuiltinAnalyzer } from "../monitor/builtin_analyzer.ts";
import { type Env, loadAiConfig } from "./ai_config.ts";
import { createProvider } from "./create_provider.ts";
import { ModelAnalyzer, type ModelAnalyzerOptions } from "./model_analyzer.ts";

/** Options for {@linkcode createFailureAnalyzer}. */
export interface CreateFailureAnalyzerOptions {
  /** Source of the session context (a `SessionManager`). */
  session?: ModelAnalyzerOptions["session"];
  /** Environment to read the configuration from (default: the process's). */
  env?: Env;
  /** Receives one line whenever the model is not used (bad configuration, failed call). */
  onError?: (message: string) => void;
  /**
   * Whether the model analyzer answers with the built-in analysis when the model fails (default `true`).
   * Pass `false` when the caller falls back itself, e.g. `analyzeFailure({ model, fallback })`, so that a
   * built-in answer is not labelled as the model's. Without a model the built-in analyzer is returned either way.
   */
  fallback?: boolean;
}

/**
 * Returns a {@linkcode ModelAnalyzer} (with the built-in fallback unless `fallback: false`), or the
 * {@linkcode BuiltinAnalyzer} when no model is configured or its configuration is broken.
 */
export async function createFailureAnalyzer(
  projectDir: string,
  options: CreateFailureAnalyzerOptions = {},
): Promise<FailureAnalyzer> {
  const builtin = new BuiltinAnalyzer(projectDir);
  let config;
  try {
    config = await loadAiConfig(projectDir, options.env ?? Deno.env.toObject());
  } catch (error) {
    options.onError?.(error instanceof Error ? error.message : String(error));
    return builtin;
  }
  if (!config) return builtin;
  return new ModelAnalyzer(createProvider(config), {
    timeoutMs: config.analysisTimeoutMs,
    maxContextChars: config.maxContextChars,
    ...(options.fallback === false ? {} : { fallback: builtin }),
    ...(options.session ? { session: options.session } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    ...(config.maxTokens !== undefined ? { maxTokens: config.maxTokens } : {}),
  });
}
