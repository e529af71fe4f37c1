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

/** A validated `plugin.json`. */
export interface PluginManifest {
  name: string;
  kind: "monitor" | "step";
  entry: string;
  description: string;
  permissions: PluginPermissions;
  /** Monitors: seconds between fallback checks. */
  interval?: number;
  /** Monitors: globs of files whose change re-runs the check. */
  watch?: string[];
  /**
   * Monitors that widen: the stages of one check, narrowest first, the last one the whole check (the tests
   * monitor: `["failed", "affected", "full"]`). `check(ctx)` is called once per stage with
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
