/**
 * {@linkcode TuiBackend} over the real Flux modules: the session store, the monitoring coordinator, the
 * workflow engine, the plugin host and the AI.
 */
import { runProcess } from "../process/run_process.ts";
import { EventType } from "../session/event_type.ts";
import { describeEvent } from "../session/describe_event.ts";
import { SessionManager, type SessionManagerOptions } from "../session/session_manager.ts";
import type { MonitorUpdate, TuiMonitors } from "./tui_monitors.ts";
import type { PluginHost } from "../plugin_host/plugin_host.ts";
import type { AutofixReport } from "../autofix/run_autofix.ts";
import type {
  CheckVerdict,
  OpenedSession,
  PluginInfo,
  StepProgress,
  TuiBackend,
  WorkflowOutcome,
} from "./tui_backend.ts";

/** Options of {@linkcode FluxBackend}. */
export interface FluxBackendOptions {
  /** Record nothing (`flux --incognito`). */
  incognito?: boolean;
}

/** The monitoring, plugin and configuration modules, loaded on first use. */
const parts = () => import("./_backend_parts.ts");
/** Running a workflow, `/ask` and `/autofix`: loaded the first time one of them runs. */
const runParts = () => import("./_run_parts.ts");

/** Most earlier inputs restored for up/down recall. */
const HISTORY_RESTORED = 200;

/** The TUI's access to Flux for one project. */
export class FluxBackend implements TuiBackend {
  readonly projectDir: string;
  #options: FluxBackendOptions;
  #session?: SessionManager;
  #pluginHost?: PluginHost;
  #monitors?: TuiMonitors;
  #available: string[] = [];
  #warn: (line: string) => void = () => {};
  #checked?: Promise<void>;

  constructor(projectDir: string, options: FluxBackendOptions = {}) {
    this.projectDir = projectDir;
    this.#options = options;
  }

  onWarning(sink: (line: string) => void): void {
    this.#warn = sink;
  }

  async autoWatch(): Promise<boolean> {
    const { configSection, loadConfig } = await parts();
    const tui = configSection(await loadConfig(this.projectDir), "tui");
    return typeof tui.auto_watch === "boolean" ? tui.auto_watch : true;
  }

  open(): Promise<OpenedSession> {
    // No `PRAGMA quick_check` here: it reads the whole file (100 ms and more for a large store) and would
    // hold back the first frame; checkStore() runs it on another thread once the screen is up.
    const sessions = new SessionManager(this.projectDir, this.#sessionOptions());
    this.#session = sessions;
    const last = sessions.loadLastSession();
    const session = last ?? sessions.startNewSession();
    const banner = last ? sessions.getSessionSummary(last).split("\n") : [];
    const tests = session.state.testStatus;
    return Promise.resolve({
      resumed: last !== null,
      banner: trimBlank(banner),
      sessionStartedAt: session.startTime.getTime(),
      ...(session.state.currentTask ? { task: session.state.currentTask } : {}),
      ...(tests
        ? { tests: { total: tests.total, passed: tests.passed, failed: tests.failed } }
        : {}),
    });
  }

  history(): Promise<string[]> {
    const inputs = this.#sessions().recentEvents({
      types: [EventType.COMMAND, EventType.MESSAGE],
      limit: HISTORY_RESTORED * 2,
    });
    const history: string[] = [];
    for (const event of inputs) {
      // Typed TUI commands, and every question (the TUI's and `flux ask`'s).
      if (event.type === EventType.COMMAND && event.data.source !== "tui") continue;
      if (event.type === EventType.MESSAGE && event.data.role !== "user") continue;
      const text = event.type === EventType.COMMAND ? event.data.input : event.data.content;
      if (typeof text === "string" && text !== "") history.push(text);
    }
    return Promise.resolve(history.slice(-HISTORY_RESTORED));
  }

  checkStore(): Promise<void> {
    this.#checked ??= this.#checkStore();
    return this.#checked;
  }

  async #checkStore(): Promise<void> {
    const file = this.storePath();
    if (file === undefined) return;
    const problem = await quickCheckOffThread(file);
    if (problem !== null) this.replaceDamagedStore();
  }

  /** The session store's file; undefined before open() and when incognito (nothing is on disk). */
  storePath(): string | undefined {
    return this.#options.incognito ? undefined : this.#session?.dbPath;
  }

  /**
   * After `PRAGMA quick_check` found the store damaged: opens it the way every other command does, which
   * checks again (rare, so on this thread), moves the file aside with a one-line warning and starts a fresh
   * store. The resumed session was read from the old file; what is recorded from now on goes to the new one.
   */
  replaceDamagedStore(): void {
    const sessions = this.#sessions();
    try {
      sessions.close();
    } catch {
      // A damaged store may fail its last checkpoint; the file is moved aside next.
    }
    const fresh = new SessionManager(this.projectDir, {
      ...this.#sessionOptions(),
      verify: "set-aside",
    });
    fresh.loadLastSession() ?? fresh.startNewSession();
    this.#session = fresh;
  }

  #sessionOptions(): SessionManagerOptions {
    return {
      ...(this.#options.incognito ? { incognito: true } : {}),
      onWarning: (line: string) => this.#warn(line),
    };
  }

  record(type: EventType, data: Record<string, unknown>): void {
    this.#sessions().recordEvent(type, data);
  }

  setTask(text: string): void {
    this.#sessions().setCurrentTask(text);
  }

  recentActivity(limit: number): Promise<string[]> {
    const events = this.#sessions().recentEvents({ limit });
    return Promise.resolve(
      events.reverse().map((e) => `${e.type}: ${describeEvent(e.type, e.data)}`),
    );
  }

  async branch(): Promise<string | undefined> {
    // `--show-current` also names the branch of a repository with no commits yet.
    const result = await runProcess("git", ["branch", "--show-current"], {
      cwd: this.projectDir,
      timeoutMs: 3000,
    });
    const branch = result.stdout.trim();
    return result.code === 0 && branch !== "" ? branch : undefined;
  }

  async workflowNames(): Promise<string[]> {
    const { WorkflowManager } = await parts();
    return new WorkflowManager(this.projectDir).listWorkflows();
  }

  async workflowSteps(name: string): Promise<string[]> {
    const { WorkflowManager } = await parts();
    const plan = await new WorkflowManager(this.projectDir).getWorkflow(name);
    return plan ? plan.steps.map((s) => s.name) : [];
  }

  async runWorkflow(
    name: string,
    onProgress: (progress: StepProgress) => void,
    signal: AbortSignal,
  ): Promise<WorkflowOutcome> {
    const [{ WorkflowManager }, { WorkflowExecutor, workflowEventData }] = await Promise.all([
      parts(),
      runParts(),
    ]);
    const plan = await new WorkflowManager(this.projectDir).getWorkflow(name);
    if (!plan) {
      throw new Error(`No workflow named "${name}": type /wf list to see them`);
    }
    const sessions = this.#sessions();
    const executor = new WorkflowExecutor({
      projectDir: this.projectDir,
      signal,
      record: (result) => {
        sessions.recordEvent(EventType.WORKFLOW, workflowEventData(result));
      },
    });
    executor.addProgressCallback(onProgress);
    const result = await executor.execute(plan);
    return {
      success: result.success,
      elapsedMs: Math.round(result.elapsed * 1000),
      results: result.results.map((r) => ({
        step: r.step,
        success: r.success,
        ...(r.result.error ?? r.result.reason ? { detail: r.result.error ?? r.result.reason } : {}),
      })),
      ...(result.error ? { error: result.error } : {}),
    };
  }

  monitorNames(): string[] {
    const enabled = this.#monitors?.enabled() ?? [];
    return enabled.length > 0 ? enabled : this.#available;
  }

  async startMonitors(onUpdate: (update: MonitorUpdate) => void, only?: string): Promise<void> {
    const monitors = await this.#tuiMonitors();
    this.#available = await monitors.available();
    await monitors.start(onUpdate, only);
  }

  async checkMonitor(
    monitor: string,
    onUpdate: (update: MonitorUpdate) => void,
  ): Promise<CheckVerdict> {
    const monitors = await this.#tuiMonitors();
    const verdict = await monitors.checkNow(monitor, onUpdate);
    const status = verdict.status === "ok" || verdict.status === "fail"
      ? verdict.status
      : "unknown";
    return { ...verdict, status };
  }

  async autofix(onProgress: (line: string) => void, signal: AbortSignal): Promise<AutofixReport> {
    const { autofixTools, runAutofix } = await runParts();
    return await runAutofix(this.projectDir, {
      session: this.#sessions(),
      signal,
      onProgress,
      tools: await autofixTools(this.projectDir),
    });
  }

  async #tuiMonitors(): Promise<TuiMonitors> {
    if (!this.#monitors) {
      // Monitors record into the store: into the fresh one if the check moved a damaged file aside.
      await this.#checked;
      const session = this.#sessions();
      const { BuiltinAnalyzer, createFailureAnalyzer, loadConfig, monitorSettings, TuiMonitors } =
        await parts();
      const settings = monitorSettings(await loadConfig(this.projectDir));
      const analyzer = await createFailureAnalyzer(this.projectDir, { session, fallback: false });
      this.#monitors = new TuiMonitors(this.projectDir, {
        host: await this.#host(),
        settings,
        session,
        ...(analyzer instanceof BuiltinAnalyzer ? {} : { llm: analyzer }),
        onNotice: (line) => this.#warn(line),
      });
    }
    return this.#monitors;
  }

  async stopMonitors(only?: string): Promise<void> {
    await this.#monitors?.stop(only);
  }

  async plugins(): Promise<PluginInfo[]> {
    const { describePermissions, PluginDenials } = await parts();
    const found = await (await this.#host()).discover();
    const denials = new PluginDenials(this.projectDir);
    const denied = new Set<string>();
    for (const p of found) {
      if (!p.trusted && await denials.isDenied(p.name, p.hash)) denied.add(p.name);
    }
    return found.map((p) => ({
      name: p.name,
      kind: p.manifest?.kind ?? "broken",
      description: [
        p.manifest?.description ?? "",
        p.trust === "changed" ? "Its files or permissions changed since you trusted it." : "",
      ].filter(Boolean).join(" "),
      trusted: p.trusted,
      builtIn: p.trust === "builtin",
      ...(denied.has(p.name) ? { denied: true } : {}),
      allows: p.manifest ? describePermissions(p.manifest.permissions, p.manifest.programs) : [],
      ...(p.problem ? { problem: p.problem } : {}),
    }));
  }

  async trustPlugin(name: string): Promise<void> {
    const { PluginDenials } = await parts();
    await (await this.#host()).trust(name);
    await new PluginDenials(this.projectDir).forget(name);
  }

  async denyPlugin(name: string): Promise<void> {
    const { PluginDenials } = await parts();
    const plugin = (await (await this.#host()).discover()).find((p) => p.name === name);
    if (!plugin) throw new Error(`No plugin named "${name}": type /plugins to see them`);
    if (plugin.trust === "builtin") {
      throw new Error(`Plugin "${name}" is built in: turn it off in .flux/config.yaml instead`);
    }
    if (plugin.hash) await new PluginDenials(this.projectDir).deny(name, plugin.hash);
  }

  async ask(question: string, onChunk: (text: string) => void, signal: AbortSignal): Promise<void> {
    const sessions = this.#sessions();
    const { answerWithoutModel, askQuestion, NoModelError } = await runParts();
    try {
      await askQuestion(sessions, question, { onChunk, signal });
    } catch (error) {
      if (!(error instanceof NoModelError)) throw error;
      // askQuestion records nothing when there is no model; keep the question for history and context.
      sessions.recordEvent(EventType.MESSAGE, { role: "user", content: question, source: "tui" });
      const { known, help } = await answerWithoutModel(sessions, signal);
      onChunk(`${known}\n\n${help}`);
    }
  }

  async close(): Promise<void> {
    await this.#checked;
    await this.#monitors?.stop();
    await this.#pluginHost?.close();
    this.#session?.close();
  }

  async #host(): Promise<PluginHost> {
    const { PluginHost } = await parts();
    this.#pluginHost ??= new PluginHost(this.projectDir, { onWarning: (line) => this.#warn(line) });
    return this.#pluginHost;
  }

  #sessions(): SessionManager {
    if (!this.#session) throw new Error("The session is not open yet: call open() first");
    return this.#session;
  }
}

/**
 * `PRAGMA quick_check` of the store at `file` in a worker of its own, so the screen keeps drawing and reading
 * keys while SQLite reads the whole file; `null` when the store is sound.
 */
function quickCheckOffThread(file: string): Promise<string | null> {
  const worker = new Worker(new URL("./store_check_worker.ts", import.meta.url), {
    type: "module",
  });
  const { promise, resolve } = Promise.withResolvers<string | null>();
  worker.onmessage = (event: MessageEvent<string | null>) => resolve(event.data);
  // A worker that cannot start says nothing about the file: the queries' own damage handling still holds.
  worker.onerror = (event) => {
    event.preventDefault();
    resolve(null);
  };
  worker.postMessage({ file });
  return promise.finally(() => worker.terminate());
}

function trimBlank(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && (out[out.length - 1] ?? "").trim() === "") out.pop();
  return out;
}
