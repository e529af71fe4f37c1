/** The answer to a question when no model is configured: how to configure one. */

/** One paragraph saying how to configure a model (printed by `flux ask`, shown by the TUI). */
export const NO_MODEL_HELP = "No model is configured, so Flux cannot answer questions yet. " +
  "Set FLUX_MODEL to use one: for OpenAI also set OPENAI_API_KEY (e.g. FLUX_MODEL=gpt-4o-mini); " +
  "for Anthropic set FLUX_PROVIDER=anthropic and ANTHROPIC_API_KEY (e.g. FLUX_MODEL=claude-sonnet-4-5); " +
  "for a local Ollama or LM Studio server set FLUX_BASE_URL=http://localhost:11434/v1 " +
  "(or http://localhost:1234/v1) and FLUX_MODEL to a model it serves. " +
  "The same settings can live in the ai: section of .flux/config.yaml (see flux help ai). " +
  "Failure analysis keeps working without a model, using the built-in analyzer.";

/** Thrown by `askQuestion()` when no model is configured; its message is {@linkcode NO_MODEL_HELP}. */
export class NoModelError extends Error {
  override name = "NoModelError";
  constructor() {
    super(NO_MODEL_HELP);
  }
}
