/**
 * Sends the messages of `notify` steps to the project's configured sinks (Slack and Discord webhooks,
 * desktop), from the `notify:` section of `.flux/config.yaml`. The terminal already shows the step's
 * output. `params.channels` of a step limits where it goes (`[slack]`, `[discord, desktop]`, `[]`).
 */
import { loadConfig } from "../config/load_config.ts";
import { buildSinks } from "../notify/build_sinks.ts";
import type { NotificationLevel, NotificationSink } from "../notify/notification.ts";
import { notifyConfig } from "../notify/notify_config.ts";

/** What a notify step asks to send. */
export interface StepNotification {
  workflow: string;
  step: string;
  message: string;
  level: NotificationLevel;
  /** Sink names to use; undefined means every configured sink. */
  channels?: string[];
}

/** Options for {@linkcode openNotifyDelivery}. */
export interface NotifyDeliveryOptions {
  onError?: (message: string) => void;
  /** Milliseconds `close()` waits for webhooks to deliver (the rest stays in the outbox). */
  flushMs?: number;
}

/** Delivers step notifications; `close()` flushes and stops the sinks. */
export interface NotifyDelivery {
  deliver(notification: StepNotification): Promise<void>;
  close(): Promise<void>;
}

/** Sinks are built on the first message, so a run without notify steps reads no config. */
export function openNotifyDelivery(
  projectDir: string,
  options: NotifyDeliveryOptions = {},
): NotifyDelivery {
  let sinks: Promise<NotificationSink[]> | undefined;
  const open = async () => {
    const config = notifyConfig(await loadConfig(projectDir));
    return await buildSinks(projectDir, config, {
      terminal: false,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  };
  return {
    async deliver(n) {
      sinks ??= open();
      const time = new Date().toISOString();
      const text = `[${n.workflow}] ${n.message}`;
      for (const sink of await sinks) {
        if (n.channels && !n.channels.includes(sink.name)) continue;
        await sink.send({
          time,
          monitor: `workflow:${n.workflow}`,
          level: n.level,
          title: n.message,
          lines: [],
          text,
        });
      }
    },
    async close() {
      if (!sinks) return;
      const list = await sinks.catch(() => []);
      await Promise.all(
        list.map((s) =>
          (s.close as ((ms?: number) => Promise<void>) | undefined)?.call(
            s,
            options.flushMs ?? 5000,
          )
        ),
      );
    },
  };
}
