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
  const session = new SessionManager(projectDir, {
    ...(opts.incognito ? { incognito: true } : {}),
    verify: "set-aside",
    onWarning: (line) => report("session", line),
  });
  // Without the analyzer's own fallback, analyzeFailure() falls back itself and labels the source truly.
  const analyzer = await createFailureAnalyzer(projectDir, {
    session,
    fallback: false,
    onError: (line) => report("ai", line),
  });
  const sinks = await buildSinks(projectDir, notify, {
    terminal: !json,
    onError: (line) => report("notify", line),
  });
  const monitor = new ProactiveMonitor(projectDir, {
    host,
    session,
    sinks,
    ...(analyzer instanceof BuiltinAnalyzer ? {} : { llm: analyzer }),
    ...(settings.cooldownMs !== undefined ? { cooldownMs: settings.cooldownMs } : {}),
    onEvent: print,
  });
  for (const name of names) monitor.enableMonitor(name, settings.monitors[name] ?? {});

  const stopped = Promise.withResolvers<void>();
  const onSignal = () => stopped.resolve();
  // A project folder deleted (or moved) under the watcher ends it with one true line and exit 2.
  let exitCode = 0;
  const gone = setInterval(() => {
    if (projectExists(projectDir)) return;
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
    await monitor.start();
    await stopped.promise;
  } finally {
    clearInterval(gone);
    for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
    await monitor.stop();
    await host.close();
    session.close();
    if (!json) console.error("Stopped watching.");
  }
  return exitCode;
}

function projectExists(dir: string): boolean {
  try {
    return Deno.statSync(dir).isDirectory;
  } catch {
    return false;
  }
}
