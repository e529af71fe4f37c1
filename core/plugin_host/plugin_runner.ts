/**
 * Supervises one plugin: starts it (hello handshake), sends calls with deadlines, checks every message
 * against {@linkcode NEEDS}, bounds message floods, and restarts a crashed plugin with backoff until it has
 * crashed too often, then disables it. Nothing here ever waits on a plugin without a deadline.
 */
import type { PluginConnection } from "./plugin_connection.ts";
import type {
  OpenConnection,
  PluginRunnerOptions,
  RunnerCall,
  RunnerLimits,
} from "./plugin_runner_types.ts";
import { CrashWindow } from "./crash_window.ts";
import { CallTable } from "./call_table.ts";
import { MessageBudget } from "./message_budget.ts";
import { ProgramBroker } from "./program_broker.ts";
import {
  type Capability,
  NEEDS,
  parsePluginMessage,
  type PluginMessage,
  PROTOCOL_VERSION,
  protocolMismatch,
} from "./protocol.ts";
import { PluginCrashedError } from "./plugin_crashed_error.ts";

interface WatchState {
  call: RunnerCall;
  id: number | undefined;
  stopped: boolean;
}

/** The supervisor of one plugin. */
export class PluginRunner {
  #conn: PluginConnection | undefined;
  #ready: Promise<PluginConnection> | undefined;
  #gen = 0;
  #calls: CallTable;
  #overdue = new Map<number, ReturnType<typeof setTimeout>>();
  #watches = new Set<WatchState>();
  #crashes: CrashWindow;
  #restartTimer: ReturnType<typeof setTimeout> | undefined;
  #restartAt = 0;
  #disabled: string | undefined;
  #closed = false;
  #budget: MessageBudget;
  #hello: { resolve(): void; reject(error: Error): void } | undefined;
  #exports: string[] = [];
  #programs: ProgramBroker | undefined;
  #pinger: ReturnType<typeof setInterval> | undefined;
  #lastPong = 0;
  #pingSeq = 0;

  readonly name: string;
  readonly open: OpenConnection;
  readonly limits: RunnerLimits;
  readonly warn: (line: string) => void;
  #entry: string;
  #projectDir: string;

  constructor(options: PluginRunnerOptions) {
    this.name = options.name;
    this.open = options.open;
    this.limits = options.limits;
    this.warn = options.warn;
    this.#entry = options.entry;
    this.#projectDir = options.projectDir;
    this.#crashes = new CrashWindow(options.limits);
    this.#budget = new MessageBudget(options.limits.maxMessagesPerSecond);
    this.#calls = new CallTable(options.name, (id) => this.#cancel(id));
  }

  /** Why the plugin is disabled, or undefined. */
  get disabledReason(): string | undefined {
    return this.#disabled;
  }

  /** The functions the entry's default export has (known once started). */
  get exports(): string[] {
    return this.#exports;
  }

  /** The sandbox's process id while it runs. */
  get pid(): number | undefined {
    return this.#conn?.pid;
  }

  /** Starts the plugin if it is not running (waiting out a restart backoff). */
  start(): Promise<PluginConnection> {
    if (this.#disabled !== undefined) return Promise.reject(new Error(this.#disabled));
    if (this.#closed) return Promise.reject(new Error(`Plugin "${this.name}": the host is closed`));
    this.#ready ??= this.#launch();
    return this.#ready;
  }

  /** Calls `method` and settles with the plugin's raw answer or a one-line Error. */
  async call(call: RunnerCall): Promise<unknown> {
    const started = Date.now();
    const conn = await this.start();
    if (call.timeoutMs <= 0) return this.#send(conn, call).promise;
    // The deadline counts from the call, a (re)start included.
    const left = call.timeoutMs - (Date.now() - started);
    if (left <= 0) {
      throw new Error(
        `Plugin "${this.name}" ${call.method}(ctx) timed out after ${call.timeoutMs} ms`,
      );
    }
    return this.#send(conn, call, left).promise;
  }

  /** Starts a long-running `watch` call, re-issued after every restart until stopped. */
  async watch(call: RunnerCall): Promise<{ stop(): Promise<void> }> {
    const state: WatchState = {
      call: { ...call, method: "watch", timeoutMs: 0 },
      id: undefined,
      stopped: false,
    };
    this.#watches.add(state);
    try {
      const conn = await this.start();
      if (state.id === undefined) this.#issueWatch(conn, state);
    } catch (error) {
      this.#watches.delete(state);
      throw error;
    }
    return {
      stop: async () => {
        if (state.stopped) return;
        state.stopped = true;
        this.#watches.delete(state);
        if (state.id !== undefined && this.#calls.get(state.id)) {
          this.#calls.expire(state.id, "stopped");
        }
        await Promise.resolve();
      },
    };
  }

  /** Stops the plugin for good; every pending call is rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restartTimer);
    await this.#letCallsStop();
    for (const timer of this.#overdue.values()) clearTimeout(timer);
    this.#overdue.clear();
    this.#watches.clear();
    const conn = this.#conn;
    const closed = new Error(`Plugin "${this.name}": the host is closed`);
    this.#gen++; // What the plugin still sends or how it exits no longer matters.
    this.#hello?.reject(closed);
    const programs = this.#programs;
    this.#drop(closed);
    if (conn) {
      conn.kill();
      await Promise.race([conn.exited, new Promise((r) => setTimeout(r, 2000))]);
    }
    await programs?.close();
  }

  async #launch(): Promise<PluginConnection> {
    const wait = this.#restartAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const gen = ++this.#gen;
    const closed = () => new Error(`Plugin "${this.name}": the host is closed`);
    if (this.#closed) throw closed();
    const conn = await this.open({
      onMessage: (raw) => gen === this.#gen && this.#onMessage(raw),
      onExit: (reason) => gen === this.#gen && this.#crash(reason),
    }).catch((error: Error) => {
      this.#ready = undefined;
      throw error;
    });
    if (this.#closed || gen !== this.#gen) {
      conn.kill(); // Closed (or superseded) while it was starting: leave nothing behind.
      throw closed();
    }
    this.#conn = conn;
    if (conn.programs) this.#programs = new ProgramBroker(conn.programs, (m) => conn.send(m));
    const hello = new Promise<void>((resolve, reject) => this.#hello = { resolve, reject });
    const timer = setTimeout(
      () => this.#crash(`did not start within ${this.limits.startMs} ms`),
      this.limits.startMs,
    );
    conn.send({
      type: "hello",
      protocol: PROTOCOL_VERSION,
      name: this.name,
      entry: this.#entry,
      projectDir: this.#projectDir,
    });
    try {
      await hello;
    } finally {
      clearTimeout(timer);
      this.#hello = undefined;
    }
    this.#startPings(conn, gen);
    for (const state of this.#watches) if (state.id === undefined) this.#issueWatch(conn, state);
    return conn;
  }

  /**
   * Pings the plugin every `pingMs`; the bootstrap answers from the plugin's own thread, so one stuck in
   * a synchronous loop stops answering and, after `livenessMs`, is stopped as hung. A plugin awaiting a
   * long program keeps answering: slow is not hung. Only silence the host was awake to hear counts: when
   * this process itself was stalled (a busy machine, a synchronous SQLite busy wait), the answers may sit
   * unread in the queue, so a tick that comes late starts the window again instead of judging the plugin.
   */
  #startPings(conn: PluginConnection, gen: number): void {
    clearInterval(this.#pinger);
    this.#lastPong = Date.now();
    let lastTick = Date.now();
    this.#pinger = setInterval(() => {
      if (gen !== this.#gen) return;
      const now = Date.now();
      if (now - lastTick > 2 * this.limits.pingMs) this.#lastPong = now;
      lastTick = now;
      const silent = now - this.#lastPong;
      if (silent > this.limits.livenessMs) {
        this.#crash(`stopped answering for ${Math.round(silent / 1000)} s (hung)`);
        return;
      }
      conn.send({ type: "ping", seq: ++this.#pingSeq });
    }, this.limits.pingMs);
    Deno.unrefTimer(this.#pinger);
  }

  #send(
    conn: PluginConnection,
    call: RunnerCall,
    left = call.timeoutMs,
  ): { id: number; promise: Promise<unknown> } {
    const opened = this.#calls.open(call, left);
    // Cancelled before it was sent: nothing for the plugin to let go of.
    if (call.signal?.aborted) this.#calls.expire(opened.id, "was cancelled", false);
    else conn.send({ type: "call", id: opened.id, method: call.method, options: call.options });
    return opened;
  }

  #issueWatch(conn: PluginConnection, state: WatchState): void {
    const { id, promise } = this.#send(conn, state.call);
    state.id = id;
    promise.then(
      () =>
        !state.stopped &&
        this.warn(`Plugin "${this.name}": watch(ctx) returned; it is not watching any more`),
      (error: Error) => {
        if (state.id === id) state.id = undefined;
        if (!state.stopped && !error.message.includes("crashed")) this.warn(error.message);
      },
    );
  }

  /**
   * Before the plugin is killed: cancels its calls in flight and waits, at most `cancelGraceMs`, until
   * those and the ones cancelled just before have answered. Killing it at once would orphan the programs
   * a check started, whose SIGKILL timer lives in the plugin. Watches start no programs: not waited for.
   */
  async #letCallsStop(): Promise<void> {
    const conn = this.#conn;
    if (!conn) return;
    const running = this.#calls.ids((call) => call.method !== "watch");
    for (const id of running) conn.send({ type: "cancel", id });
    const stopping = () =>
      this.#overdue.size > 0 || running.some((id) => this.#calls.get(id) !== undefined);
    const deadline = Date.now() + this.limits.cancelGraceMs;
    while (stopping() && Date.now() < deadline && this.#conn === conn) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Asks the plugin to cancel expired call `id`, and stops the plugin if it does not let go. */
  #cancel(id: number): void {
    const conn = this.#conn;
    if (!conn) return;
    conn.send({ type: "cancel", id });
    const gen = this.#gen;
    this.#overdue.set(
      id,
      setTimeout(() => {
        this.#overdue.delete(id);
        if (gen === this.#gen) {
          this.#crash(`did not stop within ${this.limits.cancelGraceMs} ms after it was cancelled`);
        }
      }, this.limits.cancelGraceMs),
    );
  }

  #onMessage(raw: unknown): void {
    if (!this.#budget.take(Date.now())) {
      this.#crash(`sent more than ${this.limits.maxMessagesPerSecond} messages in a second`);
      return;
    }
    const message = parsePluginMessage(raw);
    if (message === undefined) return;
    const need: Capability | null = NEEDS[message.type];
    if (need !== null && !this.#holds(need, message)) {
      this.#conn?.send({
        type: "denied",
        id: "id" in message ? message.id : null,
        of: message.type,
        reason: this.#denial(message),
        ...("run" in message ? { run: message.run } : {}),
      });
      return;
    }
    this.#dispatch(message);
  }

  #holds(capability: Capability, message: PluginMessage): boolean {
    if (capability === "events" && message.type === "emit") {
      return this.#calls.get(message.id)?.method === "watch";
    }
    if (capability === "run") return this.#programs !== undefined;
    return false;
  }

  #denial(message: PluginMessage): string {
    if (message.type === "spawn") {
      return `Plugin "${this.name}" may not run "${message.cmd}": its plugin.json lists no programs in "run"`;
    }
    if (message.type === "kill") return `Plugin "${this.name}" runs no programs`;
    return `Plugin "${this.name}" may only emit events from watch(ctx)`;
  }

  #dispatch(message: PluginMessage): void {
    switch (message.type) {
      case "hello":
        if (!this.#hello) return;
        if (message.protocol !== PROTOCOL_VERSION) {
          this.#disable(protocolMismatch(this.name, message.protocol));
          return;
        }
        this.#exports = message.exports;
        this.#hello.resolve();
        return;
      case "progress":
        this.#calls.get(message.id)?.onProgress?.(message.text);
        return;
      case "log":
        if (message.id !== null) this.#calls.get(message.id)?.onLog?.(message.text);
        else for (const call of this.#calls.calls()) call.onLog?.(message.text);
        return;
      case "emit":
        this.#calls.get(message.id)?.onEvent?.(message.event);
        return;
      case "spawn":
        this.#programs?.spawn(message);
        return;
      case "kill":
        this.#programs?.kill(message.run);
        return;
      case "pong":
        this.#lastPong = Date.now();
        return;
      case "result":
      case "error": {
        if (message.id === null) {
          if (message.type !== "error") return;
          if (this.#hello) this.#crash(message.message, new Error(message.message));
          else this.#crash(message.message);
          return;
        }
        clearTimeout(this.#overdue.get(message.id));
        this.#overdue.delete(message.id);
        this.#calls.settle(
          message.id,
          message.type === "result"
            ? { value: message.value }
            : { error: new Error(`Plugin "${this.name}" failed: ${message.message}`) },
        );
        return;
      }
    }
  }

  #crash(reason: string, callError?: Error): void {
    this.#gen++;
    this.#conn?.kill();
    const crashed = callError ?? new PluginCrashedError(`Plugin "${this.name}" crashed: ${reason}`);
    this.#hello?.reject(crashed);
    this.#drop(crashed);
    if (this.#closed || this.#disabled !== undefined) return;
    const { count, backoffMs } = this.#crashes.record(Date.now());
    if (backoffMs === undefined) {
      const minutes = Math.round(this.limits.windowMs / 60000);
      this.#disable(
        `Plugin "${this.name}" is disabled: it crashed ${count} times in ${minutes} minutes (last: ${reason})`,
      );
      return;
    }
    const backoff = backoffMs;
    this.warn(`Plugin "${this.name}" crashed (${reason}): restarting in ${backoff} ms`);
    this.#restartAt = Date.now() + backoff;
    clearTimeout(this.#restartTimer);
    this.#restartTimer = setTimeout(() => this.start().catch(() => {}), backoff);
  }

  #disable(reason: string): void {
    this.#disabled = reason;
    this.#gen++;
    this.#conn?.kill();
    this.#hello?.reject(new Error(reason));
    this.#drop(new Error(reason));
    clearTimeout(this.#restartTimer);
    this.warn(reason);
  }

  /** Forgets the connection (stopping its programs) and rejects every pending call with `error`. */
  #drop(error: Error): void {
    clearInterval(this.#pinger);
    this.#pinger = undefined;
    void this.#programs?.close();
    this.#programs = undefined;
    this.#conn = undefined;
    this.#ready = undefined;
    this.#calls.rejectAll(error);
    for (const state of this.#watches) state.id = undefined;
  }
}
