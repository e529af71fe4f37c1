/** Desktop notifications through `notify-send` (libnotify) when it is on PATH; otherwise a no-op. */
import type { Notification, NotificationSink } from "./notification.ts";
import { runProcess } from "../process/run_process.ts";

/** Options for {@linkcode DesktopSink}. */
export interface DesktopSinkOptions {
  /** The program to run (default: `notify-send` found on PATH). */
  command?: string;
  timeoutMs?: number;
  onError?(message: string): void;
}

const URGENCY = { error: "critical", warning: "normal", success: "normal", info: "low" } as const;

/** The desktop sink. */
export class DesktopSink implements NotificationSink {
  readonly name = "desktop";
  #command: string | undefined;
  #opts: DesktopSinkOptions;

  constructor(options: DesktopSinkOptions = {}) {
    this.#opts = options;
    this.#command = options.command ?? findOnPath("notify-send");
  }

  /** True when a notifier program was found. */
  get available(): boolean {
    return this.#command !== undefined;
  }

  async send(notification: Notification): Promise<void> {
    if (!this.#command) return;
    const body = [notification.analysis, ...notification.lines.slice(0, 5).map((l) => `• ${l}`)]
      .filter((part) => part).join("\n");
    const result = await runProcess(this.#command, [
      "--app-name=Flux",
      `--urgency=${URGENCY[notification.level]}`,
      notification.title,
      body,
    ], { timeoutMs: this.#opts.timeoutMs ?? 5000, graceMs: 500 });
    if (result.code !== 0) {
      this.#opts.onError?.(
        `Desktop notification failed: ${this.#command} exited with ${result.code}: ${
          result.stderr.trim().split("\n")[0] ?? ""
        }`,
      );
    }
  }
}

/** Absolute path of `program` on PATH, or undefined. */
export function findOnPath(program: string): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (!dir) continue;
    const path = `${dir}/${program}`;
    try {
      const info = Deno.statSync(path);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return path;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
