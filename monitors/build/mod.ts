/**
 * The build monitor: runs the project's read-only check (tsc --noEmit, deno check, go build -o /dev/null,
 * cargo check, python -m compileall into a scratch prefix) and reports compiler errors as
 * items with file and line. It never runs the project's build script behind the user's back: only option
 * `kind: "build"` (or `tool: "npm_build"`) in config asks for that. Options: `kind`, `tool`, `timeoutMs`.
 */
import type { MonitorResult, PluginContext } from "../../core/plugin_host/types.ts";
import { detectToolchains, runTool } from "../../core/toolchain/run_tool.ts";
import {
  numberOption,
  stringOption,
  toolMonitorResult,
} from "../../core/toolchain/tool_monitor_result.ts";

const BACKGROUND_NICE = 10;

/** Builds once. */
async function check(ctx: PluginContext): Promise<MonitorResult> {
  const tool = stringOption(ctx.options, "tool");
  const asked = stringOption(ctx.options, "kind");
  // The type checker when the project has one, else a build tool that writes nothing (compileall).
  const toolchains = await detectToolchains(ctx.projectDir);
  const kind = asked === "build" || asked === "typecheck"
    ? asked
    : toolchains.some((c) => (c.tools.typecheck ?? []).length > 0)
    ? "typecheck"
    : "build";
  const readOnly = asked !== "build" && tool === undefined;
  const timeoutMs = numberOption(ctx.options, "timeoutMs");
  ctx.progress(kind === "build" ? "running build" : "running check");
  const run = await runTool(kind, ctx.projectDir, {
    signal: ctx.signal,
    toolchains,
    readOnly,
    // A background check yields the CPU to what the person is doing (typing in the TUI, their editor).
    nice: BACKGROUND_NICE,
    ...(tool ? { tool } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return toolMonitorResult(run);
}

export default { check };
