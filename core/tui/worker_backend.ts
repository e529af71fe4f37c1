/**
 * The {@linkcode TuiBackend} the TUI runs on: what the first frame and the command line need (the session's
 * resume summary, earlier input, recording typed commands) stays on the screen's thread, where it is a few
 * indexed queries; everything else (monitoring, workflows, plugins, the AI, and the store's full check) runs
 * in the backend worker (`backend_worker.ts`), started after the first frame. Why: creating a plugin's
 * worker blocks the creating thread for 20-100 ms, a check's events are SQLite commits, and a workflow's
 * output is parsed as it arrives; on the screen's thread each of those stalls a key press.
 */
import type { EventType } from "../session/event_type.ts";
import { FluxBackend, type FluxBackendOptions } from "./flux_backend.ts";
import { workerOptionsEnabled } from "../plugin_host/worker_options.ts";
import type { MonitorUpdate } from "./tui_monitors.ts";
import type { AutofixReport } from "../autofix/run_autofix.ts";
import type {
  CheckVerdict,
  OpenedSession,
  PluginInfo,
  StepProgress,
  TuiBackend,
  WorkflowOutcome,
} from "./tui_backend.ts";

/** The methods the worker performs. */
export type BackendMethod =
  | "init"
  | "quickCheck"
  | "open"
  | "autoWatch"
  | "branch"
  | "workflowNames"
  | "workflowSteps"
  | "runWorkflow"
  | "startMonitors"
  | "stopMonitors"
  | "checkMonitor"
  | "autofix"
  | "plugins"
  | "trustPlugin"
  | "denyPlugin"
  | "ask"
  | "close";

/** From the TUI to the worker: a call, or aborting the call `id` (a workflow run, a question). */
export type BackendRequest =
  | { kind: "call"; id: number; method: BackendMethod; args: unknown[] }
  | { kind: "abort"; id: number };

/**
 * From the worker: the outcome of call `id` (with the monitor names as they are after it), a callback of
 * call `id` (a monitor update, a workflow step's progress, an answer's text), or a warning for the feed.
 */
export type BackendReply =
  | { kind: "result"; id: number; value: unknown; monitorNames: string[] }
  | { kind: "error"; id: number; message: string; monitorNames: string[] }
  | { kind: "callback"; id: number; value: unknown }
  | { kind: "warning"; line: string };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface CallOptions {
  onCallback?: (value: unknown) => void;
  /** Keep taking callbacks after the call returned (monitor updates outlive `startMonitors`). */
  lasting?: boolean;
  signal?: AbortSignal;
}

/** The TUI's backend: the session on this thread, the rest in a worker. */
export class WorkerBackend implements TuiBackend {
  readonly projectDir: string;
  #options: FluxBackendOptions;
  /** The session part (open, history, recording), used on this thread. */
  #local: FluxBackend;
  #worker: Worker | undefined;
  #ready?: Promise<void>;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #callbacks = new Map<number, (value: unknown) => void>();
  #monitorNames: string[] = [];
  #warn: (line: string) => void = () => {};
  #closed = false;

  constructor(projectDir: string, options: FluxBackendOptions = {}) {
    this.projectDir = projectDir;
    this.#options = options;
    this.#local = new FluxBackend(projectDir, options);
  }

  onWarning(sink: (line: string) => void): void {
    this.#warn = sink;
    this.#local.onWarning(sink);
  }

  open(): Promise<OpenedSession> {
    return this.#local.open();
  }

  history(): Promise<string[]> {
    return this.#local.history();
  }

  /** Starts the worker, which checks the store first (a damaged one is replaced here) and opens it. */
  checkStore(): Promise<void> {
    this.#ready ??= this.#start();
    return this.#ready;
  }

  record(type: EventType, data: Record<string, unknown>): void {
    this.#local.record(type, data);
  }

  setTask(text: string): void {
    this.#local.setTask(text);
  }

  recentActivity(limit: number): Promise<string[]> {
    return this.#local.recentActivity(limit);
  }

  async autoWatch(): Promise<boolean> {
    return Boolean(await this.#call("autoWatch", []));
  }

  async branch(): Promise<string | undefined> {
    const branch = await this.#call("branch", []);
    return typeof branch === "string" ? branch : undefined;
  }

  async workflowNames(): Promise<string[]> {
    return await this.#call("workflowNames", []) as string[];
  }

  async workflowSteps(name: string): Promise<string[]> {
    return await this.#call("workflowSteps", [name]) as string[];
  }

  async runWorkflow(
    name: string,
    onProgress: (progress: StepProgress) => void,
    signal: AbortSignal,
  ): Promise<WorkflowOutcome> {
    const onCallback = (value: unknown) => onProgress(value as StepProgress);
    return await this.#call("runWorkflow", [name], { onCallback, signal }) as WorkflowOutcome;
  }

  monitorNames(): string[] {
    return this.#monitorNames;
  }

  async startMonitors(onUpdate: (update: MonitorUpdate) => void, only?: string): Promise<void> {
    const onCallback = (value: unknown) => onUpdate(value as MonitorUpdate);
    await this.#call("startMonitors", [only], { onCallback, lasting: true });
  }

  async stopMonitors(only?: string): Promise<void> {
    if (!this.#ready) return; // nothing was started
    await this.#call("stopMonitors", [only]);
  }

  async checkMonitor(
    monitor: string,
    onUpdate: (update: MonitorUpdate) => void,
  ): Promise<CheckVerdict> {
    // A monitor the check starts keeps reporting to this listener afterwards.
    const onCallback = (value: unknown) => onUpdate(value as MonitorUpdate);
    return await this.#call("checkMonitor", [monitor], {
      onCallback,
      lasting: true,
    }) as CheckVerdict;
  }

  async autofix(onProgress: (line: string) => void, signal: AbortSignal): Promise<AutofixReport> {
    const onCallback = (value: unknown) => onProgress(String(value));
    return await this.#call("autofix", [], { onCallback, signal }) as AutofixReport;
  }

  async plugins(): Promise<PluginInfo[]> {
    return await this.#call("plugins", []) as PluginInfo[];
  }

  async trustPlugin(name: string): Promise<void> {
    await this.#call("trustPlugin", [name]);
  }

  async denyPlugin(name: string): Promise<void> {
    await this.#call("denyPlugin", [name]);
  }

  async ask(question: string, onChunk: (text: string) => void, signal: AbortSignal): Promise<void> {
    const onCallback = (value: unknown) => onChunk(String(value));
    await this.#call("ask", [question], { onCallback, signal });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#worker) {
        await this.#ready;
        await this.#send("close", []);
      }
    } finally {
      // Whatever the worker said (or if it is gone), its thread ends and the session here is closed.
      this.#worker?.terminate();
      this.#worker = undefined;
      for (const pending of this.#pending.values()) pending.reject(new Error("The TUI is closing"));
      this.#pending.clear();
      this.#callbacks.clear();
      await this.#local.close();
    }
  }

  async #start(): Promise<void> {
    const worker = new Worker(new URL("./backend_worker.ts", import.meta.url), { type: "module" });
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<BackendReply>) => this.#receive(event.data);
    worker.onerror = (event) => {
      // An error thrown while the worker starts (or one it could not catch): calls in flight fail with it.
      event.preventDefault();
      // The worker has ended: later calls fail at once with a message instead of waiting forever.
      worker.terminate();
      if (this.#worker === worker) this.#worker = undefined;
      const error = new Error(`The backend worker failed: ${event.message}`);
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      this.#warn(error.message);
    };
    // Plugins run in permission-scoped workers only when this process allows those (see worker_options.ts).
    await this.#send("init", [
      this.projectDir,
      this.#options.incognito === true,
      workerOptionsEnabled(),
    ]);
    const file = this.#local.storePath();
    const problem = file ? await this.#send("quickCheck", [file]) : null;
    if (typeof problem === "string") this.#local.replaceDamagedStore();
    await this.#send("open", []);
  }

  /** A call once the worker has started and opened the session. */
  async #call(method: BackendMethod, args: unknown[], options: CallOptions = {}): Promise<unknown> {
    if (this.#closed) throw new Error("The TUI is closing");
    await this.checkStore();
    return this.#send(method, args, options);
  }

  #send(method: BackendMethod, args: unknown[], options: CallOptions = {}): Promise<unknown> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(new Error("The backend worker is not running"));
    const id = this.#nextId++;
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    this.#pending.set(id, { resolve, reject });
    if (options.onCallback) this.#callbacks.set(id, options.onCallback);
    const abort = () => worker.postMessage({ kind: "abort", id } satisfies BackendRequest);
    worker.postMessage({ kind: "call", id, method, args } satisfies BackendRequest);
    options.signal?.addEventListener("abort", abort, { once: true });
    if (options.signal?.aborted) abort();
    return promise.finally(() => {
      options.signal?.removeEventListener("abort", abort);
      if (!options.lasting) this.#callbacks.delete(id);
    });
  }

  #receive(reply: BackendReply): void {
    if (reply.kind === "warning") {
      this.#warn(reply.line);
      return;
    }
    if (reply.kind === "callback") {
      this.#callbacks.get(reply.id)?.(reply.value);
      return;
    }
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    this.#monitorNames = reply.monitorNames;
    if (reply.kind === "result") pending.resolve(reply.value);
    else pending.reject(new Error(reply.message));
  }
}
