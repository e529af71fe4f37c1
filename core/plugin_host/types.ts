/**
 * The user-facing plugin contract: what a plugin's `plugin.json` says and what its entry module exports.
 * Plugins import nothing from Flux; these types document the shapes (see docs/plugins.md).
 */

/** `permissions` in plugin.json. Paths are relative to the project root; anything not listed is denied. */
export interface PluginPermissions {
  read: string[];
  write: string[];
  run: string[];
  net: string[];
  env: string[];
}

/**
 * `programs` in plugin.json: the OS sandbox of the programs the plugin starts, when it differs from the
 * plugin's own grants. Without it a program may write where the plugin may (`permissions.write`) and
 * connect when the plugin may (`permissions.net` not empty).
 */
export interface ProgramGrants {
  /** Folders (relative to the project) its programs may write, instead of `permissions.write`. */
  write?: string[];
  /** Whether its programs may use the network. */
  net?: boolean;
  /**
   * `false`: its programs run outside the OS sandbox unless the caller asks for one (a workflow's
   * `sandbox:`). Only built-in plugins may say so.
   */
  sandbox?: boolean;
}

/** A validated `plugin.json`. */
export interface PluginManifest {
  name: string;
  kind: "monitor" | "step";
  entry: string;
  description: string;
  permissions: PluginPermissions;
  programs?: ProgramGrants;
  /** Monitors: seconds between fallback checks. */
  interval?: number;
  /** Monitors: globs of files whose change re-runs the check. */
  watch?: string[];
  /**
   * Monitors that widen: the stages of one check, narrowest first, the last one the whole check, named
   * `full` (the tests monitor: `["failed", "affected", "full"]`; `rerun` is the coordinator's own). `check(ctx)` is called once per stage with
   * `ctx.options.stage` ({@linkcode StageRequest}); only the last stage's result can say "ok".
   */
  stages?: string[];
  /** Steps: the name YAML uses in `step_type`. */
  step_type?: string;
}

/** One finding of a monitor: a failed test, a lint issue, a compiler error. */
export interface MonitorItem {
  message: string;
  file?: string;
  line?: number;
  /** 1-based column, when the tool says (compilers and linters do). */
  column?: number;
  /** Test name, lint rule or error code, when there is one. */
  name?: string;
}

/** What a monitor's `check(ctx)` returns. */
export interface MonitorResult {
  status: "ok" | "fail" | "unknown";
  summary: string;
  items?: MonitorItem[];
  /** Free-form details kept with the state (counts, the tool used, raw output tail). */
  data?: unknown;
}

/** `ctx.options.stage` of a widening monitor's check. */
export interface StageRequest {
  name: string;
  /** Project-relative files changed since the last completed last stage. */
  files: string[];
  /** Ids of the tests that failed in the latest results (or, for a rerun, the tests to run again). */
  tests: string[];
}

/** What a step's `run(ctx)` returns. */
export interface StepResult {
  success: boolean;
  output?: string;
  data?: unknown;
}

/** The `ctx` passed to `check`, `run` and `watch`. */
export interface PluginContext {
  projectDir: string;
  /** From config (monitors) or the step's `params` plus step fields (steps). */
  options: Record<string, unknown>;
  signal: AbortSignal;
  progress(text: string): void;
  log(text: string): void;
  /** Streaming monitors (`watch`) report events through here; each becomes a host event. */
  emit(event: unknown): void;
  /**
   * Runs a program listed in the manifest's `run` list. The core starts it (the plugin itself may not),
   * in its own process group inside the OS sandbox of the plugin's grants, and stops it when `ctx.signal`
   * aborts. Rejects with one line when the program is not listed. Always set for a plugin; optional only
   * so that contexts built by hand in unit tests (which call `runProcess` directly) need not fake it.
   */
  run?(cmd: string, args?: string[], options?: RunOptions): Promise<RunResult>;
}

/** Options of `ctx.run`. */
export interface RunOptions {
  /** Working directory (default: the project). */
  cwd?: string;
  env?: Record<string, string>;
  /** Text written to the program's stdin. */
  stdin?: string;
  timeoutMs?: number;
  /** Stops the program (default: `ctx.signal`). */
  signal?: AbortSignal;
  /** Called with each chunk of output as it arrives. */
  onOutput?(chunk: string, stream: "stdout" | "stderr"): void;
}

/** What `ctx.run` resolves to; a missing program is `{ code: 127, notFound: true }`. */
export interface RunResult {
  code: number;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  aborted: boolean;
  notFound: boolean;
}

/** Default export of a monitor plugin. `watch` is optional: a long-running watcher that emits events. */
export interface MonitorPlugin {
  check(ctx: PluginContext): MonitorResult | Promise<MonitorResult>;
  watch?(ctx: PluginContext): void | Promise<void>;
}

/** Default export of a step plugin. */
export interface StepPlugin {
  run(ctx: PluginContext): StepResult | Promise<StepResult>;
}
