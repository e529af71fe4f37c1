/**
 * The plugin host: discovers plugins, checks trust, and runs each plugin in its tier (built-ins in a Web
 * Worker, everything else in a sandbox subprocess) under a supervisor with deadlines and restarts.
 * Workers stay alive between calls; `close()` stops every one of them.
 */
import { requiredText } from "../api/required.ts";
import type { MonitorResult, StepResult } from "./types.ts";
import { type DiscoveredPlugin, discoverPlugins, fluxRoot } from "./discover_plugins.ts";
import { GrantStore, type PluginGrant } from "./grant_store.ts";
import { assessPlugins } from "./assess_plugins.ts";
import { resolvePermissions } from "./plugin_permissions.ts";
import { PluginRunner } from "./plugin_runner.ts";
import type { RunnerCall, RunnerLimits } from "./plugin_runner_types.ts";
import type { ConnectionEvents, PluginConnection } from "./plugin_connection.ts";
import { openPluginConnection } from "./open_plugin_connection.ts";
import { narrowMonitorResult, narrowStepResult } from "./narrow_result.ts";
import { checkImportGraph, pluginApiFiles } from "./import_graph.ts";
import { projectRootOf } from "../fs/find_project_root.ts";

export type { DiscoveredPlugin } from "./discover_plugins.ts";

/** Options of one call into a plugin. */
export interface PluginCallOptions {
  /** Passed to the plugin as `ctx.options`. */
  options?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Deadline of this call; defaults to `deadlines.checkMs` or `deadlines.runMs`. */
  timeoutMs?: number;
  onProgress?(text: string): void;
  onLog?(text: string): void;
}

/** Options of {@linkcode PluginHost}. */
export interface PluginHostOptions {
  /** Folders of built-in plugins (default: `monitors/` and `plugins/` of the Flux install). */
  builtinDirs?: string[];
  deadlines?: {
    startMs?: number;
    checkMs?: number;
    runMs?: number;
    cancelGraceMs?: number;
    /** A plugin that answers no liveness ping for this long is hung (stopped and reported). */
    livenessMs?: number;
    pingMs?: number;
  };
  restart?: { maxRestarts?: number; windowMs?: number; backoffMs?: number };
  limits?: { heapMb?: number; maxMessagesPerSecond?: number; maxMessageBytes?: number };
  /** One line per warning (name clashes, refused links, crashes, disabled plugins). */
  onWarning?(line: string): void;
  /** The deno binary that runs sandboxes (default: this one). */
  denoPath?: string;
  /**
   * Start sandboxes as a compiled Flux does, re-launching `execPath` through the hidden subcommand
   * (default: only in a binary built by `deno compile`, whose own path it uses). Tests pass a wrapper.
   */
  compiled?: { execPath: string };
  /**
   * Where no OS sandbox can start, let plugins that are not built in run their programs without one
   * (default: `FLUX_ALLOW_UNSANDBOXED=1` in the environment). Off by default: they are refused.
   */
  allowUnsandboxed?: boolean;
  /**
   * `false`: built-in plugins' programs run without the OS sandbox (benchmarks compare both; other
   * plugins' programs are refused then). Default true.
   */
  osSandbox?: boolean;
}

const defaults = {
  deadlines: {
    startMs: 15_000,
    checkMs: 120_000,
    runMs: 1_800_000,
    cancelGraceMs: 1_000,
    livenessMs: 3_000,
    pingMs: 1_000,
  },
  restart: { maxRestarts: 3, windowMs: 300_000, backoffMs: 250 },
  limits: { heapMb: 256, maxMessagesPerSecond: 2_000, maxMessageBytes: 1_048_576 },
};

/** Runs plugins for the core. */
export class PluginHost {
  readonly projectDir: string;
  #options: PluginHostOptions;
  #deadlines: typeof defaults.deadlines;
  #limits: typeof defaults.limits;
  #runnerLimits: RunnerLimits;
  /** Project plugins not used because they would replace a built-in without being trusted. */
  #held: DiscoveredPlugin[] = [];
  #grants: GrantStore;
  #plugins: DiscoveredPlugin[] = [];
  #discovered: Promise<DiscoveredPlugin[]> | undefined;
  #runners = new Map<string, { runner: PluginRunner; key: string }>();
  #closed = false;
  #warnedNoWorkers = false;
  #warnedNoOsSandbox = false;

  constructor(projectDir: string, options: PluginHostOptions = {}) {
    requiredText(projectDir, "PluginHost's projectDir", 'new PluginHost("/project")');
    this.projectDir = Deno.realPathSync(projectRootOf(projectDir));
    this.#options = options;
    this.#deadlines = { ...defaults.deadlines, ...options.deadlines };
    this.#limits = { ...defaults.limits, ...options.limits };
    const restart = { ...defaults.restart, ...options.restart };
    this.#runnerLimits = {
      startMs: this.#deadlines.startMs,
      cancelGraceMs: this.#deadlines.cancelGraceMs,
      pingMs: this.#deadlines.pingMs,
      livenessMs: this.#deadlines.livenessMs,
      ...restart,
      maxMessagesPerSecond: this.#limits.maxMessagesPerSecond,
    };
    this.#grants = new GrantStore(this.projectDir);
  }

  /** Finds every plugin again (manifests, trust); warnings go to `onWarning`. */
  discover(): Promise<DiscoveredPlugin[]> {
    this.#discovered = this.#discover();
    return this.#discovered;
  }

  /** The plugins found by the last {@linkcode discover}. */
  list(): DiscoveredPlugin[] {
    return this.#plugins.map((p) => {
      const disabled = this.#runners.get(p.name)?.runner.disabledReason;
      return disabled === undefined ? p : { ...p, disabled };
    });
  }

  /**
   * Project plugins of the last discovery held back because they would replace a built-in of the same
   * name without being trusted (`flux plugins trust NAME` trusts them, then they replace it).
   */
  held(): DiscoveredPlugin[] {
    return [...this.#held];
  }

  /** `step_type` names of the step plugins that can run now. */
  stepTypes(): string[] {
    return this.list().flatMap((p) =>
      p.manifest?.kind === "step" && p.manifest.step_type && usable(p) ? [p.manifest.step_type] : []
    );
  }

  /** Runs monitor `name`'s `check(ctx)` once. */
  async runMonitor(name: string, call: PluginCallOptions = {}): Promise<MonitorResult> {
    const plugin = await this.#plugin((p) => p.name === name, `No plugin named "${name}"`);
    if (plugin.manifest?.kind !== "monitor") {
      throw new Error(`Plugin "${name}" is a step plugin, not a monitor: use it as step_type`);
    }
    const value = await this.#runner(plugin).call(
      this.#call("check", call, this.#deadlines.checkMs),
    );
    return narrowMonitorResult(name, value);
  }

  /** Runs the step plugin that provides `stepType` once. */
  async runStep(stepType: string, call: PluginCallOptions = {}): Promise<StepResult> {
    const plugin = await this.#plugin(
      (p) => p.manifest?.kind === "step" && p.manifest.step_type === stepType,
      `No step plugin provides step_type "${stepType}"`,
    );
    const value = await this.#runner(plugin).call(this.#call("run", call, this.#deadlines.runMs));
    return narrowStepResult(plugin.name, value);
  }

  /** Starts plugin `name` ahead of its first call (it stays ready between calls). */
  async start(name: string): Promise<void> {
    const plugin = await this.#plugin((p) => p.name === name, `No plugin named "${name}"`);
    await this.#runner(plugin).start();
  }

  /** Starts monitor `name`'s `watch(ctx)`; events arrive through `onEvent` until `stop()`. */
  async startWatch(
    name: string,
    call: PluginCallOptions & { onEvent(event: unknown): void },
  ): Promise<{ stop(): Promise<void> }> {
    const plugin = await this.#plugin((p) => p.name === name, `No plugin named "${name}"`);
    if (plugin.manifest?.kind !== "monitor") {
      throw new Error(`Plugin "${name}" is a step plugin, not a monitor: it cannot watch`);
    }
    const runner = this.#runner(plugin);
    await runner.start();
    if (!runner.exports.includes("watch")) {
      throw new Error(`Plugin "${name}" has no watch(ctx): export one to stream events`);
    }
    return runner.watch({ ...this.#call("watch", call, 0), onEvent: call.onEvent });
  }

  /** Grants trust to plugin `name` at its current files and permissions; returns it re-discovered. */
  async trust(name: string): Promise<DiscoveredPlugin> {
    await this.discover();
    // A project plugin held back in favour of the built-in of its name is the one to trust.
    const plugin = this.#held.find((p) => p.name === name) ??
      this.#plugins.find((p) => p.name === name);
    if (!plugin) throw new Error(`No plugin named "${name}": see flux plugins list`);
    if (plugin.problem !== undefined) throw new Error(plugin.problem);
    if (plugin.tier === "builtin" || !plugin.manifest || !plugin.hash) return plugin;
    await checkImportGraph(
      `${plugin.dir}/${plugin.manifest.entry}`,
      plugin.dir,
      pluginApiFiles(fluxRoot()),
      // The deno running Flux reads the graph; a compiled Flux has only the configured one.
      Deno.build.standalone ? this.#options.denoPath ?? "deno" : Deno.execPath(),
    ).catch((error: Error) => {
      throw new Error(`Cannot trust plugin "${name}": ${error.message}`);
    });
    this.#grants.put({
      name,
      dir: plugin.dir,
      hash: plugin.hash,
      permissions: JSON.stringify(plugin.manifest.permissions),
    });
    await this.discover();
    return this.#plugins.find((p) => p.name === name) ?? plugin;
  }

  /**
   * What starting sandboxed plugin `name` would refuse, one line each: links out of its granted folders,
   * or a granted folder that leaves the project. Empty for built-ins and clean plugins.
   */
  async preflight(name: string): Promise<string[]> {
    const plugin = this.#held.find((p) => p.name === name) ??
      this.#plugins.find((p) => p.name === name);
    if (!plugin?.manifest || plugin.tier === "builtin") return [];
    try {
      return (await resolvePermissions(plugin.manifest, this.projectDir, [plugin.dir], true))
        .warnings;
    } catch (error) {
      return [(error as Error).message];
    }
  }

  /** Removes the grant of plugin `name`; false when it had none. */
  async revoke(name: string): Promise<boolean> {
    const removed = this.#grants.revoke(name);
    await this.discover();
    return removed;
  }

  /** Gives a disabled (or misbehaving) plugin a fresh start: its next call starts it anew. */
  async enable(name: string): Promise<void> {
    const entry = this.#runners.get(name);
    this.#runners.delete(name);
    await entry?.runner.close();
  }

  /** Stops every plugin; nothing is left running. */
  async close(): Promise<void> {
    this.#closed = true;
    const runners = [...this.#runners.values()];
    this.#runners.clear();
    await Promise.all(runners.map(({ runner }) => runner.close()));
  }

  async #discover(): Promise<DiscoveredPlugin[]> {
    const root = fluxRoot();
    const warnings: string[] = [];
    const plugins = await discoverPlugins(
      this.projectDir,
      this.#options.builtinDirs ?? [`${root}/monitors`, `${root}/plugins`],
      warnings,
    );
    const grants = plugins.some((p) => p.tier === "sandbox") ? this.#readGrants(warnings) : [];
    await assessPlugins(plugins, grants, warnings, this.projectDir);
    const { kept, held } = keepBuiltins(plugins, warnings);
    this.#held = held;
    plugins.splice(0, plugins.length, ...kept);
    for (const [name, { runner, key }] of this.#runners) {
      const now = plugins.find((p) => p.name === name);
      if (!now || runnerKey(now) !== key) {
        this.#runners.delete(name);
        void runner.close();
      }
    }
    for (const line of warnings) this.#warn(line);
    this.#plugins = plugins;
    return plugins;
  }

  #readGrants(warnings: string[]): PluginGrant[] {
    try {
      return this.#grants.list();
    } catch (error) {
      warnings.push(
        `${(error as Error).message}; plugins that are not built in stay off meanwhile`,
      );
      return [];
    }
  }

  async #plugin(
    match: (p: DiscoveredPlugin) => boolean,
    missing: string,
  ): Promise<DiscoveredPlugin> {
    if (this.#closed) throw new Error("The plugin host is closed");
    await (this.#discovered ?? this.discover());
    if (this.#closed) throw new Error("The plugin host is closed");
    // Two plugins for one step_type: the project's wins over a built-in only once trusted.
    const matches = this.list().filter(match);
    const plugin = matches.find((p) => p.origin === "project" && p.trusted) ??
      matches.find((p) => p.origin === "builtin") ?? matches[0];
    if (!plugin) throw new Error(`${missing}: see flux plugins list`);
    if (plugin.problem !== undefined) throw new Error(plugin.problem);
    if (plugin.disabled !== undefined) throw new Error(plugin.disabled);
    if (plugin.trust === "untrusted") {
      throw new Error(
        `Plugin "${plugin.name}" is not trusted yet: run "flux plugins trust ${plugin.name}" to review what it may do`,
      );
    }
    if (plugin.trust === "changed") {
      throw new Error(
        `Plugin "${plugin.name}" changed since it was trusted: run "flux plugins trust ${plugin.name}" to review it again`,
      );
    }
    return plugin;
  }

  #runner(plugin: DiscoveredPlugin): PluginRunner {
    if (this.#closed) throw new Error("The plugin host is closed");
    const existing = this.#runners.get(plugin.name);
    if (existing) return existing.runner;
    const manifest = plugin.manifest!;
    const runner = new PluginRunner({
      name: plugin.name,
      entry: new URL(`file://${plugin.dir}/${manifest.entry}`).href,
      projectDir: this.projectDir,
      limits: this.#runnerLimits,
      warn: (line) => this.#warn(line),
      open: (events) => this.#open(plugin, events),
    });
    this.#runners.set(plugin.name, { runner, key: runnerKey(plugin) });
    return runner;
  }

  #open(plugin: DiscoveredPlugin, events: ConnectionEvents): Promise<PluginConnection> {
    return openPluginConnection(plugin, {
      projectDir: this.projectDir,
      heapMb: this.#limits.heapMb,
      maxMessageBytes: this.#limits.maxMessageBytes,
      denoPath: this.#options.denoPath ?? Deno.execPath(),
      ...(this.#options.compiled ? { compiled: this.#options.compiled } : {}),
      warn: (line) => this.#warn(line),
      onNoWorkers: () => {
        if (this.#warnedNoWorkers) return;
        this.#warnedNoWorkers = true;
        this.#warn(
          'Built-in plugins run in sandbox subprocesses because the "worker-options" unstable feature is off: start Flux with "deno task flux" or --unstable-worker-options',
        );
      },
      onNoOsSandbox: (reason) => {
        if (this.#warnedNoOsSandbox) return;
        this.#warnedNoOsSandbox = true;
        this.#warn(
          `Programs run without an OS sandbox: ${reason} (built-in checks still run; other plugins' programs are refused unless FLUX_ALLOW_UNSANDBOXED=1)`,
        );
      },
      allowUnsandboxed: this.#options.allowUnsandboxed ??
        Deno.env.get("FLUX_ALLOW_UNSANDBOXED") === "1",
      osSandbox: this.#options.osSandbox ?? true,
    }, events);
  }

  #call(method: RunnerCall["method"], call: PluginCallOptions, timeoutMs: number): RunnerCall {
    const out: RunnerCall = {
      method,
      options: call.options ?? {},
      timeoutMs: call.timeoutMs ?? timeoutMs,
    };
    if (call.signal) out.signal = call.signal;
    if (call.onProgress) out.onProgress = call.onProgress;
    if (call.onLog) out.onLog = call.onLog;
    return out;
  }

  #warn(line: string): void {
    if (this.#options.onWarning) this.#options.onWarning(line);
    else console.error(`flux: ${line}`);
  }

  /** The sandbox process id of a running plugin (tests and `flux doctor`). */
  pidOf(name: string): number | undefined {
    return this.#runners.get(name)?.runner.pid;
  }
}

function usable(plugin: DiscoveredPlugin): boolean {
  return plugin.problem === undefined && plugin.trusted && plugin.disabled === undefined;
}

function runnerKey(plugin: DiscoveredPlugin): string {
  return `${plugin.dir}\0${plugin.hash ?? ""}\0${plugin.trust}`;
}

/**
 * A project plugin named like a built-in replaces it only when trusted; otherwise the built-in stays and
 * the project plugin is held back, with one line saying so and how to use it instead.
 */
function keepBuiltins(
  plugins: DiscoveredPlugin[],
  warnings: string[],
): { kept: DiscoveredPlugin[]; held: DiscoveredPlugin[] } {
  const held: DiscoveredPlugin[] = [];
  const kept = plugins.map((p) => {
    if (!p.replaces) return p;
    if (p.trusted) {
      warnings.push(`Plugin "${p.name}" in ${p.manifestFile} replaces the built-in one (trusted)`);
      return p;
    }
    held.push(p);
    warnings.push(
      `Plugin "${p.name}" in ${p.manifestFile} is not used: it has the name of a built-in plugin, which stays; rename its folder, or run "flux plugins trust ${p.name}" to use it instead`,
    );
    return p.replaces;
  });
  return { kept, held };
}
