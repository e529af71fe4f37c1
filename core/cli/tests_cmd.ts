/**
 * `flux tests`: what the recorded test runs say. `last` (the last run, failures first), `history NAME`
 * (one test's outcomes over time), `slow` (slowest tests), `flaky` (tests that passed and failed on the
 * same content, with their flip rate), `hunt NAME` (runs one test again and again, niced, and reports its
 * failure rate). All take `--json`. They read `.flux/sessions.db`; only `hunt` records (its runs).
 */
import type { Command } from "../deps/commander.ts";
import { InvalidArgumentError } from "../deps/commander.ts";
import { printJson, resolveProjectDir, rootOf, UsageError } from "./cli_context.ts";
import { SessionManager } from "../session/session_manager.ts";
import type { TestHistory } from "../session/test_history.ts";
import { isFile } from "../fs/is_file.ts";
import { printable } from "../plugin_host/printable.ts";
import { runTool } from "../toolchain/run_tool.ts";
import { contentHash } from "../toolchain/content_hash.ts";

interface JsonOption {
  json?: boolean;
}

const HUNT_NICE = 10;

/** Registers `flux tests` and its subcommands. */
export function registerTestsCommand(program: Command): void {
  const tests = program.command("tests")
    .description("recorded test results: last run, one test's history, slow and flaky tests");

  tests.command("last", { isDefault: true }).description(
    "the last recorded test run, failures first",
  )
    .option("--json", "print JSON")
    .action((opts: JsonOption, cmd: Command) => {
      read(cmd, (h) => {
        const run = h.last();
        if (opts.json) return printJson(run);
        if (!run) return console.log(NOTHING);
        const failed = run.results.filter((r) => r.outcome === "failed" || r.outcome === "error");
        console.log(printable(
          `Run ${run.runId} (${run.stage}, ${run.tool}) at ${run.startedAt}: ${run.results.length} ` +
            `tests, ${failed.length} failed, ${Math.round(run.durationMs)} ms`,
        ));
        for (const r of run.results) {
          const time = r.durationMs === undefined ? "" : `  ${r.durationMs} ms`;
          const why = r.message ? `  ${r.message}` : "";
          console.log(printable(`  ${r.outcome.padEnd(7)} ${r.id}${time}${why}`));
        }
      });
    });

  tests.command("history").argument("<name>", "test id, or part of one")
    .description("one test's outcomes over time, newest first")
    .option("-n, --limit <count>", "runs to show", positiveInt, 50)
    .option("--json", "print JSON")
    .action((name: string, opts: JsonOption & { limit: number }, cmd: Command) => {
      read(cmd, (h) => {
        const id = oneId(h, name);
        const entries = h.history(id, opts.limit);
        if (opts.json) return printJson({ test: id, history: entries });
        console.log(printable(`${id}: ${entries.length} recorded results`));
        for (const e of entries) {
          const time = e.durationMs === null ? "" : `  ${e.durationMs} ms`;
          const why = e.message ? `  ${e.message}` : "";
          console.log(
            printable(`  ${e.startedAt}  ${e.outcome.padEnd(7)} ${e.stage.padEnd(8)}${time}${why}`),
          );
        }
      });
    });

  tests.command("slow").description("the slowest tests (mean over their last 20 runs)")
    .option("-n, --limit <count>", "tests to list", positiveInt, 20)
    .option("--json", "print JSON")
    .action((opts: JsonOption & { limit: number }, cmd: Command) => {
      read(cmd, (h) => {
        const slow = h.slow(opts.limit);
        if (opts.json) return printJson(slow);
        if (slow.length === 0) return console.log(NOTHING);
        for (const s of slow) {
          console.log(printable(`  ${String(s.meanMs).padStart(9)} ms  ${s.id}  (${s.runs} runs)`));
        }
      });
    });

  tests.command("flaky").description("tests that both passed and failed on the same content")
    .option("--json", "print JSON")
    .action((opts: JsonOption, cmd: Command) => {
      read(cmd, (h) => {
        const flaky = h.flaky();
        if (opts.json) return printJson(flaky);
        if (flaky.length === 0) return console.log("No flaky tests recorded");
        for (const f of flaky) {
          const rate = `${Math.round(f.flipRate * 100)}%`;
          console.log(printable(
            `  ${rate.padStart(4)}  ${f.id}  (failed ${f.failed} of last ${f.runs} runs)`,
          ));
        }
      });
    });

  tests.command("hunt").argument("<name>", "test id, or part of one")
    .description("run one test again and again (niced) and report how often it fails")
    .option("--runs <count>", "times to run it", positiveInt, 20)
    .option("--json", "print JSON")
    .action(async (name: string, opts: JsonOption & { runs: number }, cmd: Command) => {
      const projectDir = resolveProjectDir(rootOf(cmd));
      const sessions = new SessionManager(projectDir);
      try {
        const id = sessions.readTests((h) => h.matchIds(name)).length === 0
          ? name
          : sessions.readTests((h) => oneId(h, name));
        let failed = 0, ran = 0;
        for (let i = 0; i < opts.runs; i++) {
          const { hash } = await contentHash(projectDir);
          const started = Date.now();
          const run = await runTool("test", projectDir, {
            nice: HUNT_NICE,
            select: { tests: [id] },
          });
          const cases = (run.cases ?? []).filter((c) => c.id === id);
          if (run.status === "unknown" || cases.length === 0) {
            throw new UsageError(
              `Cannot run test "${id}": ${
                run.status === "unknown" ? run.summary : "it did not run"
              }`,
              1,
            );
          }
          sessions.recordTestRun({
            source: "hunt",
            stage: "hunt",
            tool: run.tool,
            status: run.status,
            contentHash: hash,
            startedAt: started,
            durationMs: run.durationMs,
            cases,
          });
          ran++;
          const bad = cases.some((c) => c.outcome === "failed" || c.outcome === "error");
          if (bad) failed++;
          if (!opts.json) {
            console.error(printable(`  run ${i + 1}/${opts.runs}: ${bad ? "failed" : "passed"}`));
          }
        }
        const result = { test: id, runs: ran, failed, failureRate: ran === 0 ? 0 : failed / ran };
        if (opts.json) return printJson(result);
        console.log(printable(
          `${id}: failed ${failed} of ${ran} runs (${Math.round(result.failureRate * 100)}%)`,
        ));
      } finally {
        sessions.close();
      }
    });
}

const NOTHING = "No test runs recorded yet: flux watch records every run of the tests monitor";

function read(cmd: Command, fn: (history: TestHistory) => void): void {
  const projectDir = resolveProjectDir(rootOf(cmd));
  // Looking at a project Flux has never recorded must not create .flux/ there.
  const absent = !isFile(`${projectDir}/.flux/sessions.db`);
  const sessions = new SessionManager(projectDir, absent ? { incognito: true } : {});
  try {
    sessions.readTests(fn);
  } finally {
    sessions.close();
  }
}

/** The one recorded test id `name` names; a usage error when none or several match. */
function oneId(h: TestHistory, name: string): string {
  const ids = h.matchIds(name);
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) {
    throw new UsageError(`No recorded test matches "${name}": see flux tests last`);
  }
  throw new UsageError(
    `"${name}" matches ${ids.length} tests (${
      ids.slice(0, 3).join(", ")
    }, ...): give more of the id`,
  );
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("use a whole number above 0");
  return n;
}
