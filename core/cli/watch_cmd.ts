/**
 * `flux watch [--json] [--only tests,lint]`: runs the monitors headless until Ctrl-C (SIGINT), SIGTERM or SIGHUP and
 * prints notifications in the boxed format, or with `--json` one event per line (see docs/monitoring.md).
 */
import type { Command } from "../deps/commander.ts";
import {
  type GlobalOptions,
  inertJson,
  resolveProjectDir,
  rootOf,
  UsageError,
} from "./cli_context.ts";
import { loadCheckedConfig } from "./load_checked_config.ts";
import { monitorSettings, parseOnly } from "../monitor/monitor_settings.ts";
import { ProactiveMonitor } from "../monitor/proactive_monitor.ts";
import type { MonitorEvent } from "../monitor/monitor_event.ts";
import { PluginHost } from "../plugin_host/plugin_host.ts";
import { SessionManager } from "../session/session_manager.ts";
import { notifyConfig } from "../notify/notify_config.ts";
import { buildSinks } from "../notify/build_sinks.ts";
import { BuiltinAnalyzer } from "../monitor/builtin_analyzer.ts";
import { createFailureAnalyzer } from "../ai/create_failure_analyzer.ts";
import { redact } from "../secrets/redact.ts";
import { requireTrust } from "./trust_cmd.ts";
import { selectMonitors } from "../monitor/select_monitors.ts";
import { guardChildren } from "../process/child_watchdog.ts";
import { warn } from "./say.ts";
import { OwnerRefusedError, ProjectMonitors } from "../monitor/owner/project_monitors.ts";
import type { OwnMonitors } from "../monitor/owner/project_monitors.ts";
import type { MonitorUpdate } from "../monitor/owner/monitor_update.ts";
import type { MonitorState } from "../monitor/_transition.ts";
import { timedRunner } from "../monitor/owner/timed_runner.ts";
import { TerminalSink } from "../notify/terminal_sink.ts";
import { printable } from "../plugin_host/printable.ts";
import { checkAnswerOf } from "../monitor/owner/owner_protocol.ts";

/** Options of `flux watch`. */
export interface WatchOptions {
  json?: boolean;
  only?: string;
}

/** Registers `flux watch`. */
export function registerWatchCommand(program: Command): void {
  program.command("watch")
    .description(
      "watch the project: run tests, build, lint, git and file monitors and print changes",
    )
    .option(
      "--json",
      "print one JSON object per line (time, monitor, kind, from, to, summary, items)",
    )
    .option("--only <monitors>", "comma-separated monitors to run, e.g. tests,lint")
    .action(async (opts: WatchOptions, cmd: Command) => {
      const root = rootOf(cmd);
      const incognito = root.opts<GlobalOptions>().incognito === true;
      const projectDir = resolveProjectDir(root);
      await requireTrust(cmd, projectDir, "flux watch");
      Deno.exitCode = await runWatch(projectDir, { ...opts, incognito });
    });
}

/** Runs `flux watch` on `projectDir` until SIGINT, SIGTERM or SIGHUP; resolves to the exit code. */
export async function runWatch(
  projectDir: string,
  opts: WatchOptions & { incognito?: boolean; stopSignal?: AbortSignal },
): Promise<number> {
  const config = await loadCheckedConfig(projectDir);
  const settings = monitorSettings(config);
  const notify = notifyConfig(config);
  const secrets = [notify.slack?.webhookUrl, notify.discord?.webhookUrl].filter((s): s is string =>
    !!s
  );
  const json = opts.json === true;
  const print = (event: MonitorEvent) => {
    if (json) console.log(inertJson(redact(JSON.stringify(event), secrets)));
    else if (event.kind === "error") {
      warn(`flux watch: ${redact(event.message ?? "", secrets)}`);
    }
  };
  const report = (monitor: string, message: string) =>
    print({ time: new Date().toISOString(), monitor, kind: "error", message });

  const host = new PluginHost(projectDir, { onWarning: (line) => report("plugins", line) });
  const plugins = await host.discover();
  let only: string[] | undefined;
  try {
    const monitors = plugins.filter((p) => p.manifest?.kind === "monitor").map((p) => p.name);
    only = opts.only === undefined ? undefined : parseOnly(opts.only, monitors);
  } catch (error) {
    await host.close();
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const selection = selectMonitors(settings, plugins, only);
  for (const line of selection.notices) report("plugins", line);
  const names = selection.names;
  const allMonitors = new Set(
    plugins.filter((p) => p.manifest?.kind === "monitor").map((p) => p.name),
  );
  // Another monitor chosen by the owner of the project's monitors is not shown with --only.
  const wanted = (monitor: string) =>
    only === undefined || names.includes(monitor) || !allMonitors.has(monitor);
  // Opened before anything starts, so a broken store or secrets file is one line (exit 2) as before; only
  // the owner of the project's monitors records through it.
  const session = new SessionManager(projectDir, {
    ...(opts.incognito ? { incognito: true } : {}),
    verify: "set-aside",
    onWarning: (line) => report("session", line),
  });
  const terminal = json ? undefined : new TerminalSink();
  const monitors = new ProjectMonitors(projectDir, {
    command: json ? "flux watch --json" : "flux watch",
    startOwn: (emit, known) =>
      startOwnMonitors(projectDir, {
        host,
        session,
        names,
        json,
        known,
        emit,
        report,
      }),
    onRole: (role, owner, takeover) => {
      if (role === "client") {
        warn(
          `flux watch: attached to the monitors of this project run by pid ${owner.pid} (${
            printable(owner.command)
          }); nothing runs twice (flux status shows who owns them)`,
        );
      } else if (takeover) {
        warn(
          "flux watch: the process that ran this project's monitors ended: running them here now",
        );
      }
    },
    onWarning: (line) => report("watch", line),
  });
  const onUpdate = (update: MonitorUpdate) => {
    // The file watcher's own warnings (a change loop, the watch limit) concern every monitor it starts.
    const watcherWarning = update.type === "event" && update.event.kind === "error" &&
      update.event.monitor === "file_changes";
    if (update.type === "event" && (wanted(update.event.monitor) || watcherWarning)) {
      print(update.event);
    }
    // The owner's terminal sink prints its own notifications; a client prints those it is sent.
    if (update.type === "notification" && monitors.role === "client" && terminal) {
      if (wanted(update.notification.monitor)) terminal.send(update.notification);
    }
  };

  const stopped = Promise.withResolvers<void>();
  const onSignal = () => stopped.resolve();
  // A project folder deleted (or moved) under the watcher ends it with one true line and exit 2.
  let exitCode = 0;
  // By identity, not by path: a folder made again at that path (by anyone) is not the project watched.
  const project = folderId(projectDir);
  const gone = setInterval(() => {
    if (project !== undefined && folderId(projectDir) === project) return;
    report(
      "watch",
      `The project folder "${projectDir}" no longer exists (deleted or moved): stopping; start flux watch again in the project's folder`,
    );
    exitCode = 2;
    stopped.resolve();
  }, 1000);
  // A closed terminal or SSH session (SIGHUP) stops watching like Ctrl-C or SIGTERM.
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) Deno.addSignalListener(signal, onSignal);
  guardChildren();
  opts.stopSignal?.addEventListener("abort", onSignal, { once: true });
  try {
    if (!json) {
      warn(`👀 Watching ${projectDir}: ${names.join(", ") || "nothing"} (Ctrl-C to stop)`);
    }
    try {
      await monitors.start(onUpdate);
    } catch (error) {
      if (!(error instanceof OwnerRefusedError)) throw error;
      report("watch", error.message);
      exitCode = 1;
      stopped.resolve();
    }
    await stopped.promise;
  } finally {
    clearInterval(gone);
    for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
    await monitors.stop();
    await host.close();
    session.close();
    if (!json) console.error("Stopped watching.");
  }
  return exitCode;
}

/** What {@linkcode startOwnMonitors} needs. */
interface OwnMonitorsOptions {
  host: PluginHost;
  session: SessionManager;
  names: string[];
  json: boolean;
  known: Map<string, MonitorState>;
  emit(update: MonitorUpdate): void;
  report(monitor: string, message: string): void;
}

/**
 * This process's own monitors, started when it owns the project's monitors (at start, or taking over):
 * the analyzer and the sinks are made only then (sinks are closed by stop()).
 */
async function startOwnMonitors(projectDir: string, o: OwnMonitorsOptions): Promise<OwnMonitors> {
  const config = await loadCheckedConfig(projectDir);
  const settings = monitorSettings(config);
  const notify = notifyConfig(config);
  const session = o.session;
  // Without the analyzer's own fallback, analyzeFailure() falls back itself and labels the source truly.
  const analyzer = await createFailureAnalyzer(projectDir, {
    session,
    fallback: false,
    onError: (line) => o.report("ai", line),
  });
  const sinks = await buildSinks(projectDir, notify, {
    terminal: !o.json,
    onError: (line) => o.report("notify", line),
  });
  const monitor = new ProactiveMonitor(projectDir, {
    host: timedRunner(o.host, o.emit),
    session,
    sinks,
    knownStates: o.known,
    ...(analyzer instanceof BuiltinAnalyzer ? {} : { llm: analyzer }),
    ...(settings.cooldownMs !== undefined ? { cooldownMs: settings.cooldownMs } : {}),
    onEvent: (event) => o.emit({ type: "event", event }),
  });
  monitor.addNotificationCallback((_text, notification) => {
    o.emit({ type: "notification", notification });
  });
  for (const name of o.names) monitor.enableMonitor(name, settings.monitors[name] ?? {});
  try {
    await monitor.start();
  } catch (error) {
    await monitor.stop();
    throw error;
  }
  return {
    stop: () => monitor.stop(),
    // `/test` typed in a TUI attached to this watch: its monitors, as they run in the background.
    async checkNow(name) {
      if (!o.names.includes(name)) {
        return { ok: false, error: `this flux watch does not watch "${name}"` };
      }
      return checkAnswerOf(name, await monitor.checkNow(name));
    },
  };
}

/** `dev:ino` of the folder `dir`, or undefined when there is none. */
function folderId(dir: string): string | undefined {
  try {
    const info = Deno.statSync(dir);
    return info.isDirectory ? `${info.dev}:${info.ino}` : undefined;
  } catch {
    return undefined;
  }
}
