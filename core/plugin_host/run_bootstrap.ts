/**
 * The plugin side of the protocol, shared by the worker bootstrap and the sandbox subprocess: imports the
 * plugin's entry, turns `call` messages into `check`/`run`/`watch` calls with a `ctx`, and reports back.
 * Plugins never see the protocol: they get a {@linkcode PluginContext}.
 */
import type { PluginContext, RunOptions } from "./types.ts";
import type { RunProcessOptions } from "../process/run_process.ts";
import { setProcessBroker } from "../process/process_broker.ts";
import { ProgramClient } from "./program_client.ts";
import {
  type HostMessage,
  isRecord,
  parseHostMessage,
  type PluginMessage,
  PROTOCOL_VERSION,
} from "./protocol.ts";

/** Hooks into the transport that carries messages to the core. */
export interface BootstrapChannel {
  send(message: PluginMessage): void;
}

/** Returns the handler for messages from the core. Console output of the plugin becomes `log` messages. */
export function runBootstrap(channel: BootstrapChannel): (raw: unknown) => void {
  let plugin: Record<string, unknown> | undefined;
  let name = "plugin";
  let projectDir = "";
  const calls = new Map<number, { controller: AbortController; denied?: string }>();
  redirectConsole(channel);
  reportUncaught(channel);
  reportExit(channel, () => plugin === undefined ? name : undefined);
  // Programs are the core's to start: `runProcess` in this worker (the toolchain code) asks it.
  const programs = new ProgramClient((message) => channel.send(message));
  setProcessBroker((cmd, args, options) => programs.run(cmd, args, options));

  const send = (message: PluginMessage) => {
    try {
      channel.send(message);
    } catch (error) {
      if (message.type === "result" || message.type === "emit") {
        // The value could not be carried (not JSON or not cloneable): report that instead.
        channel.send({
          type: "error",
          id: message.id,
          message: `its ${message.type === "emit" ? "event" : "result"} cannot be carried (${
            firstLine(error)
          })`,
        });
        return;
      }
      throw error;
    }
  };

  async function hello(message: Extract<HostMessage, { type: "hello" }>): Promise<void> {
    name = message.name;
    projectDir = message.projectDir;
    if (message.protocol !== PROTOCOL_VERSION) {
      send({
        type: "error",
        id: null,
        message:
          `The plugin bootstrap speaks protocol ${PROTOCOL_VERSION} but the core sent ${message.protocol}: reinstall Flux (deno task install)`,
      });
      return;
    }
    try {
      const mod: Record<string, unknown> = await import(message.entry);
      const exported = mod.default;
      if (!isRecord(exported)) {
        throw new Error(
          "its entry has no default export object (export default { check(ctx) { ... } })",
        );
      }
      plugin = exported;
      const exports = Object.keys(exported).filter((k) => typeof exported[k] === "function");
      send({ type: "hello", protocol: PROTOCOL_VERSION, exports });
    } catch (error) {
      send({
        type: "error",
        id: null,
        message: `Cannot load plugin "${name}": ${firstLine(error)}`,
      });
    }
  }

  async function call(message: Extract<HostMessage, { type: "call" }>): Promise<void> {
    const { id, method } = message;
    const fn = plugin?.[method];
    if (typeof fn !== "function") {
      send({ type: "error", id, message: `Plugin "${name}" does not export ${method}(ctx)` });
      return;
    }
    const state: { controller: AbortController; denied?: string } = {
      controller: new AbortController(),
    };
    calls.set(id, state);
    const ctx: PluginContext = {
      projectDir,
      options: message.options,
      signal: state.controller.signal,
      progress: (text) => send({ type: "progress", id, text: String(text) }),
      log: (text) => send({ type: "log", id, text: String(text) }),
      emit: (event) => {
        if (state.denied !== undefined) throw new Error(state.denied);
        send({ type: "emit", id, event });
      },
      run: (cmd, args = [], options = {}) =>
        programs.run(String(cmd), args.map(String), runOptions(options, projectDir, state)),
    };
    try {
      const value = await fn.call(plugin, ctx);
      send({ type: "result", id, value: value ?? null });
    } catch (error) {
      send({ type: "error", id, message: firstLine(error) });
    } finally {
      calls.delete(id);
    }
  }

  return (raw: unknown) => {
    const message = parseHostMessage(raw);
    if (message === undefined) return;
    if (programs.receive(message)) return;
    switch (message.type) {
      case "ping":
        send({ type: "pong", seq: message.seq });
        return;
      case "hello":
        void hello(message);
        return;
      case "call":
        void call(message);
        return;
      case "cancel":
        calls.get(message.id)?.controller.abort(new DOMException("Cancelled", "AbortError"));
        return;
      case "denied": {
        const state = message.id === null ? undefined : calls.get(message.id);
        if (state) state.denied = message.reason;
        return;
      }
      default:
        return;
    }
  };
}

/** `ctx.run`'s options as `runProcess` takes them: the project by default, stopped with the call. */
function runOptions(
  options: RunOptions,
  projectDir: string,
  state: { controller: AbortController },
): RunProcessOptions {
  const out: RunProcessOptions = {
    cwd: options.cwd ?? projectDir,
    signal: options.signal ?? state.controller.signal,
  };
  if (options.env) out.env = options.env;
  if (options.stdin !== undefined) out.stdin = options.stdin;
  if (options.timeoutMs) out.timeoutMs = options.timeoutMs;
  if (options.onOutput) out.onOutput = options.onOutput;
  return out;
}

/** An uncaught error or rejection is reported as a crash (`error` with `id: null`); the core stops us. */
function reportUncaught(channel: BootstrapChannel): void {
  const report = (event: Event, error: unknown) => {
    event.preventDefault();
    try {
      channel.send({ type: "error", id: null, message: `uncaught ${describe(error)}` });
    } catch {
      // The channel is gone; the core notices the exit.
    }
  };
  globalThis.addEventListener(
    "error",
    (e) => report(e, (e as ErrorEvent).error ?? (e as ErrorEvent).message),
  );
  globalThis.addEventListener("unhandledrejection", (e) => report(e, e.reason));
}

/**
 * `Deno.exit()` or `close()` in a plugin ends only its worker, and Deno tells nobody: the worker would just
 * stop answering until a call's deadline. So both first report a crash (`error` with `id: null`, naming what
 * was called), then end the worker as asked; the core stops and restarts the plugin at once.
 */
function reportExit(channel: BootstrapChannel, loading: () => string | undefined): void {
  const scope = globalThis as unknown as { close?: () => void };
  const exit = Deno.exit.bind(Deno);
  const close = typeof scope.close === "function" ? scope.close.bind(globalThis) : undefined;
  const report = (what: string) => {
    const name = loading();
    const message = name === undefined
      ? `called ${what}`
      : `Cannot load plugin "${name}": it called ${what} while loading`;
    try {
      channel.send({ type: "error", id: null, message });
    } catch {
      // The channel is gone; the core notices the exit.
    }
  };
  Deno.exit = (code?: number): never => {
    report(`Deno.exit(${code ?? ""})`);
    return exit(code);
  };
  if (close) {
    scope.close = () => {
      report("close()");
      close();
    };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${firstLine(error)}`;
  return firstLine(error);
}

function redirectConsole(channel: BootstrapChannel): void {
  const log = (...args: unknown[]) => {
    const text = args.map((a) => typeof a === "string" ? a : Deno.inspect(a)).join(" ");
    try {
      channel.send({ type: "log", id: null, text });
    } catch {
      // Nothing sensible to do when the channel is gone.
    }
  };
  for (const key of ["log", "info", "warn", "error", "debug"] as const) console[key] = log;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] ?? text;
}
