/** Shared helpers of the monitoring end-to-end tests: real projects in temp dirs, the real host. */
import "../_trust_test_projects.ts";
import { PluginHost } from "../../core/plugin_host/plugin_host.ts";
import {
  ProactiveMonitor,
  type ProactiveMonitorOptions,
} from "../../core/monitor/proactive_monitor.ts";
import type { MonitorEvent } from "../../core/monitor/monitor_event.ts";
import type { Notification } from "../../core/notify/notification.ts";
import type { EnableMonitorOptions } from "../../core/monitor/proactive_monitor.ts";

/** The repository root (for running `main.ts`). */
export const REPO = `${import.meta.dirname}/../..`;

/** Creates a temp project holding `files`; returns its real path. */
export async function makeProject(files: Record<string, string>): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_monitor_e2e_" }));
  await writeFiles(dir, files);
  return dir;
}

/** Writes `files` under `dir`, creating folders. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(`${dir}/${path}`.replace(/\/[^/]+$/, ""), { recursive: true });
    await Deno.writeTextFile(`${dir}/${path}`, text);
  }
}

/**
 * An editor's atomic save as GLib editors (gedit, ...) do it: write `.goutputstream-XXXXXX` next to the
 * file, then rename it over the file.
 */
export function atomicSave(dir: string, path: string, text: string): void {
  const folder = path.includes("/") ? `${dir}/${path.replace(/\/[^/]+$/, "")}` : dir;
  const tmp = `${folder}/.goutputstream-${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
  // Back to back, as an editor does it (awaited calls can be tens of ms apart on a loaded machine).
  Deno.writeTextFileSync(tmp, text);
  Deno.renameSync(tmp, `${dir}/${path}`);
}

/** Runs git in `dir`; throws with its stderr on failure. */
export async function git(dir: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command("git", {
    args: ["-c", "user.name=Flux Test", "-c", "user.email=test@flux.invalid", ...args],
    cwd: dir,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`git ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
}

/**
 * Waits until `check()` holds, polling; throws `what` after `ms`. The default is far above what a check
 * needs (seconds) because a shared 2-core machine under load can be 20x slower; waiting longer only costs
 * time when a test fails.
 */
export async function until(check: () => boolean, what: string, ms = 180_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Processes whose working directory is inside `dir` (what a monitor run could leave behind). */
export function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name) || Number(entry.name) === Deno.pid) continue;
    try {
      const cwd = Deno.readLinkSync(`/proc/${entry.name}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) {
        const cmd = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).replaceAll("\0", " ")
          .trim();
        found.push(`${entry.name}: ${cmd}`);
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** A running ProactiveMonitor on the real host, with what it has notified and emitted. */
export interface Watching {
  monitor: ProactiveMonitor;
  notes: Notification[];
  events: MonitorEvent[];
  stop(): Promise<void>;
}

/** Starts the coordinator on `dir` with the real host and the given monitors. */
export async function watchProject(
  dir: string,
  monitors: Record<string, EnableMonitorOptions>,
  options: ProactiveMonitorOptions = {},
): Promise<Watching> {
  const host = new PluginHost(dir);
  await host.discover();
  const notes: Notification[] = [];
  const events: MonitorEvent[] = [];
  const monitor = new ProactiveMonitor(dir, {
    host,
    cooldownMs: 300,
    onEvent: (e) => events.push(e),
    ...options,
  });
  monitor.addNotificationCallback((_text, n) => {
    notes.push(n);
  });
  for (const [name, settings] of Object.entries(monitors)) monitor.enableMonitor(name, settings);
  await monitor.start();
  return {
    monitor,
    notes,
    events,
    stop: async () => {
      await monitor.stop();
      await host.close();
    },
  };
}

/** Titles of the notifications of `monitor`. */
export function titles(notes: Notification[], monitor: string): string[] {
  return notes.filter((n) => n.monitor === monitor).map((n) => n.title);
}
