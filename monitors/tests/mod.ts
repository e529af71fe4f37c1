/**
 * The tests monitor: runs the project's own test command (its test script, `deno task test`, pytest with
 * its config) with only a reporter flag added, and reports "15 tests, 3 failed" with one item per failed
 * test (name, file, line, message), and every test's outcome in `data.cases` with the content hash of
 * the project at the start (`data.contentHash`). Options: `command` (the user's own command, e.g.
 * "pnpm vitest run --typecheck"), `tool` (force an analyzer, e.g. "pytest"), `timeoutMs`.
 *
 * It widens (plugin.json `stages`): the core calls `check` once per stage with `ctx.options.stage`:
 * `failed` runs the tests that failed last, `affected` the tests the changed files reach, `full` the whole
 * suite, `rerun` the listed tests again (flaky detection). A stage with nothing to run, or that the runner
 * cannot select (a `command` of the user's own), answers `data.stage.skipped` without running anything.
 */
import type { MonitorResult, PluginContext, StageRequest } from "../../core/plugin_host/types.ts";
import { detectToolchains, runTool, type TestSelection } from "../../core/toolchain/run_tool.ts";
import {
  numberOption,
  stringOption,
  toolMonitorResult,
} from "../../core/toolchain/tool_monitor_result.ts";
import { toolAdapter } from "../../core/toolchain/tool_adapters.ts";
import { adapterSelects } from "../../core/toolchain/tool_adapter.ts";
import { affectedTests } from "../../core/toolchain/affected_tests.ts";
import { contentHash } from "../../core/toolchain/content_hash.ts";
import { failuresFirst } from "../../core/toolchain/failures_first.ts";
import { runDenoTestSplit } from "../../core/toolchain/deno_test_split.ts";
import { pytestPython } from "../../core/toolchain/pytest.ts";
import {
  coverageDataPath,
  coverageImportable,
  loadCoverageMap,
  readCoverageData,
  saveCoverageMap,
} from "../../core/toolchain/python_coverage.ts";

const BACKGROUND_NICE = 10;

/** Runs the tests (of one stage) once. */
async function check(ctx: PluginContext): Promise<MonitorResult> {
  const stage = stageRequest(ctx.options.stage);
  const command = stringOption(ctx.options, "command");
  const toolchains = await detectToolchains(ctx.projectDir);
  // A command of the user's own is run as written: Flux does not know how to narrow it.
  const tool = stringOption(ctx.options, "tool") ??
    (command ? undefined : toolchains.flatMap((c) => c.tools.test ?? [])[0]);
  const timeoutMs = numberOption(ctx.options, "timeoutMs");
  let hashing: ReturnType<typeof contentHash> | undefined;
  const hashOnce = () => hashing ??= contentHash(ctx.projectDir, ctx.signal);
  let select: TestSelection | undefined;
  if (stage && stage.name !== "full") {
    // Stage 2's selection takes a while (`deno info`, the import graph): the content hash is taken
    // meanwhile (both only read). A stage that is skipped never awaits it.
    if (stage.name === "affected") hashOnce().catch(() => {});
    const chosen = await selection(ctx, stage, tool);
    if ("skip" in chosen) return skipped(stage.name, chosen.skip);
    select = chosen.select;
  }
  const { hash } = await hashOnce();
  ctx.progress(stage ? `running tests (${stage.name})` : "running tests");
  // The whole suite of a widening loop records per-test coverage where `coverage` is installed, for
  // the next stage 2 to select by (python_coverage.ts): when no map is recorded, or it is older than
  // COVERAGE_REFRESH_MS, so that most whole runs keep the plain command's speed.
  const coverageData = stage?.name === "full" && tool === "pytest" && !command &&
      await coverageDue(ctx.projectDir) &&
      await coverageImportable(pytestPython(ctx.projectDir), ctx.projectDir)
    ? await coverageDataPath(ctx.projectDir)
    : undefined;
  const options = {
    signal: ctx.signal,
    toolchains,
    // A background check yields the CPU to what the person is doing (typing in the TUI, their editor).
    nice: BACKGROUND_NICE,
    background: true,
    ...(tool ? { tool } : {}),
    ...(command ? { command } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(select ? { select } : {}),
  };
  // An early stage of deno test type-checks beside the run rather than before it (deno_test_split.ts);
  // the whole suite is always the project's own command.
  const split = select && tool === "deno_test" && !command
    ? await runDenoTestSplit(ctx.projectDir, { ...options, select })
    : null;
  let run = split ?? await runTool("test", ctx.projectDir, {
    ...options,
    ...(coverageData ? { coverageData } : {}),
  });
  if (coverageData) {
    await keepCoverage(ctx.projectDir, coverageData, run.status);
    // A run coverage could not finish is no verdict: the project's pytest alone gives it.
    if (run.status === "unknown" && !ctx.signal.aborted) {
      run = await runTool("test", ctx.projectDir, options);
    }
  }
  const result = toolMonitorResult(run);
  result.data = {
    ...(result.data as Record<string, unknown>),
    contentHash: hash,
    cases: run.cases ?? [],
    ...(stage ? { stage: { name: stage.name, selected: selectedCount(select) } } : {}),
  };
  return result;
}

/**
 * How old the coverage map may grow before a whole run records it again: a covered run costs several
 * times a plain one (4.7x on more-itertools), and the import graph covers what changed since.
 */
const COVERAGE_REFRESH_MS = 30 * 60 * 1000;

async function coverageDue(projectDir: string): Promise<boolean> {
  const map = await loadCoverageMap(projectDir);
  const age = map ? Date.now() - Date.parse(map.recordedAt) : NaN;
  return !(age >= 0 && age < COVERAGE_REFRESH_MS);
}

/** Turns a covered whole run's data file into the map stage 2 reads; a cancelled run keeps the old map. */
async function keepCoverage(projectDir: string, dataFile: string, status: string): Promise<void> {
  try {
    const map = status === "unknown" ? null : readCoverageData(projectDir, dataFile);
    if (map) await saveCoverageMap(projectDir, map);
  } finally {
    await Deno.remove(dataFile).catch(() => {});
  }
}

/** What one early stage runs, or why it runs nothing. */
async function selection(
  ctx: PluginContext,
  stage: StageRequest,
  tool: string | undefined,
): Promise<{ select: TestSelection } | { skip: string }> {
  const adapter = tool ? toolAdapter(tool) : undefined;
  const can = adapter ? adapterSelects(adapter, ctx.projectDir) : [];
  if (!tool || can.length === 0) return { skip: `${tool ?? "the runner"} cannot run a selection` };
  if (stage.name === "failed" || stage.name === "rerun") {
    if (stage.tests.length === 0) return { skip: "no failing tests" };
    if (!can.includes("tests")) return { skip: `${tool} cannot run single tests` };
    return { select: { tests: stage.tests } };
  }
  if (stage.name === "affected") {
    const affected = await affectedTests(ctx.projectDir, tool, stage.files, ctx.signal);
    if (affected.kind === "all") return { skip: `everything is affected: ${affected.reason}` };
    if (affected.kind === "none") return { skip: "no tests are affected" };
    // Previously failing first, then the changed tests (pytest's `--ff` order, deno test's file order).
    return { select: failuresFirst(affected.select, stage.tests, stage.files) };
  }
  return { skip: `unknown stage "${stage.name}"` };
}

function skipped(name: string, reason: string): MonitorResult {
  return {
    status: "unknown",
    summary: `stage ${name} skipped: ${reason}`,
    data: { stage: { name, skipped: true, reason } },
  };
}

function selectedCount(select: TestSelection | undefined): number | null {
  if (!select) return null;
  return (select.tests?.length ?? 0) + (select.files?.length ?? 0) +
    (select.related?.length ?? 0) + (select.packages?.length ?? 0);
}

function stageRequest(value: unknown): StageRequest | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.name !== "string") return undefined;
  const strings = (x: unknown) =>
    Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : [];
  return { name: v.name, files: strings(v.files), tests: strings(v.tests) };
}

export default { check };
