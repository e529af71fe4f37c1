/**
 * Opens the Flux TUI for a project: the Ink screen on a terminal, plain lines otherwise. Resolves when the
 * user quits, with the terminal restored (alternate screen left, cursor shown, raw mode off).
 */
import { render } from "../deps/ink.ts";
import { FluxApp } from "./flux_app.tsx";
import { FluxBackend } from "./flux_backend.ts";
import { runPlainTui } from "./plain_tui.ts";
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
    new FluxBackend(options.projectDir, options.incognito ? { incognito: true } : {});
  const terminal = Deno.stdin.isTerminal() && Deno.stdout.isTerminal();
  const color = options.color ?? (terminal && !Deno.env.get("NO_COLOR"));
  if (options.plain || !terminal) {
    const encoder = new TextEncoder();
    const controller = new TuiController(backend);
    await runPlainTui(controller, {
      input: Deno.stdin.readable,
      writeLine: (line) => Deno.stdout.writeSync(encoder.encode(`${line}\n`)),
    });
    return;
  }
  const { promise: exited, resolve } = Promise.withResolvers<void>();
  const controller = new TuiController(backend, { onExit: resolve });
  // The session is read before the first render, so the first frame already has the banner.
  await controller.open();
  const instance = render(<FluxApp controller={controller} theme={{ color }} />, {
    exitOnCtrlC: false,
    alternateScreen: true,
    patchConsole: true,
    // Keys are drawn at once even when monitors or the spinner just caused a frame.
    maxFps: 120,
  });
  void controller.startBackground();
  await exited;
  instance.unmount();
  await instance.waitUntilExit();
}
