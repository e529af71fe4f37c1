/**
 * Counts tokens the way the model family will: OpenAI's BPE (`o200k_base` for GPT-4o and later, `cl100k_base`
 * for GPT-4 and GPT-3.5) through `js-tiktoken`, whose ranks ship inside the package, so counting is offline.
 * Families without a tokenizer package (Anthropic, local models) get a cautious estimate, and say so.
 */
import type { Tiktoken } from "../deps/tiktoken.ts";

/** Counts the tokens of a text; `exact` is false for an estimate. */
export interface TokenCounter {
  /** What counts: `"o200k_base"`, `"cl100k_base"` or `"estimate"`. */
  name: string;
  exact: boolean;
  /** One line for people and models: which tokenizer, for which models. */
  label: string;
  count(text: string): number;
}

/** Which model the context is for: `protocol` and `model` of the `ai:` config, or nothing configured. */
export interface ModelFamily {
  protocol: string;
  model: string;
}

/** Bytes per token the estimate assumes: below what BPE tokenizers reach on code and JSON, so it overcounts. */
const ESTIMATE_BYTES_PER_TOKEN = 3;
const encoder = new TextEncoder();
/** Texts up to this long have their counts kept, at most {@linkcode MAX_KEPT} of them. */
const MAX_KEPT_CHARS = 2000;
const MAX_KEPT = 20_000;
const loaded = new Map<string, Promise<Tiktoken>>();

/** A cautious estimate: one token per 3 bytes of UTF-8. */
export const estimatedTokenCounter: TokenCounter = {
  name: "estimate",
  exact: false,
  label:
    `estimated (1 token per ${ESTIMATE_BYTES_PER_TOKEN} bytes; no tokenizer package for this model)`,
  count: (text) => Math.ceil(encoder.encode(text).length / ESTIMATE_BYTES_PER_TOKEN),
};

/**
 * The counter for `family`: OpenAI-compatible models and no configured model get a real BPE tokenizer
 * (GPT-4o's when nothing says otherwise), every other family the estimate.
 */
export async function loadTokenCounter(family: ModelFamily | null): Promise<TokenCounter> {
  if (family === undefined) {
    throw new TypeError(
      'loadTokenCounter\'s family is missing (got undefined): call loadTokenCounter({ protocol: "openai", model: "gpt-4o" }) or loadTokenCounter(null)',
    );
  }
  const name = encodingFor(family);
  if (name === null) return estimatedTokenCounter;
  let pending = loaded.get(name);
  if (!pending) {
    // Imported on first use, not at start-up: every flux command imports this module (the session
    // store's estimate) and js-tiktoken would add its loading time to each of them.
    pending = import("../deps/tiktoken.ts").then(async ({ loadRanks, Tiktoken }) =>
      new Tiktoken(await loadRanks(name))
    );
    loaded.set(name, pending);
  }
  const tiktoken = await pending;
  const models = name === "o200k_base" ? "GPT-4o and later OpenAI models" : "GPT-4 and GPT-3.5";
  // The same short texts (an event's line, a failing test) are counted on every call of a long-lived
  // server: their counts are kept. Long texts (whole contexts) change every time and are not.
  const known = new Map<string, number>();
  return {
    name,
    exact: true,
    label: `${name} (js-tiktoken; exact for ${models})`,
    count: (text) => {
      const cached = known.get(text);
      if (cached !== undefined) return cached;
      const tokens = tiktoken.encode(text, "all").length;
      if (text.length <= MAX_KEPT_CHARS) {
        if (known.size >= MAX_KEPT) known.clear();
        known.set(text, tokens);
      }
      return tokens;
    },
  };
}

/** The OpenAI encoding of a model, or `null` for families without a tokenizer package. */
export function encodingFor(family: ModelFamily | null): "o200k_base" | "cl100k_base" | null {
  if (family === undefined) {
    throw new TypeError(
      'encodingFor\'s family is missing (got undefined): call encodingFor({ protocol: "openai", model: "gpt-4o" }) or encodingFor(null)',
    );
  }
  if (family === null) return "o200k_base";
  if (family.protocol !== "openai") return null;
  const model = family.model.toLowerCase();
  if (/^(gpt-4o|gpt-4\.[1-9]|gpt-5|o[1-9]|chatgpt|gpt-oss)/.test(model)) return "o200k_base";
  if (/^(gpt-4|gpt-3\.5|text-embedding)/.test(model)) return "cl100k_base";
  return null;
}
