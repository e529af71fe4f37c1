/**
 * Opens the Flux TUI for a project: the Ink screen on a terminal, plain lines otherwise. Resolves when the
 * user quits, with the terminal restored (alternate screen left, cursor shown, raw mode off).
 */
import { render } from "../deps/ink.ts";
import { FluxApp } from "./flux_app.tsx";
import { WorkerBackend } from "./worker_backend.ts";
import { runPlainTui } from "./plain_tui.ts";
import { guardChildren } from "../process/child_watchdog.ts";
import type { TuiBackend } from "./tui_backend.ts";
import { TuiController } from "./tui_controller.ts";

/** Options of {@linkcode runTui}. */
export interface RunTuiOptions {
  projectDir: string;
  incognito?: boolean;
  /** Force line mode even on a terminal. */
  plain?: boolean;
  /** Use colour (default: a terminal and no NO_COLOR). */
  color?: boolean;
  /** Another backend (tests, embedding). */
  backend?: TuiBackend;
}

/** Runs the TUI until the user quits. */
export async function runTui(options: RunTuiOptions): Promise<void> {
  const backend = options.backend ??
    // Monitoring, workflows, plugins and the AI in a worker: keys and the screen never wait for them.
    new WorkerBackend(options.projectDir, options.incognito ? { incognito: true } : {});
  const terminal = Deno.stdin.isTerminal() && Deno.stdout.isTerminal();
  const color = options.color ?? (terminal && !Deno.env.get("NO_COLOR"));
  if (options.plain || !terminal) {
    guardChildren();
    const encoder = new TextEncoder();
    const controller = new TuiController(backend);
    let closed = false;
    await runPlainTui(controller, {
      input: Deno.stdin.readable,
      writeLine: (line) => {
        if (closed) return;
        try {
          Deno.stdout.writeSync(encoder.encode(`${line}\n`));
        } catch (error) {
          if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
          // The reader went away (flux | head): stop like Ctrl-C would.
          closed = true;
          void controller.quit().then(() => controller.quit());
        }
      },
    });
    return;
  }
  const { promise: exited, resolve } = Promise.withResolvers<void>();
  const controller = new TuiController(backend, { onExit: resolve });
  // The session is read before the first render, so the first frame already has the banner.
  await controller.open();
  const instance = render(<FluxApp controller={controller} theme={{ color }} />, {
    exitOnCtrlC: false,
    // Ink turns live rendering off when it sees a CI variable; this path only runs on a real terminal.
    interactive: true,
    alternateScreen: true,
    patchConsole: true,
    // Keys are drawn at once even when monitors or the spinner just caused a frame.
    maxFps: 120,
  });
  const guard = guardProcess(controller);
  try {
    // The first frame is on the screen before anything else runs, even the watchdog (nothing has been
    // started yet that it would have to reap).
    await new Promise((resolve) => setTimeout(resolve, 0));
    guardChildren();
    void controller.startBackground();
    await exited;
  } finally {
    guard.release();
    instance.unmount();
    await instance.waitUntilExit();
  }
}

/**
 * While the TUI runs: an error nobody caught (a monitor's promise, a plugin callback) becomes a feed warning
 * instead of ending the process with the terminal left in raw mode, and SIGTERM or SIGHUP quit cleanly.
 */
function guardProcess(controller: TuiController): { release(): void } {
  const report = (event: ErrorEvent | PromiseRejectionEvent) => {
    event.preventDefault();
    const error = "reason" in event ? event.reason : event.error;
    controller.say("warn", "⚠️  Something failed in the background", [
      error instanceof Error ? error.message : String(error),
    ]);
  };
  const stop = () => {
    void controller.quit().then(() => controller.quit());
  };
  globalThis.addEventListener("error", report);
  globalThis.addEventListener("unhandledrejection", report);
  const signals: Deno.Signal[] = ["SIGTERM", "SIGHUP"];
  for (const signal of signals) Deno.addSignalListener(signal, stop);
  return {
    release() {
      globalThis.removeEventListener("error", report);
      globalThis.removeEventListener("unhandledrejection", report);
      for (const signal of signals) Deno.removeSignalListener(signal, stop);
    },
  };
}
