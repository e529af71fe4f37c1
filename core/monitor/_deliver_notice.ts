/** Turns a released notice into a notification (adding the analysis of a failure) and hands it out. */
import type { GateNotice } from "./cooldown_gate.ts";
import type { NoticePayload } from "./_notice_payload.ts";
import type { FailureAnalyzer } from "./failure_analyzer.ts";
import type { MonitorEvent } from "./monitor_event.ts";
import type { MonitorSessionStore } from "./_monitor_memory.ts";
import type { Notification, NotificationSink } from "../notify/notification.ts";
import { formatNotification, type NotificationParts } from "../notify/format_notification.ts";
import { filesParts, noticeParts } from "./_notice_parts.ts";
import { analyzeFailure } from "./analyze_failure.ts";
import { EventType } from "../session/event_type.ts";

/** What delivery needs from the coordinator. */
export interface DeliverContext {
  builtin: FailureAnalyzer;
  llm?: FailureAnalyzer;
  analysisTimeoutMs: number;
  sinks: NotificationSink[];
  callbacks: Array<(message: string, notification: Notification) => void | Promise<void>>;
  session?: MonitorSessionStore;
  now(): Date;
  emit(event: MonitorEvent): void;
}

/** Formats, analyses and sends one notice; a failing sink or callback is reported, never fatal. */
export async function deliverNotice(
  notice: GateNotice<NoticePayload>,
  ctx: DeliverContext,
): Promise<Notification> {
  const { announce, state, output, tool } = notice.payload;
  let parts: NotificationParts;
  if (announce.type === "files") parts = filesParts(announce.files);
  else {
    parts = noticeParts(
      notice.monitor,
      announce,
      state ?? { status: "unknown", summary: "", items: [], since: "" },
    );
    const analysed = announce.type === "new_items"
      ? announce.items
      : announce.type === "worse"
      ? announce.added
      : announce.type === "fail"
      ? state?.items ?? []
      : undefined;
    if (analysed) {
      const analysis = await analyzeFailure({
        monitor: notice.monitor,
        summary: state?.summary ?? "",
        items: analysed,
        ...(output ? { output } : {}),
        ...(tool ? { tool } : {}),
      }, {
        fallback: ctx.builtin,
        ...(ctx.llm ? { model: ctx.llm } : {}),
        timeoutMs: ctx.analysisTimeoutMs,
      });
      parts.analysis = analysis.text;
      parts.analysisSource = analysis.source;
    }
  }
  const notification = formatNotification({ ...parts, time: ctx.now() });
  for (const sink of ctx.sinks) {
    try {
      await sink.send(notification);
    } catch (error) {
      ctx.emit(
        errorEvent(ctx, notice.monitor, `The ${sink.name} notification failed: ${text(error)}`),
      );
    }
  }
  for (const callback of ctx.callbacks) {
    try {
      await callback(notification.text, notification);
    } catch (error) {
      ctx.emit(errorEvent(ctx, notice.monitor, `A notification callback failed: ${text(error)}`));
    }
  }
  ctx.emit({
    time: notification.time,
    monitor: notice.monitor,
    kind: "notification",
    level: notification.level,
    title: notification.title,
    text: notification.text,
  });
  try {
    ctx.session?.recordEvent(EventType.NOTIFICATION, {
      monitor: notice.monitor,
      level: notification.level,
      title: notification.title,
      ...(notification.analysis
        ? { analysis: notification.analysis, analysisSource: notification.analysisSource }
        : {}),
    });
  } catch {
    // The notification went out; a full disk must not stop the next one.
  }
  return notification;
}

function errorEvent(ctx: DeliverContext, monitor: string, message: string): MonitorEvent {
  return { time: ctx.now().toISOString(), monitor, kind: "error", message };
}

function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
