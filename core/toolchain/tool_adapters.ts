/** Every analyzer Flux ships, by name (the names toolchains list). */
import type { ToolAdapter } from "./tool_adapter.ts";
import { denoCheck } from "./deno_check.ts";
import { denoTest } from "./deno_test.ts";
import { pytest } from "./pytest.ts";

/** The adapter called `name`, or undefined when Flux has none by that name. */
export function toolAdapter(name: string): ToolAdapter | undefined {
  const all: ToolAdapter[] = [denoTest, denoCheck, pytest];
  return all.find((a) => a.name === name);
}
