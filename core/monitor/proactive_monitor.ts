/**
 * The coordinator (seed section 2): runs the enabled monitors through the plugin host, re-checks the
 * affected ones as soon as files change (batched), keeps each monitor's state, emits events, and sends a
 * notification (with an analysis for failures) on each change of state, through a per-monitor cooldown.
 */
import { ChangeLoopDetector } from "./change_loop_detector.ts";
import { exactPattern, ownOutputFiles } from "./own_output_files.ts";
import type { MonitorResult, PluginManifest } from "../plugin_host/types.ts";
import type { MonitorEvent } from "./monitor_event.ts";
import type { MonitorRunner, MonitorWatchHandle } from "./monitor_runner.ts";
import type { NotificationSink } from "../notify/notification.ts";
import { type Clock, systemClock } from "./clock.ts";
import { MonitorLoop } from "./monitor_loop.ts";
import { CooldownGate, type GateNotice } from "./cooldown_gate.ts";
import { type MonitorState, transition } from "./_transition.ts";
import { rememberChange, restoreStates } from "./_monitor_memory.ts";
import { mergeNotices, noticeKey, type NoticePayload } from "./_notice_payload.ts";
import { DEFAULT_WATCH, GlobSet } from "./watch_globs.ts";
import { MonitorType } from "./monitor_type.ts";
import { EventType } from "../session/event_type.ts";
import { BuiltinAnalyzer } from "./builtin_analyzer.ts";
import { deliverNotice } from "./_deliver_notice.ts";
import { PluginHost } from "../plugin_host/plugin_host.ts";
import { type GitDirWatch, watchGitDir } from "./_git_dir_watch.ts";

import type {
  EnableMonitorOptions,
  NotificationCallback,
  ProactiveMonitorOptions,
} from "./proactive_monitor_options.ts";
import { FileBatcher } from "./_file_batcher.ts";
import { withoutOwnWrites } from "../toolchain/own_writes.ts";
import { frameAnnouncement } from "./_failure_set.ts";

export type { MonitorSessionStore } from "./_monitor_memory.ts";
export type {
  EnableMonitorOptions,
  NotificationCallback,
  ProactiveMonitorOptions,
} from "./proactive_monitor_options.ts";
import { projectRootOf } from "../fs/find_project_root.ts";

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
  #runner: MonitorRunner | undefined;
  #ownHost: PluginHost | undefined;
  #watch: MonitorWatchHandle | undefined;
  #gitWatch: GitDirWatch | null = null;
  #batcher: FileBatcher;
  #deliveries: Promise<void> = Promise.resolve();
  #edits: Promise<void> = Promise.resolve();
  #stopping = new AbortController();
  #running = false;

  constructor(projectDir: string, options: ProactiveMonitorOptions = {}) {
    this.projectDir = projectRootOf(projectDir);
    this.#opts = options;
    this.#clock = options.clock ?? systemClock;
    this.#sinks = [...(options.sinks ?? [])];
    this.#builtin = new BuiltinAnalyzer(this.projectDir);
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

  /** Re-checks `monitor` now (as a file change would). */
  recheck(monitor: string): void {
    this.#loops.get(monitor)?.trigger();
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
    const runner = this.#runner;
    if (!runner) return;
    let result: MonitorResult;
    this.#changeLoops.runStarted(name);
    try {
      result = await runner.runMonitor(name, {
        options: settings.options ?? {},
        signal,
        ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
      });
    } catch (error) {
      if (!signal.aborted) this.#error(name, `Monitor "${name}" failed: ${message(error)}`);
      return;
    } finally {
      this.#changeLoops.runEnded(name);
    }
    if (signal.aborted || !this.#running) return;
    this.#apply(name, result);
  }

  /**
   * A change inside `.git/`. `git status` may refresh the index itself, which comes back here once: with
   * the git monitor's `queue` policy that is one more cheap check, after which the index is fresh and
   * quiet. Never dropped, so a commit made right after a check is not missed.
   */
  #onGitDir(): void {
    if (this.#running) this.#loops.get(MonitorType.GIT)?.trigger();
  }

  #apply(name: string, result: MonitorResult): void {
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
    if (!t.announce) return;
    const data = result.data as { output?: unknown; tool?: unknown } | undefined;
    const output = typeof data?.output === "string" ? data.output.slice(-4000) : undefined;
    const payload: NoticePayload = {
      announce: t.announce,
      state: t.next,
      ...(output ? { output } : {}),
      ...(typeof data?.tool === "string" ? { tool: data.tool } : {}),
    };
    this.#gate.offer({ monitor: name, key: noticeKey(payload), payload });
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
      if (!files.some((f) => this.#globs.get(name)?.matches(f))) continue;
      triggered.push(name);
      loop.trigger();
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
    const notice = this.#frame(released);
    if (!notice) return;
    this.#deliveries = this.#deliveries.then(() =>
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
