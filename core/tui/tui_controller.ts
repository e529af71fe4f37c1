/**
 * The TUI's engine: owns the {@linkcode TuiState}, turns keys and typed lines into {@linkcode Action}s,
 * performs them against a {@linkcode TuiBackend} and records them in the session. The Ink app and the plain
 * line mode both drive one controller. A callback that throws (a monitor, a plugin, the AI) becomes a feed
 * item; it never takes the TUI down.
 */
import type { Key } from "../deps/ink.ts";
import { EventType } from "../session/event_type.ts";
import type { MonitorUpdate } from "./tui_monitors.ts";
import { monitorUpdateEvents } from "./monitor_update_events.ts";
import { type Action, formatAction, isOneWord, parseAction } from "./action.ts";
import { completeInput } from "./complete_input.ts";
import { keyAction } from "./key_action.ts";
import { performAction } from "./perform_action.ts";
import type { TuiBackend } from "./tui_backend.ts";
import {
  initialTuiState,
  PANELS,
  reduceTui,
  type TuiEvent,
  type TuiState,
  workflowRunning,
} from "./tui_state.ts";

/** Options of {@linkcode TuiController}. */
export interface TuiControllerOptions {
  /** Called once when the user quits, after monitors stopped and the session closed. */
  onExit?: () => void;
  /** Rows one PageUp/PageDown moves the feed by (items). */
  pageSize?: number;
}

/** State plus the actions that change it. */
export class TuiController {
  readonly backend: TuiBackend;
  #state: TuiState;
  #listeners = new Set<() => void>();
  #options: TuiControllerOptions;
  #workflowAbort?: AbortController;
  #askAbort?: AbortController;
  #autofixAbort?: AbortController;
  #workflows: string[] = [];
  #plugins: string[] = [];
  /** Until start-up has read the workflow and plugin names: settles then (Tab waits for it). */
  #namesReady: Promise<void> | undefined;
  #closing?: Promise<void>;

  constructor(backend: TuiBackend, options: TuiControllerOptions = {}) {
    this.backend = backend;
    this.#options = options;
    this.#state = initialTuiState(backend.projectDir.split("/").pop() || backend.projectDir);
  }

  /** The current state (a new object after every change). */
  get state(): TuiState {
    return this.#state;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Applies one event and tells the listeners. */
  dispatch(event: TuiEvent): void {
    this.#state = reduceTui(this.#state, event);
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch (error) {
        console.error(`Flux TUI listener failed: ${messageOf(error)}`);
      }
    }
  }

  /** Shows a line in the feed. */
  say(level: "ok" | "fail" | "warn" | "info", title: string, lines: string[] = []): void {
    this.dispatch({ type: "feed", level, title, lines });
  }

  /** Sets or clears the hint under the command line. */
  setHint(hint: string | undefined): void {
    if (hint !== this.#state.hint) {
      this.dispatch(hint === undefined ? { type: "hint" } : { type: "hint", text: hint });
    }
  }

  /**
   * Opens the session (banner or welcome), reads the branch and workflows, asks about untrusted plugins and
   * starts monitoring when configured: {@linkcode open} then {@linkcode startBackground}. Each part that
   * fails is reported and the rest goes on.
   */
  async start(): Promise<void> {
    await this.open();
    await this.startBackground();
  }

  /** Opens the session and shows the banner (or a welcome): all the first frame needs. */
  async open(): Promise<void> {
    this.backend.onWarning((line) => {
      // Plugins stopped mid-check while quitting warn about it; that is expected, not news.
      if (!this.#state.quitting) this.say("warn", "⚠️  Warning", [line]);
    });
    await this.guard("Cannot open the session", async () => {
      const opened = await this.backend.open();
      this.dispatch({
        type: "opened",
        banner: opened.banner,
        sessionStartedAt: opened.sessionStartedAt,
        history: opened.history ?? [],
        ...(opened.task ? { task: opened.task } : {}),
      });
      if (opened.tests) this.dispatch({ type: "tests", counts: opened.tests });
      const [title = "👋 Welcome to Flux", ...rest] = opened.banner;
      const welcome = [
        "Type /help for commands, or ask a question.",
        "Press ? for keys, q to quit.",
      ];
      this.say(
        "info",
        opened.resumed ? title : "👋 Welcome to Flux",
        opened.resumed ? rest : welcome,
      );
    });
  }

  /**
   * The rest of start-up, after the first frame: earlier input, the store's check (off this thread), branch,
   * names, plugin consent, monitoring.
   */
  async startBackground(): Promise<void> {
    let namesRead = () => {};
    const ready = new Promise<void>((resolve) => namesRead = resolve);
    this.#namesReady = ready;
    try {
      await this.guard("Cannot read earlier input", async () => {
        const entries = await this.backend.history();
        if (entries.length > 0) this.dispatch({ type: "history", entries });
      });
      void this.guard("Cannot check the session store", () => this.backend.checkStore());
      await this.#readStartupNames();
    } finally {
      if (this.#namesReady === ready) this.#namesReady = undefined;
      namesRead();
    }
    if (await this.backend.autoWatch().catch(() => true)) {
      await this.perform({ type: "watch" }, false);
    }
  }

  async #readStartupNames(): Promise<void> {
    await this.guard("Cannot read the git branch", async () => {
      const branch = await this.backend.branch();
      if (branch) this.dispatch({ type: "branch", branch });
    });
    await this.guard("Cannot list workflows", async () => {
      this.#workflows = await this.backend.workflowNames();
    });
    await this.guard("Cannot list plugins", async () => {
      const plugins = await this.backend.plugins();
      this.#plugins = plugins.map((p) => p.name);
      for (const plugin of plugins) {
        if (plugin.trusted || plugin.builtIn || plugin.denied || plugin.problem !== undefined) {
          continue;
        }
        this.dispatch({
          type: "consent_needed",
          request: { plugin: plugin.name, description: plugin.description, allows: plugin.allows },
        });
      }
    });
  }

  /** Workflow, monitor and plugin names for Tab completion. */
  async refreshNames(): Promise<void> {
    await this.guard("Cannot list workflows", async () => {
      this.#workflows = await this.backend.workflowNames();
    });
    await this.guard("Cannot list plugins", async () => {
      this.#plugins = (await this.backend.plugins()).map((p) => p.name);
    });
  }

  /** Handles one key press from Ink. */
  handleKey(input: string, key: Partial<Key>): void {
    // A paste, or keys typed faster than a frame, arrive as one chunk: each line ending in it is an Enter.
    if (input.length > 1 && /[\r\n]/.test(input) && !key.ctrl && !key.meta) {
      const lines = input.split(/\r\n|\r|\n/);
      const rest = lines.pop() ?? "";
      for (const line of lines) {
        if (line !== "") this.handleKey(line, {});
        this.handleKey("", { return: true });
      }
      if (rest !== "") this.handleKey(rest, {});
      return;
    }
    // Likewise a Tab typed right after text (the screen's thread was busy a moment): the text, then Tab.
    if (input.length > 1 && input.includes("\t") && !key.ctrl && !key.meta) {
      const [first = "", ...after] = input.split("\t");
      if (first !== "") this.handleKey(first, {});
      for (const part of after) {
        this.handleKey("", { tab: true });
        if (part !== "") this.handleKey(part, {});
      }
      return;
    }
    const result = keyAction(input, key, this.#state);
    if (result.kind !== "none" && result.kind !== "action") this.setHint(undefined);
    switch (result.kind) {
      case "action":
        void this.perform(result.action, result.action.type === "quit");
        return;
      case "input":
        this.dispatch({ type: "input", text: result.text });
        return;
      case "submit":
        void this.submit(result.line);
        return;
      case "complete": {
        // A Tab pressed before start-up has read the names (typed fast, a busy machine) completes once
        // they are there, unless the input changed meanwhile.
        const input = this.#state.input;
        const complete = () => {
          if (this.#state.input !== input) return;
          const sources = {
            workflows: this.#workflows,
            monitors: this.backend.monitorNames(),
            plugins: this.#plugins,
          };
          this.dispatch({ type: "input", text: completeInput(input, sources) });
        };
        if (this.#namesReady) void this.#namesReady.then(complete);
        else complete();
        return;
      }
      case "recall":
        this.dispatch({ type: "recall", direction: result.direction });
        return;
      case "consent":
        void this.answerConsent(result.grant);
        return;
      case "none":
        return;
    }
  }

  /** Parses and performs one typed line; a malformed command becomes the hint. */
  async submit(line: string): Promise<void> {
    this.dispatch({ type: "submitted", line });
    let action: Action;
    try {
      // A one-word line may name a workflow made since start-up: read the names again first.
      if (
        isOneWord(line) && !line.trim().startsWith("/") && !this.#workflows.includes(line.trim())
      ) {
        await this.guard("Cannot list workflows", async () => {
          this.#workflows = await this.backend.workflowNames();
        });
      }
      action = parseAction(line, { workflows: this.#workflows });
    } catch (error) {
      this.setHint(messageOf(error));
      return;
    }
    this.setHint(undefined);
    // Questions are recorded as message events by the AI (backend.ask); everything else as a command.
    if (action.type !== "ask") {
      const data = { command: formatAction(action), input: line, source: "tui" };
      await this.guard(
        "Cannot record the command",
        () => this.backend.record(EventType.COMMAND, data),
      );
    }
    await this.perform(action, false);
  }

  /** Performs `action`; `fromKey` tells a key press from a typed command (only keys arm quitting). */
  async perform(action: Action, fromKey = false): Promise<void> {
    await this.guard(
      `Cannot do "${formatAction(action)}"`,
      () => performAction(this, action, fromKey),
    );
  }

  /** Feeds one monitoring update in; a malformed one is dropped with a note, never thrown. */
  onMonitorUpdate(update: MonitorUpdate): void {
    try {
      for (const event of monitorUpdateEvents(update, this.#state)) this.dispatch(event);
    } catch (error) {
      this.say("warn", "⚠️  A monitor update could not be shown", [messageOf(error)]);
    }
  }

  /** Names known for completion. */
  get workflowNames(): string[] {
    return this.#workflows;
  }

  /** Starts a workflow run's abort controller; aborting it stops the run. */
  newWorkflowSignal(): AbortSignal {
    this.#workflowAbort = new AbortController();
    return this.#workflowAbort.signal;
  }

  /** Starts an AI question's abort controller, cancelling the previous question. */
  newAskSignal(): AbortSignal {
    this.#askAbort?.abort();
    this.#askAbort = new AbortController();
    return this.#askAbort.signal;
  }

  /** An `/autofix` run's abort controller (quitting stops its fixers). */
  newAutofixSignal(): AbortSignal {
    this.#autofixAbort = new AbortController();
    return this.#autofixAbort.signal;
  }

  /** Quits: the first request while a workflow runs only arms; the second (or any other) leaves. */
  quit(): Promise<void> {
    if (workflowRunning(this.#state) && !this.#state.quitArmed) {
      this.dispatch({ type: "quit_armed", armed: true });
      this.setHint("A workflow is running: press q or Ctrl-C again to stop it and quit");
      return Promise.resolve();
    }
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.dispatch({ type: "quitting" });
    this.#workflowAbort?.abort();
    this.#askAbort?.abort();
    this.#autofixAbort?.abort();
    // Let the workflow's process groups get their SIGTERM (then SIGKILL) before the session closes.
    await this.#workflowEnded(5000);
    await this.guard("Cannot stop the monitors", () => this.backend.stopMonitors());
    await this.guard("Cannot close the session", () => this.backend.close());
    this.#options.onExit?.();
  }

  #workflowEnded(timeoutMs: number): Promise<void> {
    if (!workflowRunning(this.#state)) return Promise.resolve();
    const { promise, resolve } = Promise.withResolvers<void>();
    const timer = setTimeout(resolve, timeoutMs);
    const unsubscribe = this.subscribe(() => {
      if (!workflowRunning(this.#state)) resolve();
    });
    return promise.finally(() => {
      clearTimeout(timer);
      unsubscribe();
    });
  }

  /** Answers the first consent prompt: trust the plugin, or keep it off. */
  async answerConsent(grant: boolean): Promise<void> {
    const request = this.#state.consent[0];
    if (!request) return;
    this.dispatch({ type: "consent_done", plugin: request.plugin });
    await this.perform(
      grant
        ? { type: "trust_plugin", name: request.plugin }
        : { type: "deny_plugin", name: request.plugin },
    );
  }

  /** Page size for PageUp/PageDown, in feed items. */
  get pageSize(): number {
    return this.#options.pageSize ?? 3;
  }

  /** The panel after the focused one. */
  nextPanel(): void {
    const at = PANELS.indexOf(this.#state.focus);
    this.dispatch({ type: "focus", panel: PANELS[(at + 1) % PANELS.length] ?? "command" });
  }

  /** Runs `work`; a throw becomes a warning in the feed, never a crash. */
  async guard(what: string, work: () => Promise<unknown> | unknown): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.say("warn", `⚠️  ${what}`, [messageOf(error)]);
    }
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
