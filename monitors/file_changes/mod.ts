/**
 * The file_changes monitor. `watch(ctx)` streams batches of changed files from native file events
 * (Deno.watchFs), honouring .gitignore and skipping .git/, .flux/, node_modules/, caches, build output
 * and editors' temporaries; an atomic save reports the real file. Each batch is emitted as
 * `{ files, kinds, summary, at }` ("📝 1 file changed: auth.py"; `at` is the epoch milliseconds of the
 * first event), after one `{ ready: true }` once the watcher is installed (changes from then on are
 * seen); `{ warning }` carries a one-line warning (the OS limit of watches was reached, polling). `check(ctx)` counts the watched files. Options: `batchMs` (50), `quietMs` (3),
 * `ignore` (more gitignore-style patterns).
 */
import type { MonitorResult, PluginContext } from "../../core/plugin_host/types.ts";
import { countProjectFiles } from "../../core/toolchain/count_project_files.ts";
import { FileFilter } from "../../core/toolchain/file_filter.ts";
import { type FileChangeBatch, watchFiles } from "../../core/toolchain/watch_files.ts";
import { numberOption } from "../../core/toolchain/tool_monitor_result.ts";

/** "📝 1 file changed: auth.py", "📝 4 files changed: a.py, b.py, c.py and 1 more". */
export function changeSummary(files: string[]): string {
  const shown = files.slice(0, 3).join(", ");
  const more = files.length > 3 ? ` and ${files.length - 3} more` : "";
  return `📝 ${files.length} file${files.length === 1 ? "" : "s"} changed: ${shown}${more}`;
}

async function filterFor(ctx: PluginContext): Promise<FileFilter> {
  const ignore = Array.isArray(ctx.options.ignore)
    ? ctx.options.ignore.filter((p): p is string => typeof p === "string")
    : [];
  return await FileFilter.load(ctx.projectDir, { ignore });
}

/** Counts the files being watched. */
async function check(ctx: PluginContext): Promise<MonitorResult> {
  const files = await countProjectFiles(ctx.projectDir, {
    filter: await filterFor(ctx),
    signal: ctx.signal,
  });
  return { status: "ok", summary: `watching ${files} files`, items: [], data: { files } };
}

/** Streams change batches until the host stops the watch. */
async function watch(ctx: PluginContext): Promise<void> {
  const windowMs = numberOption(ctx.options, "batchMs");
  const quietMs = numberOption(ctx.options, "quietMs");
  const filter = await filterFor(ctx);
  await watchFiles(ctx.projectDir, (batch: FileChangeBatch) => {
    ctx.emit({
      files: batch.files,
      kinds: batch.kinds,
      summary: changeSummary(batch.files),
      at: performance.timeOrigin + batch.firstEventAt,
    });
  }, {
    signal: ctx.signal,
    filter,
    onReady: () => ctx.emit({ ready: true }),
    onWarning: (warning) => ctx.emit({ warning }),
    ...(windowMs ? { windowMs } : {}),
    ...(quietMs ? { quietMs } : {}),
  });
}

export default { check, watch };
