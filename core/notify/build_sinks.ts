/** Turns the `notify:` config into sinks: terminal, desktop, Slack, Discord (which share one outbox). */
import { requiredObject, requiredText } from "../api/required.ts";
import { readSessionConfig } from "../session/session_config.ts";
import type { NotificationSink } from "./notification.ts";
import type { NotifyConfig } from "./notify_config.ts";
import { TerminalSink } from "./terminal_sink.ts";
import { DesktopSink } from "./desktop_sink.ts";
import { WebhookSink } from "./webhook_sink.ts";
import { WebhookOutbox } from "./webhook_outbox.ts";

/** Options for {@linkcode buildSinks}. */
export interface BuildSinksOptions {
  /** Include the terminal sink (off for `flux watch --json`, which prints its own lines). */
  terminal?: boolean;
  onError?(message: string): void;
}

/** The sinks of a project, started (webhooks resume their outbox). */
export async function buildSinks(
  projectDir: string,
  config: NotifyConfig,
  options: BuildSinksOptions = {},
): Promise<NotificationSink[]> {
  requiredText(
    projectDir,
    "buildSinks's projectDir",
    'buildSinks("/project", notifyConfig(config))',
  );
  requiredObject(config, "buildSinks's config", 'buildSinks("/project", notifyConfig(config))');
  const sinks: NotificationSink[] = [];
  const onError = options.onError ? { onError: options.onError } : {};
  if ((options.terminal ?? true) && config.terminal) sinks.push(new TerminalSink());
  if (config.desktop) {
    const desktop = new DesktopSink(onError);
    if (desktop.available) sinks.push(desktop);
    else {options.onError?.(
        "Desktop notifications are on but notify-send is not installed: install libnotify-bin",
      );}
  }
  const outbox = new WebhookOutbox(projectDir);
  const secrets = readSessionConfig(projectDir).secrets;
  for (const kind of ["slack", "discord"] as const) {
    const hook = config[kind];
    if (!hook) continue;
    const sink = new WebhookSink({ kind, url: hook.webhookUrl, outbox, secrets, ...onError });
    await sink.start();
    sinks.push(sink);
  }
  return sinks;
}
