/**
 * The lint monitor: runs the detected linter and reports the issues that are new since the last run as
 * items ("3 new lint issues (5 in all)"). Status is "fail" while any issue exists; `data.new` and
 * `data.resolved` count what changed, `data.issues` lists them all. Options: `tool`, `timeoutMs`.
 */
import type { MonitorResult, PluginContext } from "../../core/plugin_host/types.ts";
import { runTool } from "../../core/toolchain/run_tool.ts";
import { LintTracker } from "../../core/toolchain/lint_tracker.ts";
import { numberOption, stringOption } from "../../core/toolchain/tool_monitor_result.ts";

const BACKGROUND_NICE = 10;

const trackers = new Map<string, LintTracker>();

/** Lints once and compares with the previous run. */
async function check(ctx: PluginContext): Promise<MonitorResult> {
  const tool = stringOption(ctx.options, "tool");
  const timeoutMs = numberOption(ctx.options, "timeoutMs");
  ctx.progress("running lint");
  const run = await runTool("lint", ctx.projectDir, {
    signal: ctx.signal,
    // A background check yields the CPU to what the person is doing (typing in the TUI, their editor).
    nice: BACKGROUND_NICE,
    ...(tool ? { tool } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  let tracker = trackers.get(ctx.projectDir);
  if (!tracker) {
    tracker = new LintTracker(ctx.projectDir);
    trackers.set(ctx.projectDir, tracker);
  }
  return await tracker.update(run);
}

export default { check };
