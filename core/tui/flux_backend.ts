/**
 * {@linkcode TuiBackend} over the real Flux modules: the session store, the monitoring coordinator, the
 * workflow engine, the plugin host and the AI.
 */
import { configSection, loadConfig } from "../config/load_config.ts";
import { runProcess } from "../process/run_process.ts";
import { EventType } from "../session/event_type.ts";
import { describeEvent } from "../session/describe_event.ts";
import { SessionManager } from "../session/session_manager.ts";
import { createFailureAnalyzer } from "../ai/create_failure_analyzer.ts";
import { BuiltinAnalyzer } from "../monitor/builtin_analyzer.ts";
import { monitorSettings } from "../monitor/monitor_settings.ts";
import { type MonitorUpdate, TuiMonitors } from "./tui_monitors.ts";
import { askQuestion } from "../ai/ask_question.ts";
import { NoModelError } from "../ai/no_model_error.ts";
import { answerWithoutModel } from "../ai/answer_without_model.ts";
import { WorkflowManager } from "../workflow/workflow_manager.ts";
import { WorkflowExecutor } from "../workflow/workflow_executor.ts";
import { workflowEventData } from "../workflow/record_workflow_run.ts";
import { PluginHost } from "../plugin_host/plugin_host.ts";
import { describePermissions } from "../plugin_host/describe_permissions.ts";
import { PluginDenials } from "./plugin_denials.ts";
import { runAutofix } from "../autofix/run_autofix.ts";
import type { AutofixReport } from "../autofix/run_autofix.ts";
import { autofixTools } from "../autofix/autofix_tools.ts";
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

  constructor(projectDir: string, options: FluxBackendOptions = {}) {
    this.projectDir = projectDir;
    this.#options = options;
  }

  onWarning(sink: (line: string) => void): void {
    this.#warn = sink;
  }

  async autoWatch(): Promise<boolean> {
    const tui = configSection(await loadConfig(this.projectDir), "tui");
    return typeof tui.auto_watch === "boolean" ? tui.auto_watch : true;
  }

  open(): Promise<OpenedSession> {
    const sessions = new SessionManager(this.projectDir, {
      ...(this.#options.incognito ? { incognito: true } : {}),
      verify: "set-aside",
      onWarning: (line) => this.#warn(line),
    });
    this.#session = sessions;
    const last = sessions.loadLastSession();
    const session = last ?? sessions.startNewSession();
    const banner = last ? sessions.getSessionSummary(last).split("\n") : [];
    const inputs = sessions.recentEvents({
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
    const tests = session.state.testStatus;
    return Promise.resolve({
      resumed: last !== null,
      banner: trimBlank(banner),
      sessionStartedAt: session.startTime.getTime(),
      history: history.slice(-HISTORY_RESTORED),
      ...(session.state.currentTask ? { task: session.state.currentTask } : {}),
      ...(tests
        ? { tests: { total: tests.total, passed: tests.passed, failed: tests.failed } }
        : {}),
    });
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

  workflowNames(): Promise<string[]> {
    return new WorkflowManager(this.projectDir).listWorkflows();
  }

  async workflowSteps(name: string): Promise<string[]> {
    const plan = await new WorkflowManager(this.projectDir).getWorkflow(name);
    return plan ? plan.steps.map((s) => s.name) : [];
  }

  async runWorkflow(
    name: string,
    onProgress: (progress: StepProgress) => void,
    signal: AbortSignal,
  ): Promise<WorkflowOutcome> {
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
    return await runAutofix(this.projectDir, {
      session: this.#sessions(),
      signal,
      onProgress,
      tools: await autofixTools(this.projectDir),
    });
  }

  async #tuiMonitors(): Promise<TuiMonitors> {
    if (!this.#monitors) {
      const session = this.#sessions();
      const settings = monitorSettings(await loadConfig(this.projectDir));
      const analyzer = await createFailureAnalyzer(this.projectDir, { session, fallback: false });
      this.#monitors = new TuiMonitors(this.projectDir, {
        host: this.#host(),
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
    const found = await this.#host().discover();
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
    await this.#host().trust(name);
    await new PluginDenials(this.projectDir).forget(name);
  }

  async denyPlugin(name: string): Promise<void> {
    const plugin = (await this.#host().discover()).find((p) => p.name === name);
    if (!plugin) throw new Error(`No plugin named "${name}": type /plugins to see them`);
    if (plugin.trust === "builtin") {
      throw new Error(`Plugin "${name}" is built in: turn it off in .flux/config.yaml instead`);
    }
    if (plugin.hash) await new PluginDenials(this.projectDir).deny(name, plugin.hash);
  }

  async ask(question: string, onChunk: (text: string) => void, signal: AbortSignal): Promise<void> {
    const sessions = this.#sessions();
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
    await this.#monitors?.stop();
    await this.#pluginHost?.close();
    this.#session?.close();
  }

  #host(): PluginHost {
    this.#pluginHost ??= new PluginHost(this.projectDir, { onWarning: (line) => this.#warn(line) });
    return this.#pluginHost;
  }

  #sessions(): SessionManager {
    if (!this.#session) throw new Error("The session is not open yet: call open() first");
    return this.#session;
  }
}

function trimBlank(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && (out[out.length - 1] ?? "").trim() === "") out.pop();
  return out;
}
