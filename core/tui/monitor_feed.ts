/** Turns one monitor event into what the TUI shows: a monitor row update and, when it speaks, a feed item. */
import type { MonitorEvent } from "../monitor/monitor_event.ts";
import type { TuiEvent } from "./tui_state.ts";

/** At most this many failures are listed under a notification; the rest are counted. */
const ITEMS_SHOWN = 8;

/** The TUI events for `event`; unknown shapes give nothing rather than throwing. */
export function monitorFeed(event: MonitorEvent): TuiEvent[] {
  const time = Date.parse(event.time) || Date.now();
  switch (event.kind) {
    case "state_change": {
      const state = event.to ?? "unknown";
      const out: TuiEvent[] = [{
        type: "monitor",
        monitor: { name: event.monitor, state, lastRun: time, ...summary(event.summary) },
      }];
      return out;
    }
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
