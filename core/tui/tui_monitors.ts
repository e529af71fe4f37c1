/**
 * Monitoring for the TUI: one {@linkcode ProactiveMonitor} over the project's plugin host, with every check
 * timed (so the monitors panel shows last run and duration) and every event, notification and run handed
 * to one callback. A monitor or callback that throws is reported, never fatal.
 */
import type { FailureAnalyzer } from "../monitor/failure_analyzer.ts";
import { type MonitorSessionStore, ProactiveMonitor } from "../monitor/proactive_monitor.ts";
import type { MonitorSettings } from "../monitor/monitor_settings.ts";
import type { PluginHost } from "../plugin_host/plugin_host.ts";
import { selectMonitors } from "../monitor/select_monitors.ts";
import type { MonitorItem } from "../plugin_host/types.ts";
import type { MonitorUpdate } from "../monitor/owner/monitor_update.ts";
import type { MonitorState } from "../monitor/_transition.ts";
import { type MonitorRole, ProjectMonitors } from "../monitor/owner/project_monitors.ts";
import { timedRunner } from "../monitor/owner/timed_runner.ts";
import {
  type CheckAnswer,
  checkAnswerOf,
  type OwnerInfo,
} from "../monitor/owner/owner_protocol.ts";

/** What monitoring reports to the TUI (the same updates an owner of the monitors sends its clients). */
export type { MonitorUpdate };

/** Options of {@linkcode TuiMonitors}. */
export interface TuiMonitorsOptions {
  host: PluginHost;
  /** The `monitors:` section of .flux/config.yaml. */
  settings: MonitorSettings;
  session?: MonitorSessionStore;
  llm?: FailureAnalyzer;
  /** Stop each monitor's worker after its check (default true); the next check starts it again. */
  releaseIdleWorkers?: boolean;
  /** One line per monitor left out that the user should hear about (not trusted yet). */
  onNotice?(line: string): void;
  /**
   * One set of monitors per project (default true): run them only when no other Flux process does, else
   * show that process's monitors (see `core/monitor/owner/`); false always runs this TUI's own.
   */
  shared?: boolean;
}

/** Milliseconds between starting two monitors. */
const STAGGER_MS = 250;

/** Monitors configured to check more often than this (seconds; 0 is "on changes only") keep their worker. */
const KEEP_BELOW_S = 30;

/** The monitor whose worker watches files all the time. */
const FILE_WATCHER = "file_changes";

/** Started first: the file watcher, then the tests (what the user waits to hear about). */
const FIRST = ["file_changes", "tests"];

/** `names` with those of {@linkcode FIRST} at the front, in that order. */
function firstThings(names: string[]): string[] {
  const first = FIRST.filter((name) => names.includes(name));
  return [...first, ...names.filter((name) => !FIRST.includes(name))];
}

/** Starts and stops monitors for one TUI, or shows those of the Flux process that owns them. */
export class TuiMonitors {
  readonly projectDir: string;
  #options: TuiMonitorsOptions;
  #monitor: ProactiveMonitor | undefined;
  #listener: (update: MonitorUpdate) => void = () => {};
  /** Where this TUI's own monitors report: the listener, or the owner's stream that also feeds it. */
  #own: (update: MonitorUpdate) => void = (update) => this.#tell(update);
  #enabled = new Set<string>();
  #pending = new Set<string>();
  #shared: ProjectMonitors | undefined;
  /** The monitors asked for when sharing started (undefined: all), started again after a takeover. */
  #wanted: string | undefined;
  /** States streamed from the previous owner, for this TUI's monitors after a takeover. */
  #known: Map<string, MonitorState> | undefined;
  /** Monitors seen in the owner's stream (what `enabled()` says while attached). */
  #seen = new Set<string>();

  constructor(projectDir: string, options: TuiMonitorsOptions) {
    this.projectDir = projectDir;
    this.#options = { releaseIdleWorkers: true, ...options };
  }

  /** Monitors that can run (installed, trusted, usable), in the order of `monitors.enabled`. */
  async installed(): Promise<string[]> {
    const plugins = await this.#options.host.discover();
    return plugins
      .filter((p) => p.manifest?.kind === "monitor" && p.trusted && !p.problem && !p.disabled)
      .map((p) => p.name);
  }

  /**
   * The monitors `/watch` starts: the built-ins of `monitors.enabled` and the trusted monitor plugins
   * dropped into the project (see `select_monitors.ts`), those that are installed.
   */
  async available(): Promise<string[]> {
    const plugins = await this.#options.host.discover();
    const installed = new Set(await this.installed());
    const selection = selectMonitors(this.#options.settings, plugins);
    for (const line of selection.notices) this.#options.onNotice?.(line);
    return selection.names.filter((name) => installed.has(name));
  }

  /** Monitors currently enabled, with those waiting for their turn to start (or the owner's, attached). */
  enabled(): string[] {
    if (this.#shared?.role === "client") return [...this.#seen].sort();
    return [...new Set([...this.#enabled, ...this.#pending])].sort();
  }

  /** "owner" when this TUI runs the project's monitors, "client" when it shows another process's. */
  role(): MonitorRole | undefined {
    return this.#shared ? this.#shared.role : this.#monitor ? "owner" : undefined;
  }

  /** Who runs the project's monitors, while sharing. */
  owner(): OwnerInfo | undefined {
    return this.#shared?.owner;
  }

  /**
   * Enables `only` (or every available monitor) and starts watching; updates go to `listener`. Resolves
   * once the first monitors (file_changes, then tests) run; the others start after it, one at a time.
   */
  async start(listener: (update: MonitorUpdate) => void, only?: string): Promise<void> {
    this.#listener = listener;
    if (this.#options.shared === false || this.#shared?.role === "owner") {
      return await this.#startOwn(only);
    }
    // Attached: the owner decides what runs.
    if (this.#shared) return;
    this.#wanted = only;
    const shared = new ProjectMonitors(this.projectDir, {
      command: "flux (TUI)",
      startOwn: async (emit, known) => {
        this.#own = emit;
        this.#known = known;
        await this.#startOwn(this.#wanted);
        return { stop: () => this.#stopOwn(), checkNow: (name) => this.#checkForClient(name) };
      },
      onRole: (role, owner, takeover) => this.#sayRole(role, owner, takeover),
      onWarning: (line) => this.#options.onNotice?.(line),
    });
    this.#shared = shared;
    try {
      await shared.start((update) => {
        if (update.type === "event") this.#seen.add(update.event.monitor);
        this.#tell(update);
      });
    } catch (error) {
      this.#shared = undefined;
      throw error;
    }
  }

  /** A line in the feed when this TUI attaches to another process's monitors or takes them over. */
  #sayRole(role: MonitorRole, owner: OwnerInfo, takeover: boolean): void {
    const title = role === "client"
      ? `🔗 This project's monitors run in pid ${owner.pid} (${owner.command}): shown here, nothing runs twice`
      : takeover
      ? "🔁 The process that ran this project's monitors ended: they run in this TUI now"
      : undefined;
    if (!title) return;
    const time = new Date().toISOString();
    this.#tell({
      type: "notification",
      notification: { time, monitor: "monitors", level: "info", title, lines: [], text: title },
    });
  }

  async #startOwn(only?: string): Promise<void> {
    const names = only ? [only] : firstThings(await this.available());
    if (only && !(await this.installed()).includes(only)) {
      throw new Error(`No monitor named "${only}": type /status to see the monitors`);
    }
    if (names.length === 0) {
      throw new Error("No monitors are installed: see flux plugins list");
    }
    const monitor = this.#monitor ??= this.#create();
    for (const name of names) this.#pending.add(name);
    // The first of `names` (and the tests, when they come next) at once, the rest later.
    const now = names.slice(0, names[1] === "tests" ? 2 : 1);
    for (const name of now) this.#enable(monitor, name);
    await monitor.start();
    // The rest a moment apart, in the background: creating a worker blocks this thread for a few
    // milliseconds and every first check starts a program, so starting all at once would starve the
    // screen of CPU on a small machine (keys would lag while monitoring starts).
    void this.#startLater(monitor, names.slice(now.length));
  }

  async #startLater(monitor: ProactiveMonitor, names: string[]): Promise<void> {
    for (const name of names) {
      await delay(STAGGER_MS);
      // Let the screen draw any key that arrived before blocking on the next worker.
      await delay(0);
      if (this.#monitor !== monitor) return;
      this.#enable(monitor, name);
    }
  }

  #enable(monitor: ProactiveMonitor, name: string): void {
    if (!this.#pending.delete(name)) return; // stopped before its turn
    this.#enabled.add(name);
    monitor.enableMonitor(name, this.#options.settings.monitors[name] ?? {});
  }

  /**
   * Runs `name`'s check now through the same coordinator as its background checks (the person asked:
   * `/test`, `/check NAME`, `r`), starting the monitor first when it is not being watched; resolves with
   * the state the check left. Its progress reaches the listener as for any check. While another process
   * owns the project's monitors, this one cannot run them: the error says where to ask.
   */
  async checkNow(
    name: string,
    listener: (update: MonitorUpdate) => void,
  ): Promise<{ status: string; summary: string; items: MonitorItem[]; started: boolean }> {
    if (name === FILE_WATCHER) {
      throw new Error(`"${name}" watches files and has no check to run: try /check tests`);
    }
    if (this.#shared?.role === "client") {
      // The owner runs it; its progress comes with the owner's other updates.
      const answer = await this.#shared.checkNow(name);
      if (!answer.ok) {
        const owner = this.#shared?.owner;
        throw new Error(
          `The ${name} check asked of pid ${owner?.pid ?? "?"} (${
            owner?.command ?? "another Flux"
          }) did not run: ${answer.error}`,
        );
      }
      return {
        status: answer.status,
        summary: answer.summary,
        items: answer.items,
        started: false,
      };
    }
    const started = !this.#enabled.has(name) && !this.#pending.has(name);
    if (started) await this.start(listener, name);
    const state = await this.#runOwn(name);
    if (!state) throw new Error(`The ${name} check was stopped before it finished`);
    return { status: state.status, summary: state.summary, items: state.items, started };
  }

  /** Runs `name`'s check in this TUI's own coordinator, enabling it first when it waits for its turn. */
  #runOwn(name: string): Promise<MonitorState | undefined> {
    if (this.#pending.has(name) && this.#monitor) this.#enable(this.#monitor, name);
    return this.#monitor?.checkNow(name) ?? Promise.resolve(undefined);
  }

  /** A check asked for by an attached process: run when this TUI watches that monitor, else said why not. */
  async #checkForClient(name: string): Promise<CheckAnswer> {
    if (name === FILE_WATCHER) {
      return { ok: false, error: `"${name}" watches files and has no check to run` };
    }
    if (this.#pending.has(name) && this.#monitor) this.#enable(this.#monitor, name);
    if (!this.#enabled.has(name)) {
      return { ok: false, error: `this TUI does not watch "${name}" (/watch ${name} there)` };
    }
    return checkAnswerOf(name, await this.#runOwn(name));
  }

  /** Disables `only`, or stops all monitoring (an attached TUI detaches; an owner hands over). */
  async stop(only?: string): Promise<void> {
    const shared = this.#shared;
    if (shared && (!only || shared.role !== "owner")) {
      if (only) {
        const owner = shared.owner;
        throw new Error(
          `The monitors run in pid ${owner?.pid ?? "?"} (${
            owner?.command ?? "another Flux"
          }): stop "${only}" there, or /unwatch to stop showing them`,
        );
      }
      this.#shared = undefined;
      this.#seen.clear();
      await shared.stop();
      return;
    }
    await this.#stopOwn(only);
  }

  async #stopOwn(only?: string): Promise<void> {
    if (!this.#monitor) return;
    if (only) {
      this.#pending.delete(only);
      this.#enabled.delete(only);
      await this.#monitor.disableMonitor(only);
      return;
    }
    this.#enabled.clear();
    this.#pending.clear();
    const monitor = this.#monitor;
    this.#monitor = undefined;
    await monitor.stop();
  }

  #create(): ProactiveMonitor {
    const monitor = new ProactiveMonitor(this.projectDir, {
      host: timedRunner(
        this.#options.host,
        (update) => this.#emit(update),
        (name) => this.#release(name),
      ),
      ...(this.#options.session ? { session: this.#options.session } : {}),
      ...(this.#options.llm ? { llm: this.#options.llm } : {}),
      ...(this.#options.settings.cooldownMs !== undefined
        ? { cooldownMs: this.#options.settings.cooldownMs }
        : {}),
      onEvent: (event) => this.#emit({ type: "event", event }),
      ...(this.#known ? { knownStates: this.#known } : {}),
    });
    monitor.addNotificationCallback((_text, notification) => {
      this.#emit({ type: "notification", notification });
    });
    return monitor;
  }

  /**
   * Lets a monitor's worker go once its whole check is done (every stage of a widening check runs in the
   * same worker): an idle worker holds ~11 MB, and the next check (usually minutes away: checks follow
   * file changes) starts a fresh one, in its own permission-scoped worker as before. The file watcher
   * stays: it runs all the time. The lint monitor keeps its previous run on disk, so nothing is lost.
   */
  #release(name: string): void {
    if (name === FILE_WATCHER || !this.#options.releaseIdleWorkers) return;
    // A monitor configured to check every few seconds keeps its worker: restarting it would cost more.
    const interval = this.#options.settings.monitors[name]?.interval;
    if (interval !== undefined && interval > 0 && interval < KEEP_BELOW_S) return;
    if (this.#options.host.list().some((p) => p.name === name && p.disabled !== undefined)) return;
    this.#options.host.enable(name).catch(() => {});
  }

  /** An update of this TUI's own monitors. */
  #emit(update: MonitorUpdate): void {
    this.#own(update);
  }

  #tell(update: MonitorUpdate): void {
    try {
      this.#listener(update);
    } catch {
      // The TUI reports its own failures; a broken listener must not stop the monitors.
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
