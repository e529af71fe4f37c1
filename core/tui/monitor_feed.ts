/** Turns one monitor event into what the TUI shows: a monitor row update and, when it speaks, a feed item. */
import type { MonitorEvent } from "../monitor/monitor_event.ts";
import { analysisHeading, type Notification } from "../notify/notification.ts";
import type { MonitorResult } from "../plugin_host/types.ts";
import type { FeedLevel, TestCounts, TuiEvent } from "./tui_state.ts";

/** At most this many failures are listed under a notification; the rest are counted. */
const ITEMS_SHOWN = 8;

/** The TUI events for `event`; unknown shapes give nothing rather than throwing. */
export function monitorFeed(event: MonitorEvent): TuiEvent[] {
  const time = Date.parse(event.time) || Date.now();
  switch (event.kind) {
    case "state":
    case "state_change": {
      const state = event.to ?? "unknown";
      const out: TuiEvent[] = [{
        type: "monitor",
        monitor: { name: event.monitor, state, lastRun: time, ...summary(event.summary) },
      }];
      return out;
    }
    case "stage":
      // An early stage of a widening check: its failures reach the feed as a notification.
      return [];
    case "file_change": {
      const files = event.files ?? [];
      const title = event.title ??
        `📝 ${files.length} file${files.length === 1 ? "" : "s"} changed: ${
          files.slice(0, 3).join(", ")
        }${files.length > 3 ? ", ..." : ""}`;
      return [{ type: "feed", level: "info", title, time }];
    }
    case "notification": {
      const text = (event.text ?? "").split("\n").filter((l) => !/^[=─━-]{8,}$/.test(l.trim()));
      const title = event.title ?? text.find((l) => l.trim() !== "") ?? event.monitor;
      const lines = dropLeadingBlank(text.filter((l) => l.trim() !== title.trim()));
      const items = event.items ?? [];
      if (lines.length === 0 && items.length > 0) {
        for (const item of items.slice(0, ITEMS_SHOWN)) lines.push(`  • ${itemText(item)}`);
        if (items.length > ITEMS_SHOWN) lines.push(`  ... and ${items.length - ITEMS_SHOWN} more`);
      }
      const level = event.to === "ok" || title.includes("✅")
        ? "ok"
        : event.to === "fail" || title.includes("❌")
        ? "fail"
        : title.includes("⚠")
        ? "warn"
        : "info";
      return [{ type: "feed", level, title, lines: trimTrailingBlank(lines), time }];
    }
    case "error":
      return [
        {
          type: "monitor",
          monitor: {
            name: event.monitor,
            state: "unknown",
            lastRun: time,
            ...summary(event.message),
          },
        },
        {
          type: "feed",
          level: "warn",
          title: `⚠️  Monitor "${event.monitor}" had a problem`,
          lines: [event.message ?? "no details"],
          time,
        },
      ];
  }
}

function summary(text: string | undefined): { summary?: string } {
  return text === undefined ? {} : { summary: text };
}

function itemText(item: { message: string; file?: string; line?: number; name?: string }): string {
  const where = item.file ? `${item.file}${item.line ? `:${item.line}` : ""}: ` : "";
  return `${item.name ? `${item.name} ` : ""}${where}${item.message}`.trim();
}

function dropLeadingBlank(lines: string[]): string[] {
  const at = lines.findIndex((l) => l.trim() !== "");
  return at < 0 ? [] : lines.slice(at);
}

function trimTrailingBlank(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && (out[out.length - 1] ?? "").trim() === "") out.pop();
  return out;
}

const LEVELS: Record<string, FeedLevel> = {
  error: "fail",
  warning: "warn",
  success: "ok",
  info: "info",
};

/** A boxed feed item for a monitor's notification: the title, the analysis, then the list. */
export function notificationFeed(notification: Notification): TuiEvent {
  const lines: string[] = [];
  if (notification.analysis) {
    lines.push(analysisHeading(notification.analysisSource), ...notification.analysis.split("\n"));
  }
  if (notification.lines.length > 0) {
    if (lines.length > 0) lines.push("");
    if (notification.listTitle) lines.push(notification.listTitle);
    for (const line of notification.lines.slice(0, ITEMS_SHOWN)) lines.push(`  • ${line}`);
    if (notification.lines.length > ITEMS_SHOWN) {
      lines.push(`  ... and ${notification.lines.length - ITEMS_SHOWN} more`);
    }
  }
  const time = Date.parse(notification.time);
  return {
    type: "feed",
    level: LEVELS[notification.level] ?? "info",
    title: notification.title,
    lines,
    ...(Number.isNaN(time) ? {} : { time }),
  };
}

/** Test counts from a tests monitor result: `data` when it has them, else the summary's wording. */
export function testCountsOf(result: MonitorResult): TestCounts | undefined {
  const record = (value: unknown) =>
    (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  // The tests monitor puts its counts under data.counts; other plugins may put them at the top.
  const outer = record(result.data);
  const data = "counts" in outer ? record(outer.counts) : outer;
  const n = (
    value: unknown,
  ) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
  let total = n(data.total);
  let failed = n(data.failed);
  let passed = n(data.passed);
  if (total === undefined) {
    const number = (word: string) => {
      const match = new RegExp(`(\\d+)\\s+(?:tests?\\s+)?${word}`).exec(result.summary);
      return match ? Number(match[1]) : undefined;
    };
    passed = number("passed");
    failed = number("failed") ?? number("failing");
    if (passed === undefined && failed === undefined) return undefined;
    const stated = /(\d+)\s+tests?\b/.exec(result.summary);
    total = stated ? Number(stated[1]) : (passed ?? 0) + (failed ?? 0);
  }
  failed ??= 0;
  return { total, failed, passed: passed ?? total - failed };
}
