/** Shared set-up of the plugin host tests: temp projects with fixture plugins, a ticking core timer. */
import "../_trust_test_projects.ts";
import { PluginHost, type PluginHostOptions } from "../../core/plugin_host/plugin_host.ts";

/** The fixture plugins folder. */
export const FIXTURES = `${import.meta.dirname}/../fixtures/plugins`;

/** A temp folder holding `project/` (with `.flux/plugins/`) and `outside/` (not part of the project). */
export interface TempProject {
  root: string;
  project: string;
  outside: string;
  cleanup(): Promise<void>;
}

/** Creates a temp project with copies of the named fixture plugins in `.flux/plugins/`. */
export async function makeProject(plugins: string[] = []): Promise<TempProject> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-plugin-host-" }));
  const project = `${root}/project`;
  const outside = `${root}/outside`;
  await Deno.mkdir(`${project}/.flux/plugins`, { recursive: true });
  await Deno.mkdir(outside);
  for (const name of plugins) {
    await copyDir(`${FIXTURES}/${name}`, `${project}/.flux/plugins/${name}`);
  }
  return { root, project, outside, cleanup: () => Deno.remove(root, { recursive: true }) };
}

/** A host on `project` whose warnings are collected in `warnings`. */
export function makeHost(
  project: string,
  options: PluginHostOptions = {},
): { host: PluginHost; warnings: string[] } {
  const warnings: string[] = [];
  const host = new PluginHost(project, {
    builtinDirs: [],
    restart: { backoffMs: 50 },
    ...options,
    onWarning: (line) => warnings.push(line),
  });
  return { host, warnings };
}

/** Trusts every plugin of the host (as `flux plugins trust NAME --yes` would). */
export async function trustAll(host: PluginHost): Promise<void> {
  for (const plugin of await host.discover()) {
    if (plugin.problem === undefined) await host.trust(plugin.name);
  }
}

/**
 * A timer in the core: counts ticks and the longest gap between them. `stop()` first waits for one more
 * tick (up to 1 s), so it proves the core still answers after the case.
 */
export function startTicker(): { stop(): Promise<{ ticks: number; maxGapMs: number }> } {
  let ticks = 0;
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks++;
  }, 20);
  return {
    async stop() {
      const seen = ticks;
      const until = performance.now() + 1_000;
      while (ticks === seen && performance.now() < until) {
        await new Promise((r) => setTimeout(r, 5));
      }
      clearInterval(timer);
      return { ticks, maxGapMs };
    },
  };
}

/** Waits until `check()` is true, polling, or throws after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("Timed out waiting for a condition");
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) await copyDir(`${from}/${entry.name}`, `${to}/${entry.name}`);
    else await Deno.copyFile(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
}
