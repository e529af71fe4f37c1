/**
 * Plugin host figures: core start-up, spawn-to-ready time and memory per plugin for both tiers, and the
 * per-call overhead on a warm plugin. Targets from issue 2: built-in ready < 30 ms and < 10 MB each,
 * sandboxed ready < 150 ms.
 */
import type { BenchRow } from "./bench_row.ts";
import { PluginHost } from "../core/plugin_host/plugin_host.ts";

const ROOT = `${import.meta.dirname}/..`;
const FIXTURES = `${ROOT}/tests/fixtures/plugins`;
const COPIES = 8;

export default async function pluginHostBench(): Promise<BenchRow[]> {
  const temp = await Deno.makeTempDir({ prefix: "flux-plugin-bench-" });
  try {
    return [
      ...(await startup()),
      ...(await builtinTier(temp)),
      ...(await sandboxTier(temp)),
      ...(await sandboxInLargeProject(temp)),
    ];
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
}

async function startup(): Promise<BenchRow[]> {
  const time = async (args: string[]) => {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await new Deno.Command(Deno.execPath(), { args, stdout: "null", stderr: "null" }).output();
      samples.push(performance.now() - t);
    }
    return median(samples);
  };
  const empty = await time(["eval", "0"]);
  const flux = await time(["run", "-A", `${ROOT}/main.ts`, "--version"]);
  const discover: number[] = [];
  let found = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const host = new PluginHost(ROOT, { onWarning: () => {} });
    found = (await host.discover()).length;
    discover.push(performance.now() - t);
    await host.close();
  }
  return [{
    name: `plugin host start-up (discover ${found} plugins)`,
    value: median(discover),
    unit: "ms",
  }, {
    name: "core start-up (flux --version, process)",
    value: flux,
    unit: "ms",
    baseline: { name: "deno eval 0", value: empty, ratio: flux / empty },
  }];
}

/** Builtin tier: COPIES copies of echo-monitor as built-ins, each in its own worker. */
async function builtinTier(temp: string): Promise<BenchRow[]> {
  const dir = `${temp}/builtin`;
  const project = `${temp}/builtin-project`;
  await Deno.mkdir(project, { recursive: true });
  for (let i = 0; i < COPIES; i++) {
    await copyPlugin("echo-monitor", `${dir}/echo-${i}`, `echo-${i}`);
  }
  const host = new PluginHost(project, { builtinDirs: [dir], onWarning: () => {} });
  try {
    await host.discover();
    await host.start("echo-0"); // Loads and compiles the bootstrap once, as Flux does at start-up.
    const rssBefore = Deno.memoryUsage().rss;
    const ready: number[] = [];
    for (let i = 1; i < COPIES; i++) {
      const t = performance.now();
      await host.start(`echo-${i}`);
      ready.push(performance.now() - t);
    }
    const perPluginMb = (Deno.memoryUsage().rss - rssBefore) / (COPIES - 1) / 1048576;
    const call = await callOverhead(host, "echo-1");
    const readyMs = median(ready);
    return [
      {
        name: "built-in plugin spawn-to-ready (worker)",
        value: readyMs,
        unit: "ms",
        target: "< 30 ms",
        met: readyMs < 30,
      },
      {
        name: "built-in plugin memory (RSS growth per worker)",
        value: perPluginMb,
        unit: "MB",
        target: "< 10 MB",
        met: perPluginMb < 10,
      },
      {
        name: "built-in plugin warm call round trip",
        value: call,
        unit: "ms",
        target: "< 5 ms",
        met: call < 5,
      },
    ];
  } finally {
    await host.close();
  }
}

/** Sandbox tier: COPIES trusted copies of echo-monitor in the project's .flux/plugins. */
async function sandboxTier(temp: string): Promise<BenchRow[]> {
  const project = `${temp}/sandbox-project`;
  for (let i = 0; i < COPIES; i++) {
    await copyPlugin("echo-monitor", `${project}/.flux/plugins/echo-${i}`, `echo-${i}`);
  }
  const host = new PluginHost(project, { builtinDirs: [], onWarning: () => {} });
  try {
    for (const p of await host.discover()) await host.trust(p.name);
    await host.start("echo-0"); // Fills Deno's transpile cache for the sandbox main module.
    const ready: number[] = [];
    const rss: number[] = [];
    for (let i = 1; i < COPIES; i++) {
      const t = performance.now();
      await host.start(`echo-${i}`);
      ready.push(performance.now() - t);
      rss.push(rssMb(host.pidOf(`echo-${i}`)));
    }
    const call = await callOverhead(host, "echo-1");
    const readyMs = median(ready);
    return [
      {
        name: "sandboxed plugin spawn-to-ready (subprocess)",
        value: readyMs,
        unit: "ms",
        target: "< 150 ms",
        met: readyMs < 150,
      },
      { name: "sandboxed plugin memory (subprocess RSS)", value: median(rss), unit: "MB" },
      {
        name: "sandboxed plugin warm call round trip",
        value: call,
        unit: "ms",
        target: "< 5 ms",
        met: call < 5,
      },
    ];
  } finally {
    await host.close();
  }
}

/**
 * A sandbox granted `read: ["."]` in a project of 10,000 files: every start walks the project for links
 * that leave the grant (refused before the subprocess starts). Baseline: the same plugin in an empty project.
 */
async function sandboxInLargeProject(temp: string): Promise<BenchRow[]> {
  const readyIn = async (project: string) => {
    await copyPlugin("echo-monitor", `${project}/.flux/plugins/echo`, "echo");
    const host = new PluginHost(project, { builtinDirs: [], onWarning: () => {} });
    try {
      await host.discover();
      await host.trust("echo");
      await host.start("echo");
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        await host.enable("echo"); // Stops it: the next start is a fresh sandbox, link scan included.
        const t = performance.now();
        await host.start("echo");
        samples.push(performance.now() - t);
      }
      return median(samples);
    } finally {
      await host.close();
    }
  };
  const large = `${temp}/large-project`;
  for (let d = 0; d < 1_000; d++) {
    await Deno.mkdir(`${large}/src/d${d}`, { recursive: true });
    for (let f = 0; f < 10; f++) await Deno.writeTextFile(`${large}/src/d${d}/f${f}.ts`, "");
  }
  const empty = await readyIn(`${temp}/empty-project`);
  const value = await readyIn(large);
  return [{
    name: "sandboxed ready, 10,000-file project",
    value,
    unit: "ms",
    target: "< 150 ms",
    met: value < 150,
    baseline: { name: "empty project", value: empty, ratio: value / empty },
  }];
}

async function callOverhead(host: PluginHost, name: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await host.runMonitor(name);
    samples.push(performance.now() - t);
  }
  return median(samples);
}

async function copyPlugin(fixture: string, to: string, name: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  const manifest = JSON.parse(await Deno.readTextFile(`${FIXTURES}/${fixture}/plugin.json`));
  await Deno.writeTextFile(`${to}/plugin.json`, JSON.stringify({ ...manifest, name }));
  await Deno.copyFile(`${FIXTURES}/${fixture}/mod.ts`, `${to}/mod.ts`);
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
