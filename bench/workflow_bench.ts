/**
 * `deno task bench workflow`: a 100-step workflow of `true` run by Flux (through the plugin host, each step a
 * `sh -c` process like just's recipe lines) against the same 100 commands run by bash and by just (npm
 * `rust-just`, installed into a temp dir for the run). Targets: per-step overhead under 5 ms (Flux minus
 * bash, per step) and a total within 1.5x of just.
 */
import type { BenchRow } from "./bench_row.ts";
import { openPluginRunner } from "../core/workflow/open_plugin_runner.ts";
import { WorkflowExecutor } from "../core/workflow/workflow_executor.ts";
import { buildWorkflowPlan } from "../core/workflow/build_workflow_plans.ts";
import { runProcess } from "../core/process/run_process.ts";

const STEPS = 100;
const ROUNDS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Installs rust-just with npm into `dir`; the path of `just`, or a reason it is not there. */
async function installJust(dir: string): Promise<{ just?: string; note?: string }> {
  const npm = await runProcess("npm", [
    "install",
    "--prefix",
    dir,
    "--no-audit",
    "--no-fund",
    "rust-just",
  ], {
    timeoutMs: 180_000,
  });
  const just = `${dir}/node_modules/.bin/just`;
  if (npm.code !== 0) {
    return { note: `npm install rust-just failed: ${npm.stderr.trim().split("\n").pop()}` };
  }
  const check = await runProcess(just, ["--version"]);
  return check.code === 0 ? { just } : { note: `just does not run here: ${check.stderr.trim()}` };
}

export default async function workflowBench(): Promise<BenchRow[]> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_wf_bench_" }));
  const rows: BenchRow[] = [];
  try {
    const commands = Array.from({ length: STEPS }, () => "true");
    await Deno.writeTextFile(`${dir}/steps.sh`, commands.join("\n") + "\n");
    await Deno.writeTextFile(
      `${dir}/justfile`,
      `all:\n${commands.map((c) => `    ${c}`).join("\n")}\n`,
    );
    const plan = buildWorkflowPlan({
      name: "hundred",
      steps: commands.map((command, i) => ({ name: `s${i}`, step_type: "command", command })),
    });

    const runner = await openPluginRunner(dir, { onWarning: () => {} });
    const flux: number[] = [];
    try {
      const executor = new WorkflowExecutor({ projectDir: dir, runner, record: false });
      await executor.execute(plan); // warm the worker
      for (let i = 0; i < ROUNDS; i++) {
        flux.push(
          await timed(async () => {
            const result = await executor.execute(plan);
            if (!result.success) throw new Error(`the bench workflow failed: ${result.error}`);
          }),
        );
      }
    } finally {
      await runner.close();
    }
    const cold = await timed(async () => {
      const r = await openPluginRunner(dir, { onWarning: () => {} });
      try {
        await new WorkflowExecutor({ projectDir: dir, runner: r, record: false }).execute(plan);
      } finally {
        await r.close();
      }
    });
    const bash: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bash.push(await timed(() => runProcess("bash", [`${dir}/steps.sh`])));
    }
    const fluxMs = median(flux);
    const bashMs = median(bash);
    const overhead = (fluxMs - bashMs) / STEPS;

    const { just, note } = await installJust(`${dir}/npm`);
    let justMs: number | undefined;
    if (just) {
      const runs: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        runs.push(
          await timed(async () => {
            const r = await runProcess(just, ["--justfile", `${dir}/justfile`, "--quiet", "all"], {
              cwd: dir,
            });
            if (r.code !== 0) throw new Error(`just failed: ${r.stderr}`);
          }),
        );
      }
      justMs = median(runs);
    }

    rows.push({
      name: `${STEPS}-step workflow of true, total (warm host)`,
      value: fluxMs,
      unit: "ms",
      target: "<= 1.5x just",
      ...(justMs === undefined ? { note: `just skipped: ${note}` } : {
        met: fluxMs <= 1.5 * justMs,
        baseline: { name: "just", value: justMs, ratio: fluxMs / justMs },
      }),
    });
    rows.push({
      name: "per-step overhead (flux - bash) / steps",
      value: overhead,
      unit: "ms",
      target: "< 5 ms",
      met: overhead < 5,
      baseline: {
        name: "bash per step",
        value: bashMs / STEPS,
        ratio: overhead / Math.max(bashMs / STEPS, 1e-3),
      },
    });
    if (justMs !== undefined) {
      rows.push({
        name: "per-step cost beyond just's (flux - just) / steps",
        value: (fluxMs - justMs) / STEPS,
        unit: "ms",
        note: "both start one sh per step; this is Flux's own bookkeeping and worker round trip",
      });
    }
    rows.push({
      name: `${STEPS} commands run by bash (one script)`,
      value: bashMs,
      unit: "ms",
      baseline: { name: "flux", value: fluxMs, ratio: bashMs / fluxMs },
    });
    if (justMs !== undefined) {
      rows.push({
        name: `${STEPS} commands run by just (one recipe)`,
        value: justMs,
        unit: "ms",
        baseline: { name: "flux", value: fluxMs, ratio: justMs / fluxMs },
      });
    }
    rows.push({
      name: `${STEPS}-step workflow, cold (host start included)`,
      value: cold,
      unit: "ms",
      note: "starts the plugin host and the command plugin's worker",
    });
    return rows;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
