/**
 * The tests monitor: runs the detected test runner with a machine-readable reporter and reports
 * "15 tests, 3 failed" with one item per failed test (name, file, line, message).
 * Options: `tool` (force an analyzer, e.g. "pytest"), `timeoutMs`.
 */
import type { MonitorResult, PluginContext } from "../../core/plugin_host/types.ts";
import { runTool } from "../../core/toolchain/run_tool.ts";
import {
  numberOption,
  stringOption,
  toolMonitorResult,
} from "../../core/toolchain/tool_monitor_result.ts";

const BACKGROUND_NICE = 10;

/** Runs the tests once. */
async function check(ctx: PluginContext): Promise<MonitorResult> {
  const tool = stringOption(ctx.options, "tool");
  const timeoutMs = numberOption(ctx.options, "timeoutMs");
  ctx.progress("running tests");
  const run = await runTool("test", ctx.projectDir, {
    signal: ctx.signal,
    // A background check yields the CPU to what the person is doing (typing in the TUI, their editor).
    nice: BACKGROUND_NICE,
    ...(tool ? { tool } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return toolMonitorResult(run);
}

export default { check };
