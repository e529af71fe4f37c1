/**
 * Picks the analysis of a failure: the model's when one is configured and answers in time, otherwise the
 * built-in one. A model error or timeout never leaves a failure notification without an analysis.
 */
import { requiredObject } from "../api/required.ts";
import type { FailureAnalyzer, FailureReport } from "./failure_analyzer.ts";

/** Options for {@linkcode analyzeFailure}. */
export interface AnalyzeFailureOptions {
  /** The model analyzer (core/ai), when configured. */
  model?: FailureAnalyzer;
  /** The built-in analyzer, used without a model and when the model fails. */
  fallback: FailureAnalyzer;
  /** Milliseconds the model may take. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What {@linkcode analyzeFailure} resolves to. */
export interface FailureAnalysis {
  text: string;
  source: "model" | "builtin";
  /** Why the model's analysis was not used, when it was tried. */
  modelError?: string;
}

const defaults = { timeoutMs: 15_000 };

/** Analyses `report`; see the module comment. Never rejects unless the built-in analyzer throws. */
export async function analyzeFailure(
  report: FailureReport,
  options: AnalyzeFailureOptions,
): Promise<FailureAnalysis> {
  requiredObject(
    report,
    "analyzeFailure's report",
    "analyzeFailure({ monitor, summary, items }, { fallback })",
  );
  requiredObject(
    options,
    "analyzeFailure's options",
    "analyzeFailure(report, { fallback: new BuiltinAnalyzer(dir) })",
  );
  let modelError: string | undefined;
  if (options.model) {
    const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`the model did not answer within ${timeoutMs} ms`));
        controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      const text = (await Promise.race([options.model.analyze(report, controller.signal), timeout]))
        .trim();
      if (text) return { text, source: "model" };
      modelError = "the model returned an empty analysis";
    } catch (error) {
      modelError = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    }
  }
  const text = await options.fallback.analyze(report, options.signal);
  return { text, source: "builtin", ...(modelError === undefined ? {} : { modelError }) };
}
