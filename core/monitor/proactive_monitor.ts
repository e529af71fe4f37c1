/**
 * The coordinator (seed section 2): runs the enabled monitors through the plugin host, re-checks the
 * affected ones as soon as files change (batched), keeps each monitor's state, emits events, and sends a
 * notification (with an analysis for failures) on each change of state, through a per-monitor cooldown.
 */
import { requiredText } from "../api/required.ts";
import { ChangeLoopDetector } from "./change_loop_detector.ts";
import { exactPattern, ownOutputFiles } from "./own_output_files.ts";
import type { MonitorResult, PluginManifest } from "../plugin_host/types.ts";
import type { MonitorEvent } from "./monitor_event.ts";
import type { MonitorRunner, MonitorWatchHandle } from "./monitor_runner.ts";
import type { NotificationSink } from "../notify/notification.ts";
import { type Clock, systemClock } from "./clock.ts";
import { MonitorLoop } from "./monitor_loop.ts";
import { CooldownGate, type GateNotice } from "./cooldown_gate.ts";
import { itemKey, type MonitorState, transition } from "./_transition.ts";
import { rememberChange, restoreStates } from "./_monitor_memory.ts";
import { mergeNotices, noticeKey, type NoticePayload } from "./_notice_payload.ts";
import { DEFAULT_WATCH, GlobSet } from "./watch_globs.ts";
import { MonitorType } from "./monitor_type.ts";
import { EventType } from "../session/event_type.ts";
import { BuiltinAnalyzer } from "./builtin_analyzer.ts";
import { deliverNotice } from "./_deliver_notice.ts";
import { ToldFiles } from "./_told_files.ts";
import { PluginHost } from "../plugin_host/plugin_host.ts";
import { type GitDirWatch, watchGitDir } from "./_git_dir_watch.ts";

import type {
  EnableMonitorOptions,
  NotificationCallback,
  ProactiveMonitorOptions,
} from "./proactive_monitor_options.ts";
import { FileBatcher } from "./_file_batcher.ts";
import {
  everPassed,
  failedIds,
  flakyRates,
  lastFailing,
  recordRun,
  resultCases,
  resultStage,
} from "./_test_runs.ts";
import type { StageRequest } from "../plugin_host/types.ts";
import { withoutOwnWrites } from "../toolchain/own_writes.ts";
import { failuresAlreadyTold, frameAnnouncement } from "./_failure_set.ts";

export type { MonitorSessionStore } from "./_monitor_memory.ts";
export type {
  EnableMonitorOptions,
  NotificationCallback,
  ProactiveMonitorOptions,
} from "./proactive_monitor_options.ts";
import { projectRootOf } from "../fs/find_project_root.ts";
import { isPluginCrash } from "../plugin_host/plugin_crashed_error.ts";

/**
 * `batchMs` joins watcher events that arrive together; the file_changes watcher itself already gathers a
 * save's events in a window of up to 50 ms (quiet-time based), so no second 50 ms wait is added here.
 */
const defaults = {
  cooldownMs: 10_000,
  batchMs: 0,
  analysisTimeoutMs: 15_000,
  historySize: 1000,
  watchReadyMs: 5000,
};
/**
 * Fallback seconds between checks of the built-in monitors while file events work (the manifest's shorter
 * interval applies only when the watcher cannot run): a change re-checks at once anyway, and a 5-second
 * test loop would keep a core busy. `git` keeps a short one: commits and fetches happen inside `.git/`,
 * which the watcher skips.
 */
const FALLBACK_FLOOR: Record<string, number> = { tests: 300, build: 300, lint: 300, git: 15 };
/** The git floor while `.git/` itself is watched too. */
const GIT_WATCHED_FLOOR = 120;

const DEFAULT_INTERVAL = 60;
const RECENT = 10;
/**
 * A new failure not yet known to be flaky is run again until it has failed this many times on the same
 * content (its failures in the early stages of the same check count); one pass among them makes it
 * flaky. After a first failure, a test failing 30% of the time fails the five more 0.24% of the time.
 * Only a test never seen passing waits for them before it is announced; a regression is said at once.
 */
const CONFIRM_RUNS = 6;
/** More failures than this at once are not rerun: a broken suite is not a flaky one. */
const MAX_CONFIRM = 10;

/** Watches a project; see the module comment. */
export class ProactiveMonitor {
  readonly projectDir: string;
  #opts: ProactiveMonitorOptions;
  #clock: Clock;
  #enabled = new Map<string, EnableMonitorOptions>();
  #loops = new Map<string, MonitorLoop>();
  #changeLoops = new ChangeLoopDetector();
  #globs = new Map<string, GlobSet>();
  #states = new Map<string, MonitorState>();
  /** Per monitor, the state the person was last told about (what "28 more failing" is counted from). */
  #told = new Map<string, MonitorState>();
  /** Monitors whose current state was reported since start() (`kind: "state"`, once each). */
  #reported = new Set<string>();
  /** Per monitor, why it last could not give a verdict (said once, as an error event). */
  #unknownSaid = new Map<string, string>();
  #history: MonitorEvent[] = [];
  #total = 0;
  #callbacks: NotificationCallback[] = [];
  #sinks: NotificationSink[];
  #gate: CooldownGate<NoticePayload>;
  #builtin: BuiltinAnalyzer;
  #toldFiles: ToldFiles;
  #runner: MonitorRunner | undefined;
  #ownHost: PluginHost | undefined;
  #watch: MonitorWatchHandle | undefined;
  #gitWatch: GitDirWatch | null = null;
  #batcher: FileBatcher;
  #deliveries: Promise<void> = Promise.resolve();
  #edits: Promise<void> = Promise.resolve();
  #stopping = new AbortController();
  #running = false;
  /** Per widening monitor: files changed since its last completed whole check. */
  #changed = new Map<string, Set<string>>();
  /** Per monitor: ids of the tests failing in the latest results. */
  #failing = new Map<string, Set<string>>();
  /** Monitors whose failing state holds known-flaky failures only (announced as flaky, not failing). */
  #flakyOnly = new Set<string>();

  constructor(projectDir: string, options: ProactiveMonitorOptions = {}) {
    requiredText(
      projectDir,
      "ProactiveMonitor's projectDir",
      'new ProactiveMonitor("/project", { llm })',
    );
    this.projectDir = projectRootOf(projectDir);
    this.#opts = options;
    this.#clock = options.clock ?? systemClock;
    this.#sinks = [...(options.sinks ?? [])];
    this.#builtin = new BuiltinAnalyzer(this.projectDir);
    this.#toldFiles = new ToldFiles(this.projectDir);
    this.#batcher = new FileBatcher(
      this.projectDir,
      options.batchMs ?? defaults.batchMs,
      this.#clock,
      (files) => this.#onFiles(files),
    );
    this.#gate = new CooldownGate<NoticePayload>({
      cooldownMs: options.cooldownMs ?? defaults.cooldownMs,
      clock: this.#clock,
      merge: mergeNotices,
      deliver: (notice) => this.#deliver(notice),
    });
  }

  /** Adds a callback called with every notification. */
  addNotificationCallback(fn: NotificationCallback): void {
    this.#callbacks.push(fn);
  }

  /** Enables `monitor` (a {@linkcode MonitorType} or a monitor plugin's name); starts it when running. */
  enableMonitor(monitor: MonitorType | string, options: EnableMonitorOptions = {}): void {
    this.#enabled.set(monitor, options);
    if (this.#running) {
      this.#startLoop(monitor);
      if (!this.#watch) void this.#startWatcher();
    }
  }

  /** Disables `monitor`, cancelling a check in progress. */
  async disableMonitor(monitor: MonitorType | string): Promise<void> {
    this.#enabled.delete(monitor);
    this.#gate.drop(monitor);
    if (monitor === MonitorType.GIT) {
      this.#gitWatch?.close();
      this.#gitWatch = null;
    }
    const loop = this.#loops.get(monitor);
    this.#loops.delete(monitor);
    await loop?.stop();
  }

  /** Starts watching: restores the last known states, runs every enabled monitor once, then watches. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = new AbortController();
    this.#reported.clear();
    if (this.#opts.host) this.#runner = this.#opts.host;
    else {
      this.#ownHost = new PluginHost(this.projectDir);
      await this.#ownHost.discover();
      this.#runner = this.#ownHost;
    }
    if (this.#opts.session) {
      try {
        for (const [name, state] of restoreStates(this.#opts.session)) {
          this.#states.set(name, state);
          this.#told.set(name, state);
        }
      } catch (error) {
        this.#error("session", `Cannot read the last monitor states: ${message(error)}`);
      }
    }
    for (const [name, state] of this.#opts.knownStates ?? []) {
      this.#states.set(name, state);
      this.#told.set(name, state);
    }
    await this.#startWatcher();
    for (const name of this.#enabled.keys()) this.#startLoop(name);
  }

  /** Stops every monitor and watcher, delivers held notifications, closes sinks (and the own host). */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#stopping.abort();
    this.#batcher.clear();
    const loops = [...this.#loops.values()];
    this.#loops.clear();
    // A cancelled check is rejected at once while its plugin stops its programs; the host lets it finish
    // (PluginHost.close() waits for cancelled calls, up to its cancel grace), so nothing is orphaned.
    await Promise.all(loops.map((l) => l.stop()));
    this.#gitWatch?.close();
    this.#gitWatch = null;
    const watch = this.#watch;
    this.#watch = undefined;
    await Promise.resolve(watch?.stop()).catch(() => {});
    this.#gate.flush();
    await this.#edits;
    await this.#deliveries;
    await Promise.all(this.#sinks.map((s) => s.close?.().catch(() => {})));
    await this.#ownHost?.close();
    this.#ownHost = undefined;
  }

  /** The seed's status: running, enabled monitors, recent events, total events, plus each state. */
  getStatus(): {
    running: boolean;
    monitors: string[];
    recent_events: MonitorEvent[];
    total_events: number;
    states: Record<string, MonitorState>;
  } {
    return {
      running: this.#running,
      monitors: [...this.#enabled.keys()],
      recent_events: this.#history.slice(-RECENT),
      total_events: this.#total,
      states: Object.fromEntries(this.#states),
    };
  }

  /** The events kept in memory, oldest first. */
  history(): MonitorEvent[] {
    return [...this.#history];
  }

  /** True while a check of `monitor` (all its stages and confirmation runs) is in progress. */
  busy(monitor: string): boolean {
    return this.#loops.get(monitor)?.busy ?? false;
  }

  /** Re-checks `monitor` now (as a file change would). */
  recheck(monitor: string): void {
    this.#loops.get(monitor)?.trigger();
  }

  /**
   * Runs `monitor`'s whole check now (all its stages, as a change would), or waits for the one in
   * progress, and resolves with the state it left; undefined when `monitor` is not running (not enabled,
   * the file watcher, or stopped meanwhile).
   */
  async checkNow(monitor: string): Promise<MonitorState | undefined> {
    const loop = this.#loops.get(monitor);
    if (!loop || !this.#running) return undefined;
    await loop.checkNow();
    return this.#loops.get(monitor) === loop ? this.#states.get(monitor) : undefined;
  }

  #startLoop(name: string): void {
    if (name === MonitorType.FILE_CHANGES || this.#loops.has(name)) return;
    const settings = this.#enabled.get(name) ?? {};
    const manifest = this.#manifest(name);
    if (name === MonitorType.GIT && !this.#gitWatch) {
      this.#gitWatch = watchGitDir(this.projectDir, () => this.#onGitDir());
    }
    const floor = !this.#watch
      ? 0
      : name === MonitorType.GIT && this.#gitWatch
      ? GIT_WATCHED_FLOOR
      : FALLBACK_FLOOR[name] ?? 0;
    const seconds = settings.interval ?? Math.max(manifest?.interval ?? DEFAULT_INTERVAL, floor);
    this.#globs.set(
      name,
      new GlobSet(settings.watch ?? manifest?.watch ?? DEFAULT_WATCH[name] ?? ["**/*"]),
    );
    const loop = new MonitorLoop({
      intervalMs: seconds * 1000,
      onChange: settings.onChange ?? (name === MonitorType.GIT ? "queue" : "restart"),
      clock: this.#clock,
      run: (signal) => this.#check(name, settings, signal),
      onError: (error) => this.#error(name, message(error)),
    });
    this.#loops.set(name, loop);
    loop.start();
  }

  async #check(name: string, settings: EnableMonitorOptions, signal: AbortSignal): Promise<void> {
    // One check, all its stages and confirmation runs, is one run for the change-loop detector.
    this.#changeLoops.runStarted(name);
    try {
      await this.#checkStages(name, settings, signal);
    } finally {
      this.#changeLoops.runEnded(name);
      this.#runner?.checkEnded?.(name);
    }
  }

  async #checkStages(
    name: string,
    settings: EnableMonitorOptions,
    signal: AbortSignal,
  ): Promise<void> {
    const stages = settings.strategy === "full" ? [] : this.#manifest(name)?.stages ?? [];
    if (stages.length === 0) {
      const started = this.#clock.now();
      const before = new Set(this.#failingIds(name));
      const result = await this.#call(name, settings, signal);
      if (!result) return;
      this.#track(name, result, "full", started);
      // Flaky failures are told apart whatever the strategy (a monitor without test cases skips it).
      await this.#applyFinal(name, settings, signal, result, { before, early: [] });
      return;
    }
    // Widening: narrow stages first; only the last (the whole check) can give the all-clear. Without a
    // change since the last whole check (the first check, a fallback interval) only the last one runs.
    const files = [...(this.#changed.get(name) ?? [])];
    const before = new Set(this.#failingIds(name));
    const early: MonitorResult[] = [];
    for (const [index, stage] of stages.entries()) {
      const last = index === stages.length - 1;
      if (!last && files.length === 0) continue;
      const started = this.#clock.now();
      const request: StageRequest = { name: stage, files, tests: [...this.#failingIds(name)] };
      const result = await this.#call(name, settings, signal, request);
      if (!result) return;
      this.#emitStage(name, stage, result);
      if (!last && resultStage(result)?.skipped) continue;
      this.#track(name, result, stage, started);
      if (!last) {
        early.push(result);
        this.#applyStage(name, stage, result, request);
        continue;
      }
      for (const file of files) this.#changed.get(name)?.delete(file);
      await this.#applyFinal(name, settings, signal, result, { before, early });
    }
  }

  /** A `stage` event: what one stage of a widening check found (or why it was skipped). */
  #emitStage(name: string, stage: string, result: MonitorResult): void {
    this.#emit({
      time: this.#iso(),
      monitor: name,
      kind: "stage",
      stage,
      to: result.status,
      summary: result.summary,
      items: result.items ?? [],
    });
  }

  /** One call of `check(ctx)`; null when it was cancelled or failed (said as an error event). */
  async #call(
    name: string,
    settings: EnableMonitorOptions,
    signal: AbortSignal,
    stage?: StageRequest,
  ): Promise<MonitorResult | null> {
    // A check whose plugin crashed under it is asked once more of the restarted plugin: the crash may
    // be another call's (a cancelled check that did not let go in time takes the plugin down, and this
    // check with it), and a check lost that way would leave the last verdict standing until the next save.
    for (let attempt = 0;; attempt++) {
      const runner = this.#runner;
      // Between two calls the run may have been cancelled: start nothing then (nobody would stop it).
      if (!runner || signal.aborted || !this.#running) return null;
      try {
        const result = await runner.runMonitor(name, {
          options: { ...settings.options, ...(stage ? { stage } : {}) },
          signal,
          ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
        });
        return signal.aborted || !this.#running ? null : result;
      } catch (error) {
        if (signal.aborted) return null;
        if (attempt === 0 && isPluginCrash(error)) continue;
        this.#error(name, `Monitor "${name}" failed: ${message(error)}`);
        return null;
      }
    }
  }

  /** Records the tests of a result and keeps which are failing now. */
  #track(name: string, result: MonitorResult, stage: string, started: number): void {
    const cases = resultCases(result);
    if (cases === null || result.status === "unknown") return;
    const failing = this.#failingIds(name);
    for (const c of cases) {
      if (c.outcome === "failed" || c.outcome === "error") failing.add(c.id);
      else if (c.outcome === "passed") failing.delete(c.id);
    }
    // A whole run names every test: anything it did not run is no longer a failing test.
    if (stage === "full") {
      const ran = new Set(cases.map((c) => c.id));
      for (const id of failing) if (!ran.has(id)) failing.delete(id);
    }
    const problem = recordRun(this.#opts.session, result, {
      source: "monitor",
      stage,
      startedAt: started,
      durationMs: this.#clock.now() - started,
    });
    if (problem) this.#error("session", problem);
  }

  #failingIds(name: string): Set<string> {
    let ids = this.#failing.get(name);
    if (!ids) {
      ids = new Set(lastFailing(this.#opts.session));
      this.#failing.set(name, ids);
    }
    return ids;
  }

  /**
   * An early stage (its `stage` event is emitted already): failures that are news are announced at once
   * ("❌ 1 affected test failing (full suite still running)"). A passing stage is never announced: the
   * state changes only with the whole check.
   */
  #applyStage(name: string, stage: string, result: MonitorResult, request: StageRequest): void {
    const items = result.items ?? [];
    if (result.status !== "fail" || items.length === 0) return;
    const known = this.#states.get(name);
    const told = new Set(
      known?.status === "fail"
        ? known.items.map((i) => `${i.file ?? ""}\u0000${i.name ?? ""}`)
        : [],
    );
    // The same failures again are no news (the set of failures is the state): the stage event says it.
    if (items.every((i) => told.has(`${i.file ?? ""}\u0000${i.name ?? ""}`))) return;
    // Known-flaky failures alone are not news at any stage.
    const ids = failedIds(resultCases(result) ?? []);
    const rates = flakyRates(this.#opts.session, ids);
    if (ids.length > 0 && ids.every((id) => rates.get(id)?.flaky)) return;
    const payload: NoticePayload = {
      announce: { type: "stage_fail", stage, items, still: request.name === "failed" },
      ...(known ? { state: known } : {}),
    };
    this.#gate.offer({ monitor: name, key: noticeKey(payload), payload });
  }

  /**
   * The whole check. A new failure of a test that has passed before is announced at once (a regression
   * is said when it is seen); a new failure of a test never seen passing (the first run, a new test) is
   * as likely a flaky draw, so it is run again first. Either way new failures not yet known to be flaky
   * are run again on the same content (up to {@linkcode CONFIRM_RUNS} runs): one pass makes the test
   * flaky, which follows as "⚠️ flaky test failed". When every failure is flaky the state is still
   * "fail" (the tests did fail) but it is announced as flaky, and its recovery is not announced.
   */
  async #applyFinal(
    name: string,
    settings: EnableMonitorOptions,
    signal: AbortSignal,
    result: MonitorResult,
    seen: { before: Set<string>; early: MonitorResult[] },
  ): Promise<void> {
    const failed = result.status === "fail" ? failedIds(resultCases(result) ?? []) : [];
    if (failed.length === 0) {
      this.#apply(name, result);
      return;
    }
    let rates = flakyRates(this.#opts.session, failed);
    const flaky = new Set(failed.filter((id) => rates.get(id)?.flaky));
    // Only new failures need confirming: a test failing before this check is no news either way.
    let unsure = failed.filter((id) => !flaky.has(id) && !seen.before.has(id));
    const confirming = Boolean(this.#opts.session?.readTests) && unsure.length > 0 &&
      unsure.length <= MAX_CONFIRM;
    const passedOnce = everPassed(this.#opts.session, unsure);
    let told = false;
    if (failed.some((id) => !flaky.has(id)) && unsure.every((id) => passedOnce.has(id))) {
      this.#apply(name, result);
      told = true;
    }
    if (confirming) {
      // Failures of the early stages on this same content count as runs already made.
      const hash = contentHashOf(result);
      const made = Math.min(
        ...unsure.map((id) =>
          1 +
          seen.early.filter((r) =>
            contentHashOf(r) === hash && failedIds(resultCases(r) ?? []).includes(id)
          ).length
        ),
      );
      for (let round = made; round < CONFIRM_RUNS && unsure.length > 0; round++) {
        const started = this.#clock.now();
        const request: StageRequest = { name: "rerun", files: [], tests: unsure };
        const rerun = await this.#call(name, settings, signal, request);
        // Cancelled or stopped: nothing is said. A confirmation run that failed (said as an error event)
        // confirms nothing: the failures still unsure count as real, and the whole check is applied.
        if (!rerun && (signal.aborted || !this.#running)) return;
        if (!rerun) break;
        if (resultStage(rerun)?.skipped) break;
        this.#track(name, rerun, "rerun", started);
        const passed = new Set(
          (resultCases(rerun) ?? []).filter((c) => c.outcome === "passed").map((c) => c.id),
        );
        for (const id of passed) flaky.add(id);
        unsure = unsure.filter((id) => !passed.has(id));
      }
      rates = flakyRates(this.#opts.session, failed);
    }
    const real = failed.filter((id) => !flaky.has(id) && !rates.get(id)?.flaky);
    if (real.length > 0) {
      if (!told) this.#apply(name, result);
      return;
    }
    if (told) this.#flakyOnly.add(name);
    else if (this.#apply(name, result, "flaky")) return;
    const tests = failed.map((id) => {
      const r = rates.get(id);
      return { name: id, failed: r?.failed ?? 1, runs: r?.runs ?? 1 };
    });
    const bucket = Math.floor(this.#clock.now() / (this.#opts.cooldownMs ?? defaults.cooldownMs));
    const payload: NoticePayload = { announce: { type: "flaky", tests } };
    this.#gate.offer({ monitor: name, key: `${noticeKey(payload)}:${bucket}`, payload });
  }

  /**
   * A change inside `.git/`. `git status` may refresh the index itself, which comes back here once: with
   * the git monitor's `queue` policy that is one more cheap check, after which the index is fresh and
   * quiet. Never dropped, so a commit made right after a check is not missed.
   */
  #onGitDir(): void {
    if (this.#running) this.#loops.get(MonitorType.GIT)?.trigger();
  }

  /** Applies a whole check's result; true when a notification was offered. */
  #apply(name: string, result: MonitorResult, only?: "flaky"): boolean {
    // "No lint tool is installed", "not a git repository", "pytest timed out": no state to announce,
    // but the person should know the check is not working; said once until the reason changes.
    if (result.status !== "unknown") this.#unknownSaid.delete(name);
    else if (this.#unknownSaid.get(name) !== result.summary) {
      this.#unknownSaid.set(name, result.summary);
      this.#error(name, `${name}: ${result.summary}`);
    }
    const prev = this.#states.get(name);
    const t = transition(name, prev, result, new Date(this.#clock.now()));
    this.#states.set(name, t.next);
    if (!this.#reported.has(name)) {
      // Each monitor's current state once per start, for editors reading `flux watch --json`.
      this.#reported.add(name);
      this.#emit({
        time: this.#iso(),
        monitor: name,
        kind: "state",
        to: t.next.status,
        summary: t.next.summary,
        items: t.next.items,
      });
    }
    if (t.event) {
      this.#emit(t.event);
      if (this.#opts.session) {
        try {
          rememberChange(this.#opts.session, t.event, result, prev?.items);
        } catch (error) {
          this.#error("session", `Cannot record the ${name} state: ${message(error)}`);
        }
      }
    }
    // Known-flaky failures alone are not "now failing"; their passing again is not news either. A real
    // failure after them is announced even though the state was "fail" already.
    // Real failures that are fixed while a flaky test fails are still news (said as the change it is).
    const wasFlaky = this.#flakyOnly.has(name);
    if (only === "flaky") this.#flakyOnly.add(name);
    else if (result.status !== "unknown") this.#flakyOnly.delete(name);
    if (only === "flaky" && (wasFlaky || prev?.status !== "fail")) return false;
    if (wasFlaky && t.announce?.type === "ok") return false;
    if (wasFlaky && result.status === "fail" && !t.announce) {
      t.announce = { type: "fail", first: false };
    }
    // Real failures fixed while only known-flaky tests fail: the news is the fix. The flaky tests are not
    // "more failing" (a wrong red); with nothing fixed, the caller says "flaky test failed" instead.
    if (only === "flaky" && prev?.status === "fail" && t.announce?.type === "fail") {
      const now = new Set(t.next.items.map(itemKey));
      const fixed = prev.items.filter((i) => !now.has(itemKey(i)));
      if (fixed.length === 0) return false;
      t.announce = { type: "better", fixed };
    }
    if (!t.announce) return false;
    const data = result.data as { output?: unknown; tool?: unknown } | undefined;
    const output = typeof data?.output === "string" ? data.output.slice(-4000) : undefined;
    const payload: NoticePayload = {
      announce: t.announce,
      state: t.next,
      ...(output ? { output } : {}),
      ...(typeof data?.tool === "string" ? { tool: data.tool } : {}),
    };
    this.#gate.offer({ monitor: name, key: noticeKey(payload), payload });
    return true;
  }

  async #startWatcher(): Promise<void> {
    if (!this.#runner || this.#watch || this.#enabled.size === 0) return;
    // The watcher is installed inside its worker a moment after startWatch() returns; it says so with
    // { ready: true }. Waiting for that (bounded) means a save right after start() is not missed.
    const ready = Promise.withResolvers<void>();
    try {
      this.#watch = await this.#runner.startWatch(MonitorType.FILE_CHANGES, {
        options: this.#watchOptions(),
        onEvent: (event) => {
          if (isReadyEvent(event)) ready.resolve();
          else if (isWarningEvent(event)) this.#error(MonitorType.FILE_CHANGES, event.warning);
          else if (this.#running) this.#batcher.add(event);
        },
      });
      const waitMs = this.#opts.watchReadyMs ?? defaults.watchReadyMs;
      if (waitMs > 0 && this.#running) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([ready.promise, new Promise((r) => timer = setTimeout(r, waitMs))]);
        clearTimeout(timer);
      }
      if (!this.#running) await this.#watch.stop();
    } catch (error) {
      this.#error(
        MonitorType.FILE_CHANGES,
        `Cannot watch files, checking on intervals only: ${message(error)}`,
      );
    }
  }

  /** The watcher's options, with the files this process writes (its stdout/stderr) ignored. */
  #watchOptions(): Record<string, unknown> {
    const options = this.#enabled.get(MonitorType.FILE_CHANGES)?.options ?? {};
    const own = ownOutputFiles(this.projectDir).map(exactPattern);
    if (own.length === 0) return options;
    const ignore = Array.isArray(options.ignore) ? options.ignore : [];
    return { ...options, ignore: [...ignore, ...own] };
  }

  #onFiles(files: string[]): void {
    if (!this.#running) return;
    const triggered: string[] = [];
    for (const [name, loop] of this.#loops) {
      const hits = files.filter((f) => this.#globs.get(name)?.matches(f));
      if (hits.length === 0) continue;
      const changed = this.#changed.get(name) ?? new Set<string>();
      for (const f of hits) changed.add(f);
      this.#changed.set(name, changed);
      loop.trigger();
      triggered.push(name);
    }
    const looping = this.#changeLoops.onBatch(files, triggered);
    if (looping) this.#error(MonitorType.FILE_CHANGES, looping);
    this.#emit({
      time: this.#iso(),
      monitor: MonitorType.FILE_CHANGES,
      kind: "file_change",
      files,
    });
    if (this.#enabled.has(MonitorType.FILE_CHANGES)) {
      const payload: NoticePayload = { announce: { type: "files", files } };
      this.#gate.offer({ monitor: MonitorType.FILE_CHANGES, key: null, payload });
      this.#recordEdits(files);
    }
  }

  /** The session's "files worked on" come from these, without the files Flux's own steps wrote. */
  #recordEdits(files: string[]): void {
    const session = this.#opts.session;
    if (!session) return;
    this.#edits = this.#edits.then(async () => {
      const theirs = await withoutOwnWrites(this.projectDir, files.slice(0, 20), {
        signal: this.#stopping.signal,
      });
      if (theirs.length === 0) return;
      session.recordEvent(EventType.FILE_EDIT, { files: theirs, source: "watch" });
    }).catch((error) => {
      this.#error("session", `Cannot record the changed files: ${message(error)}`);
    });
  }

  #deliver(released: GateNotice<NoticePayload>): void {
    const framed = this.#frame(released);
    if (!framed) return;
    this.#deliveries = this.#deliveries.then(async () => {
      const notice = await this.#withFreshFiles(framed).catch(() => framed);
      if (notice) await this.#deliverNow(notice);
    });
  }

  /** A files notice without the files told already with the same content (one save, two batches). */
  async #withFreshFiles(
    notice: GateNotice<NoticePayload>,
  ): Promise<GateNotice<NoticePayload> | undefined> {
    const { announce } = notice.payload;
    if (announce.type !== "files") return notice;
    const files = await this.#toldFiles.fresh(announce.files);
    if (files.length === 0) return undefined;
    return { ...notice, payload: { ...notice.payload, announce: { type: "files", files } } };
  }

  #deliverNow(notice: GateNotice<NoticePayload>): Promise<void> {
    return (
      deliverNotice(notice, {
        builtin: this.#builtin,
        ...(this.#opts.llm ? { llm: this.#opts.llm } : {}),
        analysisTimeoutMs: this.#opts.analysisTimeoutMs ?? defaults.analysisTimeoutMs,
        sinks: this.#sinks,
        callbacks: this.#callbacks,
        ...(this.#opts.session ? { session: this.#opts.session } : {}),
        now: () => new Date(this.#clock.now()),
        emit: (event) => this.#emit(event),
      })
    ).then(
      () => {},
      (error) => this.#error(notice.monitor, `Cannot deliver a notification: ${message(error)}`),
    );
  }

  /** Frames a released notice against what was last told; undefined when it would repeat it. */
  #frame(notice: GateNotice<NoticePayload>): GateNotice<NoticePayload> | undefined {
    const { announce, state } = notice.payload;
    if (announce.type === "files" || announce.type === "info") return notice;
    const others = [...this.#told].filter(([name]) => name !== notice.monitor).map(([, s]) => s);
    if (failuresAlreadyTold(announce, state, others)) return undefined;
    // Passing again is news only after a failure that was told (not one another monitor told for it).
    if (announce.type === "ok" && this.#told.get(notice.monitor)?.status !== "fail") {
      return undefined;
    }
    const framed = frameAnnouncement(announce, state, this.#told.get(notice.monitor));
    if (!framed) return undefined;
    if (state) this.#told.set(notice.monitor, state);
    return { ...notice, payload: { ...notice.payload, announce: framed } };
  }

  #emit(event: MonitorEvent): void {
    this.#history.push(event);
    this.#total++;
    const max = this.#opts.historySize ?? defaults.historySize;
    if (this.#history.length > max) this.#history.splice(0, this.#history.length - max);
    try {
      this.#opts.onEvent?.(event);
    } catch {
      // A listener's failure is not the monitor's.
    }
  }

  #error(monitor: string, text: string): void {
    this.#emit({ time: this.#iso(), monitor, kind: "error", message: text });
  }

  #manifest(name: string): PluginManifest | undefined {
    const runner = this.#runner;
    if (runner?.manifest) return runner.manifest(name);
    if (runner instanceof PluginHost) return runner.list().find((p) => p.name === name)?.manifest;
    return undefined;
  }

  #iso(): string {
    return new Date(this.#clock.now()).toISOString();
  }
}

function contentHashOf(result: MonitorResult): string | undefined {
  const hash = (result.data as { contentHash?: unknown } | undefined)?.contentHash;
  return typeof hash === "string" ? hash : undefined;
}

function isReadyEvent(event: unknown): boolean {
  return typeof event === "object" && event !== null &&
    (event as { ready?: unknown }).ready === true;
}

function isWarningEvent(event: unknown): event is { warning: string } {
  return typeof event === "object" && event !== null &&
    typeof (event as { warning?: unknown }).warning === "string";
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
