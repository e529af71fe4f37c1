/**
 * The TUI without a terminal: the banner, then notifications and workflow progress as plain lines, with
 * commands read from stdin one line at a time. Stdin ending (or Ctrl-C) quits.
 */
import type { TuiController } from "./tui_controller.ts";
import type { TuiState } from "./tui_state.ts";
import { helpLines } from "./perform_action.ts";

/** Options of {@linkcode runPlainTui}. */
export interface PlainTuiOptions {
  input: ReadableStream<Uint8Array>;
  /** Writes one line (without its newline). */
  writeLine: (line: string) => void;
}

/** Runs `controller` in line mode until stdin ends or the user quits. */
export async function runPlainTui(
  controller: TuiController,
  options: PlainTuiOptions,
): Promise<void> {
  // Per feed item: how many of its lines are printed (-1: not even the title yet).
  const printed = new Map<number, number>();
  let steps = "";
  let hint: string | undefined;
  const asked = new Set<string>();
  const flush = (state: TuiState) => {
    // No keys to answer with: a consent request is printed once, with the commands that answer it.
    for (const request of state.consent) {
      if (asked.has(request.plugin)) continue;
      asked.add(request.plugin);
      options.writeLine(`🔌 Plugin "${request.plugin}" is not trusted yet`);
      if (request.description) options.writeLine(indent(request.description));
      options.writeLine("  What it may do if you trust it:");
      const allows = request.allows.length > 0
        ? request.allows
        : ["may do nothing outside its own folder"];
      for (const line of allows) options.writeLine(`  • ${line}`);
      options.writeLine(
        `  Type /trust ${request.plugin} to trust it, or /deny ${request.plugin} to keep it off`,
      );
    }
    for (const item of [...state.feed].reverse()) {
      const done = printed.get(item.id) ?? -1;
      if (done === -1) options.writeLine(item.title);
      // An answer still streaming in keeps its last, unfinished line back.
      const ready = item.open ? item.lines.length - 1 : item.lines.length;
      for (const line of item.lines.slice(Math.max(0, done), Math.max(0, ready))) {
        options.writeLine(indent(line));
      }
      printed.set(item.id, Math.max(0, done, ready));
    }
    const workflow = state.workflow;
    if (workflow) {
      const now = workflow.steps.map((s) => `${s.name}:${s.status}`).join(",");
      if (now !== steps) {
        steps = now;
        const at = workflow.steps.findLastIndex((s) => s.status !== "pending");
        const step = workflow.steps[at];
        if (step) {
          options.writeLine(
            `[${at + 1}/${workflow.total || workflow.steps.length}] ${step.name} ${step.status}`,
          );
        }
      }
    }
    if (state.showHelp) {
      for (const line of helpLines()) options.writeLine(line);
      controller.dispatch({ type: "help", show: false });
    }
    if (state.hint !== hint) {
      hint = state.hint;
      if (hint) options.writeLine(`flux: ${hint}`);
    }
  };
  const reader = options.input.getReader();
  const unsubscribe = controller.subscribe(() => {
    flush(controller.state);
    // Quitting (Ctrl-C, /quit, a closed stdout) stops waiting for the next line.
    if (controller.state.quitting) reader.cancel().catch(() => {});
  });
  const onInterrupt = () => void controller.quit();
  // SIGTERM or a closed terminal (SIGHUP) quits at once, as in the full-screen TUI.
  const onTerminate = () => void controller.quit().then(() => controller.quit());
  const ends: Deno.Signal[] = ["SIGTERM", "SIGHUP"];
  Deno.addSignalListener("SIGINT", onInterrupt);
  for (const signal of ends) Deno.addSignalListener(signal, onTerminate);
  try {
    await controller.start();
    flush(controller.state);
    for await (const line of readLines(reader)) {
      if (controller.state.quitting) break;
      if (line.trim() === "") continue;
      await controller.submit(line);
    }
    await controller.quit();
    if (controller.state.quitArmed) await controller.quit();
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    for (const signal of ends) Deno.removeSignalListener(signal, onTerminate);
    unsubscribe();
    reader.releaseLock();
  }
}

function indent(line: string): string {
  return line === "" || line.startsWith("  ") ? line : `  ${line}`;
}

async function* readLines(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      yield buffer.slice(0, newline).replace(/\r$/, "");
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
    }
  }
  buffer += decoder.decode();
  if (buffer !== "") yield buffer;
}
