/**
 * An early stage of `deno test` (a selection) as two processes at once: `deno check` of the selected
 * files and `deno test --no-check` of the same selection. `deno test` type-checks first and only then
 * runs; after a save the check of the edited module is cold (about 0.7 s of a 1 s run on a small
 * project), so running both at once gives the verdict in the time of the longer one. The verdict is the
 * one `deno test` gives: a check that fails is the run's verdict ("tests did not compile", its
 * diagnostics), as in `deno test`, whatever the unchecked run found; a check that passes leaves the
 * run's own verdict, which type-checking does not change (the code that runs is the same with or
 * without the check). Only for flags Flux knows the meaning of: anything else runs as one `deno test`.
 * The whole suite is never split: the final verdict is always the project's own command.
 */
import { denoTest, denoTestTask, parseDenoTest } from "./deno_test.ts";
import { DENO_TEST_FLAGS, denoTestWords } from "./_deno_test_flags.ts";
import { runAdapter, type RunToolOptions } from "./run_tool.ts";
import type { ToolAdapter } from "./tool_adapter.ts";
import type { TestSelection, ToolRun } from "./types.ts";

/** The two halves of a split `deno test`. */
export interface DenoTestSplit {
  /** `deno check` of the selected test files, read as `deno test` reads a type-check failure. */
  check: ToolAdapter;
  /** The same `deno test` with `--no-check`. */
  run: ToolAdapter;
}

/**
 * Flags that change what is type-checked or how modules are found and loaded: `deno check` gets them
 * too. `-A` lets `deno test` load modules from any host, so the check gets `--allow-import` with it.
 */
const SHARED =
  /^(-c|--config|--no-config|--import-map|--lock|--no-lock|--frozen|--frozen-lockfile|--node-modules-dir|--vendor|--no-remote|--no-npm|--cached-only|--cert|--unsafely-ignore-certificate-errors|--conditions|-I|--allow-import|--deny-import|--unstable(-[a-z0-9-]+)?)(=.*)?$/;

/** Flags that only change how the tests run (permissions, reporting, order, environment). */
const RUN_ONLY =
  /^(-A|--allow-all|--allow-(?!import\b)[a-z-]+|--deny-(?!import\b)[a-z-]+|-[RWNES]|--permit-no-files|--parallel|--fail-fast|--shuffle|--seed|--trace-leaks|--env-file|--location|--reporter|--junit-path|--filter|-q|--quiet|--v8-flags|--hide-stacktraces|--coverage(-[a-z-]+)?|--clean)(=.*)?$/;

/**
 * The split of the `deno test` this project runs for `select`, or null when it does not split: no
 * selection, a test task that needs the shell (`deno task test`), a task that type-checks differently
 * (`--no-check`, `--check`, `--doc`), a flag Flux does not know, or arguments for the tests (`-- args`).
 */
export function denoTestSplit(projectDir: string, select: TestSelection): DenoTestSplit | null {
  const files = selectedFiles(select);
  if (files.length === 0) return null;
  const task = denoTestTask(projectDir);
  if (task === "as written") return null;
  const { args, scriptArgs } = task === "none" ? denoTestWords(["-A"]) : task;
  // A task with the tests' own `-- args` runs as one plain `deno test`.
  if (scriptArgs.length > 0) return null;
  const shared: string[] = [];
  // A flag whose optional value was not given goes after the files, which it would take for its value.
  const sharedLast: string[] = [];
  let allowAll = false;
  for (const { words, path } of args) {
    const [flag, value] = words;
    if (path) continue;
    if (SHARED.test(flag)) {
      const bare = value === undefined && DENO_TEST_FLAGS.get(flag) === "next-unless-flag";
      (bare ? sharedLast : shared).push(...words);
    } else if (RUN_ONLY.test(flag)) allowAll ||= flag === "-A" || flag === "--allow-all";
    else return null;
  }
  const importGranted = shared.some((w) => /^(-I|--allow-import)(=|$)/.test(w));
  const check: ToolAdapter = {
    name: denoTest.name,
    kinds: ["test"],
    invocation: () => ({
      cmd: "deno",
      args: [
        "check",
        ...shared,
        ...(allowAll && !importGranted ? ["--allow-import"] : []),
        // No "--" before the files: `deno check -- a.ts` checks the whole project.
        ...files,
        ...sharedLast,
      ],
    }),
    // What `deno test` says when its type-check fails (no report: it never ran a test).
    parse: (output) =>
      output.code === 0
        ? { status: "ok", summary: "type-check passed", findings: [] }
        : parseDenoTest({ ...output, report: null }),
  };
  const run: ToolAdapter = {
    ...denoTest,
    invocation: (ctx) => {
      const inv = denoTest.invocation(ctx);
      return { ...inv, args: [inv.args[0]!, "--no-check", ...inv.args.slice(1)] };
    },
  };
  return { check, run };
}

/** The test files a selection names (ids are `file::name`). */
function selectedFiles(select: TestSelection): string[] {
  const ids = (select.tests ?? []).map((id) =>
    id.includes("::") ? id.slice(0, id.indexOf("::")) : id
  );
  return [...new Set([...ids, ...(select.files ?? [])])];
}

/**
 * Runs a selection of `deno test` split in two (see the module comment); null when it does not split
 * or deno is not installed (the caller runs `deno test` itself then).
 */
export async function runDenoTestSplit(
  projectDir: string,
  options: RunToolOptions & { select: TestSelection },
): Promise<ToolRun | null> {
  const split = denoTestSplit(projectDir, options.select);
  if (!split) return null;
  // A failed check is the verdict: the unchecked run is stopped then, as `deno test` would not have run.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const checking = runAdapter(split.check, projectDir, options).then((checked) => {
    if (checked?.status !== "ok") stop.abort();
    return checked;
  });
  const [checked, ran] = await Promise.all([
    checking,
    runAdapter(split.run, projectDir, { ...options, signal }),
  ]);
  if (!checked || !ran) return null;
  // A check that failed without a diagnostic (deno refused a flag, a usage error) is not taken for the
  // verdict of `deno test`: that command itself runs and says.
  if (checked.status === "fail" && checked.findings.length === 0 && !options.signal?.aborted) {
    return null;
  }
  const command = [...checked.command, "&", ...ran.command];
  const durationMs = Math.max(checked.durationMs, ran.durationMs);
  if (checked.status !== "ok") return { ...checked, command, durationMs };
  return {
    ...ran,
    command,
    durationMs,
    output: `${checked.output}\n${ran.output}`.trim(),
  };
}
