/**
 * The tests monitor: runs the project's own test command (its test script, `deno task test`, pytest with
 * its config) with only a reporter flag added, and reports "15 tests, 3 failed" with one item per failed
 * test (name, file, line, message). Options: `command` (the user's own command, e.g.
 * "pnpm vitest run --typecheck"), `tool` (force an analyzer, e.g. "pytest"), `timeoutMs`.
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
  const command = stringOption(ctx.options, "command");
  const timeoutMs = numberOption(ctx.options, "timeoutMs");
  ctx.progress("running tests");
  const run = await runTool("test", ctx.projectDir, {
    signal: ctx.signal,
    // A background check yields the CPU to what the person is doing (typing in the TUI, their editor).
    nice: BACKGROUND_NICE,
    ...(tool ? { tool } : {}),
    ...(command ? { command } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return toolMonitorResult(run);
}

export default { check };
