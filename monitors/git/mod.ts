/**
 * The git monitor: branch, uncommitted and untracked counts and ahead/behind, from
 * `git status --porcelain=v2 --branch`. Always "ok" in a repository (a dirty tree is not a failure):
 * the summary and `data` change, e.g. "main: 2 uncommitted, 1 untracked, ahead 1".
 */
import type { MonitorResult, PluginContext } from "../../core/plugin_host/types.ts";
import { gitStatus, gitSummary } from "../../core/toolchain/git_status.ts";

/** Reads git status once. */
async function check(ctx: PluginContext): Promise<MonitorResult> {
  try {
    const status = await gitStatus(ctx.projectDir, { signal: ctx.signal });
    return {
      status: "ok",
      summary: gitSummary(status),
      items: status.files.slice(0, 50).map((file) => ({
        message: status.untrackedFiles.includes(file) ? "untracked" : "changed",
        file,
      })),
      data: status,
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { status: "unknown", summary: detail, items: [], data: { error: detail } };
  }
}

export default { check };
