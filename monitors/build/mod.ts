/**
 * The build monitor: runs the detected build (or, with option `kind: "typecheck"`, the type checker) and
 * reports compiler errors as items with file and line. Options: `kind`, `tool`, `timeoutMs`.
 */
import type { MonitorResult, PluginContext } from "../../core/plugin_host/types.ts";
import { runTool } from "../../core/toolchain/run_tool.ts";
import {
  numberOption,
  stringOption,
  toolMonitorResult,
} from "../../core/toolchain/tool_monitor_result.ts";

const BACKGROUND_NICE = 10;

/** Builds once. */
async function check(ctx: PluginContext): Promise<MonitorResult> {
  const kind = stringOption(ctx.options, "kind") === "typecheck" ? "typecheck" : "build";
  const tool = stringOption(ctx.options, "tool");
  const timeoutMs = numberOption(ctx.options, "timeoutMs");
  ctx.progress(`running ${kind}`);
  const run = await runTool(kind, ctx.projectDir, {
    signal: ctx.signal,
    // A background check yields the CPU to what the person is doing (typing in the TUI, their editor).
    nice: BACKGROUND_NICE,
    ...(tool ? { tool } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return toolMonitorResult(run);
}

export default { check };
