/**
 * The one place Flux imports a tokenizer (`npm:js-tiktoken`, OpenAI's BPE in plain JavaScript). The ranks are
 * files inside the package, so counting works offline; each encoding is loaded only when first asked for.
 */
export { Tiktoken } from "js-tiktoken/lite";
export type { TiktokenBPE } from "js-tiktoken/lite";

/** The BPE ranks of `name`, read from the package (no network). */
export async function loadRanks(name: "o200k_base" | "cl100k_base") {
  const module = name === "o200k_base"
    ? await import("js-tiktoken/ranks/o200k_base")
    : await import("js-tiktoken/ranks/cl100k_base");
  return module.default;
}
