/**
 * Supervises one plugin: starts it (hello handshake), sends calls with deadlines, checks every message
 * against {@linkcode NEEDS}, bounds message floods, and restarts a crashed plugin with backoff until it has
 * crashed too often, then disables it. Nothing here ever waits on a plugin without a deadline.
 */
import type { ConnectionEvents, PluginConnection } from "./plugin_connection.ts";
import {
  type CallMethod,
  type Capability,
  NEEDS,
  parsePluginMessage,
  type PluginMessage,
  PROTOCOL_VERSION,
  protocolMismatch,
} from "./protocol.ts";

/** Deadlines and limits of a supervised plugin. */
export interface RunnerLimits {
  startMs: number;
  cancelGraceMs: number;
  maxRestarts: number;
  windowMs: number;
  backoffMs: number;
  maxMessagesPerSecond: number;
}

/** One call into the plugin. `timeoutMs` 0 means no deadline (watches). */
export interface RunnerCall {
  method: CallMethod;
  options: Record<string, unknown>;
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?(text: string): void;
  onLog?(text: string): void;
  onEvent?(event: unknown): void;
}

interface Pending {
  call: RunnerCall;
  resolve(value: unknown): void;
  reject(error: Error): void;
  cleanup(): void;
}

interface WatchState {
  call: RunnerCall;
  id: number | undefined;
  stopped: boolean;
}

/** Opens a connection for the runner; may reject with a one-line refusal (not counted as a crash). */
export type OpenConnection = (events: ConnectionEvents) => Promise<PluginConnection>;

/** What a {@linkcode PluginRunner} needs. */
export interface PluginRunnerOptions {
  name: string;
  /** URL of the entry module, imported by the bootstrap. */
  entry: string;
  projectDir: string;
  open: OpenConnection;
  limits: RunnerLimits;
  warn: (line: string) => void;
}

/** The supervisor of one plugin. */
export class PluginRunner {
  #conn: PluginConnection | undefined;
  #ready: Promise<PluginConnection> | undefined;
  #gen = 0;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #overdue = new Map<number, ReturnType<typeof setTimeout>>();
  #watches = new Set<WatchState>();
  #crashes: number[] = [];
  #restartTimer: ReturnType<typeof setTimeout> | undefined;
  #restartAt = 0;
  #disabled: string | undefined;
  #closed = false;
  #windowStart = 0;
  #windowCount = 0;
  #hello: { resolve(): void; reject(error: Error): void } | undefined;
  #exports: string[] = [];

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
    const conn = await this.start();
    return this.#send(conn, call).promise;
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
        if (state.id !== undefined && this.#pending.has(state.id)) {
          this.#expire(state.id, "stopped");
        }
        await Promise.resolve();
      },
    };
  }

  /** Stops the plugin for good; every pending call is rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restartTimer);
    for (const timer of this.#overdue.values()) clearTimeout(timer);
    this.#overdue.clear();
    this.#watches.clear();
    const conn = this.#conn;
    this.#drop(new Error(`Plugin "${this.name}": the host is closed`));
    if (conn) {
      conn.kill();
      await Promise.race([conn.exited, new Promise((r) => setTimeout(r, 2000))]);
    }
  }

  async #launch(): Promise<PluginConnection> {
    const wait = this.#restartAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const gen = ++this.#gen;
    const conn = await this.open({
      onMessage: (raw) => gen === this.#gen && this.#onMessage(raw),
      onExit: (reason) => gen === this.#gen && this.#crash(reason),
    }).catch((error: Error) => {
      this.#ready = undefined;
      throw error;
    });
    this.#conn = conn;
    const hello = new Promise<void>((resolve, reject) => this.#hello = { resolve, reject });
    const timer = setTimeout(
      () => this.#stop(`did not start within ${this.limits.startMs} ms`),
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
    for (const state of this.#watches) if (state.id === undefined) this.#issueWatch(conn, state);
    return conn;
  }

  #send(conn: PluginConnection, call: RunnerCall): { id: number; promise: Promise<unknown> } {
    const id = this.#nextId++;
    let settle!: Pending;
    const promise = new Promise<unknown>((resolve, reject) => {
      const timer = call.timeoutMs > 0
        ? setTimeout(() => this.#expire(id, `timed out after ${call.timeoutMs} ms`), call.timeoutMs)
        : undefined;
      const onAbort = () => this.#expire(id, "was cancelled");
      call.signal?.addEventListener("abort", onAbort, { once: true });
      settle = {
        call,
        resolve,
        reject,
        cleanup: () => {
          clearTimeout(timer);
          call.signal?.removeEventListener("abort", onAbort);
        },
      };
    });
    this.#pending.set(id, settle);
    if (call.signal?.aborted) this.#expire(id, "was cancelled");
    else conn.send({ type: "call", id, method: call.method, options: call.options });
    return { id, promise };
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

  /** Rejects call `id` now, asks the plugin to cancel it, and kills the plugin if it does not stop. */
  #expire(id: number, what: string): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    pending.cleanup();
    pending.reject(new Error(`Plugin "${this.name}" ${pending.call.method}(ctx) ${what}`));
    const conn = this.#conn;
    if (!conn) return;
    conn.send({ type: "cancel", id });
    const gen = this.#gen;
    this.#overdue.set(
      id,
      setTimeout(() => {
        this.#overdue.delete(id);
        if (gen === this.#gen) {
          this.#stop(`did not stop within ${this.limits.cancelGraceMs} ms after it was cancelled`);
        }
      }, this.limits.cancelGraceMs),
    );
  }

  #onMessage(raw: unknown): void {
    const now = Date.now();
    if (now - this.#windowStart >= 1000) {
      this.#windowStart = now;
      this.#windowCount = 0;
    }
    if (++this.#windowCount > this.limits.maxMessagesPerSecond) {
      this.#stop(`sent more than ${this.limits.maxMessagesPerSecond} messages in a second`);
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
        reason: `Plugin "${this.name}" may only emit events from watch(ctx)`,
      });
      return;
    }
    this.#dispatch(message);
  }

  #holds(capability: Capability, message: PluginMessage): boolean {
    if (capability === "events" && message.type === "emit") {
      return this.#pending.get(message.id)?.call.method === "watch";
    }
    return false;
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
        this.#pending.get(message.id)?.call.onProgress?.(message.text);
        return;
      case "log":
        if (message.id !== null) this.#pending.get(message.id)?.call.onLog?.(message.text);
        else for (const p of this.#pending.values()) p.call.onLog?.(message.text);
        return;
      case "emit":
        this.#pending.get(message.id)?.call.onEvent?.(message.event);
        return;
      case "result":
      case "error": {
        if (message.id === null) {
          if (message.type !== "error") return;
          if (this.#hello) this.#stop(message.message, new Error(message.message));
          else this.#stop(message.message);
          return;
        }
        clearTimeout(this.#overdue.get(message.id));
        this.#overdue.delete(message.id);
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#pending.delete(message.id);
        pending.cleanup();
        if (message.type === "result") pending.resolve(message.value);
        else pending.reject(new Error(`Plugin "${this.name}" failed: ${message.message}`));
        return;
      }
    }
  }

  /** Kills the running plugin on purpose and treats it as a crash. */
  #stop(reason: string, callError?: Error): void {
    this.#crash(reason, callError);
  }

  #crash(reason: string, callError?: Error): void {
    this.#gen++;
    this.#conn?.kill();
    this.#hello?.reject(callError ?? new Error(`Plugin "${this.name}" crashed: ${reason}`));
    this.#drop(callError ?? new Error(`Plugin "${this.name}" crashed: ${reason}`));
    if (this.#closed || this.#disabled !== undefined) return;
    const now = Date.now();
    this.#crashes = this.#crashes.filter((t) => now - t < this.limits.windowMs);
    this.#crashes.push(now);
    if (this.#crashes.length > this.limits.maxRestarts) {
      const minutes = Math.round(this.limits.windowMs / 60000);
      this.#disable(
        `Plugin "${this.name}" is disabled: it crashed ${this.#crashes.length} times in ${minutes} minutes (last: ${reason})`,
      );
      return;
    }
    const backoff = this.limits.backoffMs * 2 ** (this.#crashes.length - 1);
    this.warn(`Plugin "${this.name}" crashed (${reason}): restarting in ${backoff} ms`);
    this.#restartAt = now + backoff;
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

  /** Forgets the connection and rejects every pending call with `error`. */
  #drop(error: Error): void {
    this.#conn = undefined;
    this.#ready = undefined;
    for (const pending of this.#pending.values()) {
      pending.cleanup();
      pending.reject(error);
    }
    this.#pending.clear();
    for (const state of this.#watches) state.id = undefined;
  }
}
