/**
 * Failure analysis by the configured model: the failing report, its output's tail and the session context
 * go to the model, which has `timeoutMs` to answer. Any error, timeout, rate limit or empty answer ends in
 * one line to `onError`; then, with a `fallback` (the built-in analyzer), in the fallback's analysis, and
 * without one in the thrown one-line `ModelError` (for `analyzeFailure()` of core/monitor, which falls back
 * itself and so labels the analysis correctly).
 */
import type { FailureAnalyzer, FailureReport } from "../monitor/failure_analyzer.ts";
import { AI_DEFAULTS } from "./ai_config.ts";
import { buildPrompt } from "./build_prompt.ts";
import { ModelError } from "./model_error.ts";
import type { ModelProvider } from "./model_provider.ts";

/** Options for {@linkcode ModelAnalyzer}. */
export interface ModelAnalyzerOptions {
  /** Where the session context comes from (a `SessionManager`). */
  session?: { getContextForAi(options: { maxChars?: number }): unknown };
  /** Milliseconds the model may take before the fallback is used (default 10000). */
  timeoutMs?: number;
  /** Prompt budget in characters (default 16000, about 4000 tokens). */
  maxContextChars?: number;
  /** Answer length limit in tokens (default 400). */
  maxTokens?: number;
  /** The analyzer used when the model fails; without it, failures throw. */
  fallback?: FailureAnalyzer;
  /** Receives the one-line reason whenever the model's analysis is not used (with or without a fallback). */
  onError?: (message: string) => void;
}

/** An analysis and where it came from (the same shape as core/monitor's `FailureAnalysis`). */
export interface ModelAnalysis {
  text: string;
  source: "model" | "builtin";
  /** Why the model's analysis was not used. */
  modelError?: string;
}

const defaults = {
  timeoutMs: AI_DEFAULTS.analysisTimeoutMs,
  maxContextChars: AI_DEFAULTS.maxContextChars,
  maxTokens: 400,
} satisfies ModelAnalyzerOptions;

/** {@linkcode FailureAnalyzer} backed by a model, bounded in time, with an optional fallback. */
export class ModelAnalyzer implements FailureAnalyzer {
  /** The reason of the latest failed model call, if the latest one failed. */
  lastError: string | undefined;
  /** Milliseconds the model may take for one analysis (what a caller's own deadline should allow). */
  readonly timeoutMs: number;
  #provider: ModelProvider;
  #options: ModelAnalyzerOptions;

  constructor(provider: ModelProvider, options: ModelAnalyzerOptions = {}) {
    this.#provider = provider;
    this.#options = options;
    this.timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  }

  async analyze(report: FailureReport, signal?: AbortSignal): Promise<string> {
    return (await this.analyzeDetailed(report, signal)).text;
  }

  /** Like `analyze()`, and says whether the model or the fallback answered. */
  async analyzeDetailed(report: FailureReport, signal?: AbortSignal): Promise<ModelAnalysis> {
    try {
      const text = await this.#askModel(report, signal);
      this.lastError = undefined;
      return { text, source: "model" };
    } catch (error) {
      const fallback = this.#options.fallback;
      const message = error instanceof ModelError
        ? error.message
        : `Model analysis failed: ${error instanceof Error ? error.message : String(error)}`;
      this.lastError = message;
      this.#options.onError?.(message);
      if (!fallback) throw error instanceof ModelError ? error : new Error(message);
      return {
        text: await fallback.analyze(report, signal),
        source: "builtin",
        modelError: message,
      };
    }
  }

  async #askModel(report: FailureReport, signal?: AbortSignal): Promise<string> {
    const timeoutMs = this.timeoutMs;
    const session = this.#options.session;
    const request = buildPrompt({
      task: { kind: "analysis", report },
      context: (maxChars) => session?.getContextForAi({ maxChars }) ?? null,
      maxChars: this.#options.maxContextChars ?? defaults.maxContextChars,
      maxTokens: this.#options.maxTokens ?? defaults.maxTokens,
    });
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The provider times out by itself; this bound also covers anything outside its fetch.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(
          new ModelError(
            `Model request failed: no analysis from ${this.#provider.baseUrl} within ${timeoutMs} ms: ` +
              "check the server or raise ai.analysis_timeout_ms",
            { kind: "timeout" },
          ),
        );
      }, timeoutMs + 50);
    });
    try {
      const text = (await Promise.race([
        this.#provider.complete(request, { signal: controller.signal, timeoutMs }),
        deadline,
      ])).trim();
      if (!text) {
        throw new ModelError(
          `Model request failed: ${this.#provider.model} returned an empty analysis`,
          {
            kind: "protocol",
          },
        );
      }
      return text;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}
