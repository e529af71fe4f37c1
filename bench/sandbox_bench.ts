/**
 * What the OS sandbox costs (issue 12): a program start through `runProcess` with and without the
 * bubblewrap sandbox, and the tests monitor's check of a 50-test pytest project through the plugin host
 * (as `flux watch` runs it: worker, brokered program, sandbox) with the sandbox on and off, beside the
 * same pytest typed in a plain shell; and for both plugin tiers (a built-in's worker, a project plugin's
 * sandbox subprocess) the plugin's start-up and a warm call that runs a program, with the OS sandbox on
 * and off side by side. Target: the sandbox adds under 50 ms per program start.
 */
import type { BenchRow } from "./bench_row.ts";
import { runProcess } from "../core/process/run_process.ts";
import { osSandboxProblem } from "../core/process/os_sandbox.ts";
import { PluginHost } from "../core/plugin_host/plugin_host.ts";

const RUNS = 7;

export default async function sandboxBench(): Promise<BenchRow[]> {
  const problem = osSandboxProblem();
  if (problem !== undefined) {
    return [{ name: "OS sandbox", value: 0, unit: "", note: `skipped: ${problem}` }];
  }
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-sandbox-bench-" }));
  try {
    return [
      ...(await programStart(dir)),
      ...(await pluginTiers(dir, "builtin")),
      ...(await pluginTiers(dir, "sandbox")),
      ...(await pytestCheck(dir)),
    ];
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function programStart(dir: string): Promise<BenchRow[]> {
  const grant = { write: [dir], readOnly: [`${dir}/.flux`, `${dir}/.git`], network: false };
  const time = async (sandboxed: boolean) => {
    const samples: number[] = [];
    for (let i = 0; i < RUNS * 3; i++) {
      const t = performance.now();
      await runProcess("true", [], { cwd: dir, ...(sandboxed ? { sandbox: grant } : {}) });
      samples.push(performance.now() - t);
    }
    return median(samples);
  };
  await time(true); // Warm the page cache for bwrap.
  const plain = await time(false);
  const boxed = await time(true);
  const added = boxed - plain;
  return [{
    name: "program start (true) in the OS sandbox",
    value: boxed,
    unit: "ms",
    baseline: { name: "without sandbox", value: plain, ratio: boxed / plain },
  }, {
    name: "OS sandbox cost per program start",
    value: added,
    unit: "ms",
    target: "< 50 ms",
    met: added < 50,
  }];
}

const FIXTURES = new URL("../tests/fixtures/plugins", import.meta.url).pathname;
const STARTS = 5;
const CALLS = 15;

/**
 * One tier, OS sandbox on and off: start-up of a plugin that lists programs (spawn to ready, the OS
 * sandbox's probe and policy included) and a warm call in which it runs `sh -c true` through the core.
 */
async function pluginTiers(dir: string, tier: "builtin" | "sandbox"): Promise<BenchRow[]> {
  const project = `${dir}/${tier}-tier`;
  const plugins = tier === "builtin" ? `${dir}/${tier}-plugins` : `${project}/.flux/plugins`;
  await Deno.mkdir(project, { recursive: true });
  await copyPlugin("runs-program", `${plugins}/runs`, "runs");
  const options = { cmd: "sh", args: ["-c", "true"] };
  const measure = async (osSandbox: boolean) => {
    const host = new PluginHost(project, {
      builtinDirs: tier === "builtin" ? [plugins] : [],
      osSandbox,
      // A project plugin's programs are refused without the OS sandbox unless this is said.
      allowUnsandboxed: !osSandbox,
      onWarning: () => {},
    });
    try {
      for (const p of await host.discover()) if (tier === "sandbox") await host.trust(p.name);
      const starts: number[] = [];
      for (let i = 0; i < STARTS; i++) {
        const t = performance.now();
        await host.start("runs");
        starts.push(performance.now() - t);
        await host.enable("runs"); // Stops it: the next start is a fresh worker or subprocess.
      }
      const first = await host.runMonitor("runs", { options });
      if (first.summary !== "exit 0") throw new Error(`the plugin said "${first.summary}"`);
      const calls: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t = performance.now();
        await host.runMonitor("runs", { options });
        calls.push(performance.now() - t);
      }
      return { start: median(starts), call: median(calls) };
    } finally {
      await host.close();
    }
  };
  await measure(true); // Warms the transpile cache of the bootstrap and the page cache of bwrap.
  const off = await measure(false);
  const on = await measure(true);
  const what = tier === "builtin" ? "built-in plugin (worker)" : "sandboxed plugin (subprocess)";
  const added = on.call - off.call;
  return [{
    name: `${what} start-up, OS sandbox on (in-process)`,
    value: on.start,
    unit: "ms",
    baseline: { name: "OS sandbox off", value: off.start, ratio: on.start / off.start },
  }, {
    name: `${what} warm call running sh, OS sandbox on (in-process)`,
    value: on.call,
    unit: "ms",
    baseline: { name: "OS sandbox off", value: off.call, ratio: on.call / off.call },
  }, {
    name: `${what}: OS sandbox cost per program start`,
    value: added,
    unit: "ms",
    target: "< 50 ms",
    met: added < 50,
  }];
}

async function copyPlugin(fixture: string, to: string, name: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  const manifest = JSON.parse(await Deno.readTextFile(`${FIXTURES}/${fixture}/plugin.json`));
  await Deno.writeTextFile(`${to}/plugin.json`, JSON.stringify({ ...manifest, name }));
  await Deno.copyFile(`${FIXTURES}/${fixture}/mod.ts`, `${to}/mod.ts`);
}

async function pytestCheck(dir: string): Promise<BenchRow[]> {
  const project = `${dir}/py`;
  await Deno.mkdir(`${project}/tests`, { recursive: true });
  await Deno.writeTextFile(`${project}/calc.py`, "def add(a, b):\n    return a + b\n");
  await Deno.writeTextFile(`${project}/conftest.py`, "");
  const tests = Array.from(
    { length: 50 },
    (_, i) => `def test_add_${i}():\n    assert add(${i}, 1) == ${i + 1}\n`,
  );
  await Deno.writeTextFile(
    `${project}/tests/test_calc.py`,
    `from calc import add\n\n\n${tests.join("\n\n")}`,
  );
  const shell = async () => {
    const t = performance.now();
    await runProcess("sh", ["-c", "python3 -m pytest -q -p no:cacheprovider"], { cwd: project });
    return performance.now() - t;
  };
  const check = async (osSandbox: boolean) => {
    const host = new PluginHost(project, { osSandbox, onWarning: () => {} });
    try {
      await host.discover();
      const first = await host.runMonitor("tests"); // Starts the worker; later checks are warm.
      if (first.summary !== "50 tests, 0 failed" && !/50 (tests )?passed/.test(first.summary)) {
        throw new Error(`the tests monitor said "${first.summary}"`);
      }
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await host.runMonitor("tests");
        samples.push(performance.now() - t);
      }
      return median(samples);
    } finally {
      await host.close();
    }
  };
  const shellSamples: number[] = [];
  for (let i = 0; i < RUNS; i++) shellSamples.push(await shell());
  const plainShell = median(shellSamples);
  const unsandboxed = await check(false);
  const sandboxed = await check(true);
  return [{
    name: "tests monitor check, 50-test pytest, sandbox on (warm)",
    value: sandboxed,
    unit: "ms",
    baseline: { name: "sandbox off", value: unsandboxed, ratio: sandboxed / unsandboxed },
  }, {
    name: "tests monitor check, 50-test pytest, sandbox on (warm)",
    value: sandboxed,
    unit: "ms",
    baseline: { name: "pytest in a plain shell", value: plainShell, ratio: sandboxed / plainShell },
    note: "in-process host, warm worker; the plain shell runs pytest without the JUnit report",
  }];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
