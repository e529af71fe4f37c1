/**
 * Shows a running workflow: on a terminal, a live line (spinner, step n/total, elapsed) above which each
 * finished step and each output line is printed; elsewhere plain lines. Ends with the one-line verdict.
 */
import type { WorkflowProgress, WorkflowResult } from "./workflow_result.ts";
import { printable } from "../plugin_host/printable.ts";

/** Where the reporter writes. */
export interface RunReporterOptions {
  tty: boolean;
  color: boolean;
  /** Print step output lines (default true). */
  showOutput?: boolean;
  write?: (text: string) => void;
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const MARK: Record<string, string> = {
  success: "✓",
  failed: "✗",
  skipped: "↷",
  cancelled: "■",
  timed_out: "⏱",
};

/** Prints progress, output and the verdict of one run. */
export class RunReporter {
  #opts: Required<RunReporterOptions>;
  #running = new Map<string, WorkflowProgress>();
  #last: WorkflowProgress | undefined;
  #frame = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #started = performance.now();
  #live = false;

  constructor(options: RunReporterOptions) {
    const encoder = new TextEncoder();
    this.#opts = {
      showOutput: true,
      write: (text) => Deno.stdout.writeSync(encoder.encode(text)),
      ...options,
    };
    if (this.#opts.tty) this.#timer = setInterval(() => this.#draw(), 80);
  }

  /** A progress callback for the executor. */
  progress = (p: WorkflowProgress): void => {
    this.#last = p;
    if (p.status === "running") {
      this.#running.set(p.step_name, p);
      if (!this.#opts.tty) this.#line(`${position(p)} ${printable(p.step_name)} …`);
      return;
    }
    this.#running.delete(p.step_name);
    const mark = MARK[p.status] ?? "·";
    const colored = this.#color(
      mark,
      p.status === "success" ? 32 : p.status === "skipped" ? 90 : 31,
    );
    const word = p.status === "success"
      ? ""
      : p.reason
      ? ` ${p.reason}`
      : ` ${p.status.replace("_", " ")}`;
    const time = p.status === "skipped" || p.duration === undefined
      ? ""
      : this.#color(` (${p.duration.toFixed(1)}s)`, 90);
    const why = p.error ? `: ${printable(p.error.split("\n")[0] ?? "")}` : "";
    this.#line(`${colored} ${position(p)} ${printable(p.step_name)}${word}${time}${why}`);
    // Findings are never the streamed output; a command's stderr or stdout was, unless it is hidden.
    const details = p.details?.kind !== "findings" && this.#opts.showOutput ? undefined : p.details;
    for (const line of details?.lines ?? []) this.#line(`    ${printable(line)}`);
    if (p.details?.hint) this.#line(`    ℹ️  ${printable(p.details.hint)}`);
  };

  /** An output callback for the executor: the step's own output line is the one thing shown as is. */
  output = (line: string, step: string): void => {
    if (this.#opts.showOutput) this.#line(this.#color(`  │ ${printable(step)}: `, 90) + line);
  };

  /** Stops the live line and prints the verdict. */
  finish(result: WorkflowResult): void {
    this.stop();
    this.#line(verdict(result));
  }

  /** Stops the live line. */
  stop(): void {
    clearInterval(this.#timer);
    this.#clear();
  }

  #line(text: string): void {
    this.#clear();
    this.#opts.write(`${text}\n`);
    this.#draw();
  }

  #clear(): void {
    if (this.#live) this.#opts.write("\r\x1b[2K");
    this.#live = false;
  }

  #draw(): void {
    if (!this.#opts.tty || this.#running.size === 0) return;
    const spin = SPINNER[this.#frame++ % SPINNER.length];
    const first = [...this.#running.values()][0] ?? this.#last;
    const names = printable([...this.#running.keys()].join(", "));
    const elapsed = ((performance.now() - this.#started) / 1000).toFixed(1);
    const text = `${spin} ${first ? position(first) : ""} ${names} · ${elapsed}s`;
    this.#opts.write(`\r\x1b[2K${text.slice(0, (Deno.consoleSize?.().columns ?? 80) - 1)}`);
    this.#live = true;
  }

  #color(text: string, code: number): string {
    return this.#opts.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
}

function position(p: WorkflowProgress): string {
  return p.phase === "steps" ? `[${p.current_step}/${p.total_steps}]` : `[${p.phase}]`;
}

/** `✅ Workflow 'quick-check' completed in 12.3s`, or the failure; names and errors made printable. */
export function verdict(result: WorkflowResult): string {
  return printable(rawVerdict(result));
}

function rawVerdict(result: WorkflowResult): string {
  const time = `${result.elapsed.toFixed(1)}s`;
  if (result.success) return `✅ Workflow '${result.workflow}' completed in ${time}`;
  const what = result.status === "cancelled"
    ? "was cancelled"
    : result.status === "timed_out"
    ? "timed out"
    : "failed";
  // The status already says it was cancelled or timed out: the error adds only the limit.
  const why = result.error === "Cancelled"
    ? undefined
    : result.status === "timed_out"
    ? result.error?.replace(/^Timed out after /, "its timeout is ")
    : result.error;
  return `❌ Workflow '${result.workflow}' ${what} after ${time}${why ? `: ${why}` : ""}`;
}
