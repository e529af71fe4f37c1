/**
 * The `notify` step: shows `params.message` (context variables already filled in by the core) through
 * `ctx.log`, which the terminal prints, and returns it as the step's output. `params.level` is `info`
 * (default), `success`, `warning` or `error`.
 */
import type { PluginContext, StepResult } from "../../core/plugin_host/types.ts";

const LEVELS = ["info", "success", "warning", "error"] as const;

/** Runs the step. */
function run(ctx: PluginContext): StepResult {
  const { message, level } = ctx.options;
  if (typeof message !== "string" || message.trim() === "") {
    return { success: false, data: { error: 'The notify step has no "message"' } };
  }
  const lvl = LEVELS.find((l) => l === level) ?? "info";
  ctx.log(message + "\n");
  return { success: true, output: message, data: { message, level: lvl } };
}

export default { run };
