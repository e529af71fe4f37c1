/**
 * `deno task bench workflow`: workflows timed as a user runs them, a whole `flux wf run` process with
 * recording on, beside `just` (npm `rust-just`, its native binary, installed into a temp dir) and `bash`
 * running the same 100 commands in the same run. Rows:
 * - `flux wf run hundred` (100 steps of `/bin/true`) against just (target <= 1.5x) and bash, and the
 *   same with programs forked the old way (`FLUX_SPAWN=detached`), with the load average around them;
 * - the cost per step beyond Flux's own start-up (target <= 5 ms);
 * - `flux --version` against `deno eval 0` (start-up);
 * - a no-change rerun of a 5-step workflow whose steps all have `sources:` against `flux --version`
 *   (target <= 1.5x);
 * - floors measured in the same run, each a whole process with Flux's flags and no Flux code: a bare
 *   Deno starting the 100 programs through setsid and without it, the same after loading the decided
 *   stack (commander, yaml, node:sqlite; `_spawn_floor.ts`), and that stack's start-up alone;
 * - the same 100 steps run in-process by a warm executor with recording off, labelled as such (never the
 *   headline: no user takes that path).
 */
import type { BenchRow } from "./bench_row.ts";
import { openPluginRunner } from "../core/workflow/open_plugin_runner.ts";
import { WorkflowExecutor } from "../core/workflow/workflow_executor.ts";
import { buildWorkflowPlan } from "../core/workflow/build_workflow_plans.ts";
import { runProcess } from "../core/process/run_process.ts";
import { pathExists } from "../core/fs/path_exists.ts";

const STEPS = 100;
const ROUNDS = 7;
const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
/** The spawn loops that show the runtime's and the stack's floor, started with Flux's own flags. */
const FLOOR = `${ROOT}/bench/_spawn_floor.ts`;
const floorArgs = (...args: string[]) => [
  "run",
  "-A",
  installedV8Flags(),
  "--config",
  `${ROOT}/deno.json`,
  FLOOR,
  ...args,
];
/**
 * A user's environment: `FLUX_TRUST` other than "1" does not trust, so a run goes through the trust store,
 * kept in the bench's own config folder.
 */
function userEnv(dir: string): Record<string, string> {
  return { FLUX_TRUST: "0", XDG_CONFIG_HOME: `${dir}/config` };
}
/** The `--v8-flags=...` of `deno task install` in deno.json, so the bench starts Flux as it is installed. */
function installedV8Flags(): string {
  const config = JSON.parse(Deno.readTextFileSync(`${ROOT}/deno.json`));
  const flags = /--v8-flags=\S+/.exec(String(config.tasks?.install ?? ""))?.[0];
  if (!flags) {
    throw new Error("deno.json's install task has no --v8-flags: update bench/workflow_bench.ts");
  }
  return flags;
}

/** `flux` as `deno task install` installs it. */
const FLUX = [
  "run",
  "-A",
  "--no-prompt",
  installedV8Flags(),
  "--quiet",
  "--config",
  `${ROOT}/deno.json`,
  `${ROOT}/main.ts`,
];

/** The 1-minute load average (Linux), to print beside the figures; "?" elsewhere. */
function loadAverage(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ")[0] ?? "?";
  } catch {
    return "?";
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Median wall time of `cmd args` run `ROUNDS` times in `cwd`; throws when it fails. */
async function wall(
  cwd: string,
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const r = await runProcess(cmd, args, { cwd, env });
    times.push(performance.now() - started);
    if (r.code !== 0) {
      throw new Error(`${cmd} ${args.join(" ")} failed: ${(r.stderr || r.stdout).trim()}`);
    }
  }
  return median(times);
}

/** Installs rust-just with npm into `dir`; its native binary, or a reason it is not there. */
async function installJust(dir: string): Promise<{ just?: string; note?: string }> {
  const npm = await runProcess("npm", [
    "install",
    "--prefix",
    dir,
    "--no-audit",
    "--no-fund",
    "rust-just",
  ], { timeoutMs: 180_000 });
  if (npm.code !== 0) {
    return { note: `npm install rust-just failed: ${npm.stderr.trim().split("\n").pop()}` };
  }
  // The package's `just` is a node script that starts the platform binary: time the binary itself.
  let just: string | undefined;
  for await (const entry of Deno.readDir(`${dir}/node_modules`)) {
    const candidate = `${dir}/node_modules/${entry.name}/bin/just`;
    if (entry.name.startsWith("rust-just-") && await pathExists(candidate)) just = candidate;
  }
  if (!just) return { note: "rust-just has no native binary for this platform" };
  const check = await runProcess(just, ["--version"]);
  return check.code === 0 ? { just } : { note: `just does not run here: ${check.stderr.trim()}` };
}

async function writeProject(dir: string): Promise<void> {
  await Deno.mkdir(`${dir}/.flux`, { recursive: true });
  await Deno.mkdir(`${dir}/src`, { recursive: true });
  const hundred = Array.from(
    { length: STEPS },
    (_, i) => `    - name: s${i}\n      step_type: command\n      command: /bin/true`,
  );
  const five = Array.from({ length: 5 }, (_, i) => {
    const src = `src/part${i}.txt`;
    return `    - name: part${i}\n      step_type: command\n      command: cp ${src} out/part${i}.txt\n` +
      `      sources: [${src}]\n      generates: [out/part${i}.txt]`;
  });
  await Deno.writeTextFile(
    `${dir}/.flux/workflows.yaml`,
    `hundred:\n  steps:\n${hundred.join("\n")}\nfive:\n  steps:\n${five.join("\n")}\n`,
  );
  await Deno.mkdir(`${dir}/out`);
  for (let i = 0; i < 5; i++) await Deno.writeTextFile(`${dir}/src/part${i}.txt`, `part ${i}\n`);
  await Deno.writeTextFile(`${dir}/steps.sh`, "/bin/true\n".repeat(STEPS));
  await Deno.writeTextFile(`${dir}/justfile`, `all:\n${"    /bin/true\n".repeat(STEPS)}`);
  await runProcess("git", ["init", "-q"], { cwd: dir });
}

/** The no-change row times skipping: make sure every step of `five` really is skipped as up to date. */
async function assertAllSkipped(dir: string, deno: string): Promise<void> {
  const run = await runProcess(deno, [...FLUX, "wf", "run", "five", "--json"], { cwd: dir });
  const result = JSON.parse(run.stdout) as { results: { result: { upToDateSince?: number } }[] };
  const skipped = result.results.filter((r) => r.result.upToDateSince !== undefined).length;
  if (skipped !== 5) throw new Error(`only ${skipped} of 5 steps were up to date on a rerun`);
}

/** The same 100 steps run by a warm in-process executor, recording off: a figure no user sees. */
async function warmInProcess(dir: string): Promise<number> {
  const plan = buildWorkflowPlan({
    name: "hundred",
    steps: Array.from({ length: STEPS }, (_, i) => ({
      name: `s${i}`,
      step_type: "command",
      command: "/bin/true",
    })),
  });
  const runner = await openPluginRunner(dir, { onWarning: () => {} });
  try {
    const executor = new WorkflowExecutor({ projectDir: dir, runner, record: false });
    await executor.execute(plan);
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      const result = await executor.execute(plan);
      times.push(performance.now() - started);
      if (!result.success) throw new Error(`the bench workflow failed: ${result.error}`);
    }
    return median(times);
  } finally {
    await runner.close();
  }
}

export default async function workflowBench(): Promise<BenchRow[]> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_wf_bench_" }));
  const rows: BenchRow[] = [];
  try {
    await writeProject(dir);
    const { just, note } = await installJust(`${dir}/npm`);
    const deno = Deno.execPath();
    // Warm the module cache once so no row pays for type checking or downloads.
    await wall(dir, deno, [...FLUX, "--version"]);
    await wall(dir, deno, [...FLUX, "wf", "run", "five", "-q"]);
    await assertAllSkipped(dir, deno);
    const trust = await runProcess(deno, [...FLUX, "trust", "--yes"], {
      cwd: dir,
      env: userEnv(dir),
    });
    if (trust.code !== 0) throw new Error(`flux trust --yes failed: ${trust.stderr.trim()}`);

    const loadBefore = loadAverage();
    const fluxMs = await wall(dir, deno, [...FLUX, "wf", "run", "hundred", "-q"]);
    const forkedMs = await wall(dir, deno, [...FLUX, "wf", "run", "hundred", "-q"], {
      FLUX_SPAWN: "detached",
    });
    const bashMs = await wall(dir, "bash", [`${dir}/steps.sh`]);
    const justMs = just ? await wall(dir, just, ["--quiet", "all"]) : undefined;
    const versionMs = await wall(dir, deno, [...FLUX, "--version"]);
    const denoMs = await wall(dir, deno, ["eval", "0"]);
    // Trusted as a person trusts a project (`flux trust`), not through FLUX_TRUST: the trust check is part of
    // every run a user starts.
    const upToDateMs = await wall(dir, deno, [...FLUX, "wf", "run", "five", "-q"], userEnv(dir));
    const floorSetsidMs = await wall(dir, deno, floorArgs("setsid", String(STEPS)));
    const floorPlainMs = await wall(dir, deno, floorArgs("plain", String(STEPS)));
    const floorStackMs = await wall(dir, deno, floorArgs("stack", String(STEPS)));
    const floorStartMs = await wall(dir, deno, floorArgs("stack", "0"));
    const warmMs = await warmInProcess(dir);
    const load = `load average ${loadBefore} before, ${loadAverage()} after`;
    const perStep = (fluxMs - versionMs) / STEPS;

    rows.push({
      name: `flux wf run hundred (${STEPS} x /bin/true, whole process)`,
      value: fluxMs,
      unit: "ms",
      target: "<= 1.5x just",
      ...(justMs === undefined ? { note: `just skipped: ${note}; ${load}` } : {
        met: fluxMs <= 1.5 * justMs,
        baseline: { name: "just", value: justMs, ratio: fluxMs / justMs },
        note: load,
      }),
    });
    rows.push({
      name: "  same, each program forked from Flux (FLUX_SPAWN=detached)",
      value: forkedMs,
      unit: "ms",
      baseline: { name: "flux", value: fluxMs, ratio: forkedMs / fluxMs },
      note: "ratio is forked / default: what starting programs through setsid saves",
    });
    rows.push({
      name: `  same ${STEPS} commands, bash (one script)`,
      value: bashMs,
      unit: "ms",
      baseline: { name: "flux", value: fluxMs, ratio: fluxMs / bashMs },
      note: "ratio is flux / bash; bash starts /bin/true without a shell per line",
    });
    if (justMs !== undefined) {
      rows.push({
        name: `  same ${STEPS} commands, just (one recipe)`,
        value: justMs,
        unit: "ms",
        note: "just runs each line with sh -cu",
      });
    }
    if (justMs !== undefined) {
      rows.push({
        name: `  floor: bare deno starting ${STEPS} x setsid /bin/true`,
        value: floorSetsidMs,
        unit: "ms",
        baseline: { name: "just", value: justMs, ratio: floorSetsidMs / justMs },
        note:
          "no Flux at all: Deno's spawn plus the setsid exec that gives each program its own session",
      });
      rows.push({
        name: `  floor: bare deno starting ${STEPS} x /bin/true (no setsid)`,
        value: floorPlainMs,
        unit: "ms",
        baseline: { name: "just", value: justMs, ratio: floorPlainMs / justMs },
        note: "what no session per program would cost: a stop could then miss what a step started",
      });
      rows.push({
        name: `  floor: deno loading the stack, then ${STEPS} x setsid /bin/true`,
        value: floorStackMs,
        unit: "ms",
        baseline: { name: "just", value: justMs, ratio: floorStackMs / justMs },
        note: "commander, yaml reading workflows.yaml, node:sqlite opening a temporary database; " +
          "no plan, nothing recorded: the least any Flux on this stack can take",
      });
    }
    rows.push({
      name: "per step beyond start-up (hundred - flux --version) / 100",
      value: perStep,
      unit: "ms",
      target: "<= 5 ms",
      met: perStep <= 5,
    });
    rows.push({
      name: "flux --version (start-up)",
      value: versionMs,
      unit: "ms",
      baseline: { name: "deno eval 0", value: denoMs, ratio: versionMs / denoMs },
    });
    rows.push({
      name: "flux wf run five, no change (5 steps skipped)",
      value: upToDateMs,
      unit: "ms",
      target: "<= 1.5x flux --version",
      met: upToDateMs <= 1.5 * versionMs,
      baseline: { name: "flux --version", value: versionMs, ratio: upToDateMs / versionMs },
    });
    rows.push({
      name: "  floor: deno loading the stack and reading workflows.yaml, no step",
      value: floorStartMs,
      unit: "ms",
      baseline: { name: "flux --version", value: versionMs, ratio: floorStartMs / versionMs },
      note:
        "what is left of 1.5x --version after it is Flux's own: plan, trust, fingerprints, record",
    });
    rows.push({
      name: `warm in-process executor, ${STEPS} steps, recording off`,
      value: warmMs,
      unit: "ms",
      note: "in-process and warm: not a path a user takes, shown for the executor's own share",
    });
    return rows;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
