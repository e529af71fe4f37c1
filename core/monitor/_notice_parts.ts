/** Words of each notification: titles in the seed's style, bullet lines per monitor. */
import type { MonitorItem } from "../plugin_host/types.ts";
import type { NotificationParts } from "../notify/format_notification.ts";
import type { Announcement, MonitorState } from "./_transition.ts";

const LABEL: Record<string, string> = { tests: "Tests", build: "Build", lint: "Lint", git: "Git" };
const LIST_TITLE: Record<string, string> = {
  tests: "Failed tests:",
  build: "Errors:",
  lint: "Issues:",
};

/** The parts of the notification for `announce` (the analysis is added by the caller). */
export function noticeParts(
  monitor: string,
  announce: Announcement,
  state: MonitorState,
): NotificationParts {
  const label = LABEL[monitor] ?? monitor;
  const verb = monitor === "tests" ? "are" : "is";
  switch (announce.type) {
    case "fail":
      return {
        monitor,
        level: "error",
        title: `❌ ${label} ${verb} ${announce.first ? "" : "now "}failing!`,
        listTitle: LIST_TITLE[monitor] ?? "Problems:",
        lines: state.items.length > 0
          ? state.items.map((i) => bullet(monitor, i))
          : [state.summary],
      };
    case "worse": {
      const n = announce.added.length;
      const fixed = announce.fixed.length > 0 ? ` (${announce.fixed.length} fixed)` : "";
      return {
        monitor,
        level: "error",
        title: `❌ ${n} more ${failingNoun(monitor, n)}${fixed}: ${names(monitor, announce.added)}`,
        listTitle: NEW_TITLE[monitor] ?? "New problems:",
        lines: announce.added.map((i) => bullet(monitor, i)),
      };
    }
    case "better": {
      const still = state.items.length;
      return {
        monitor,
        level: "success",
        title: `✅ ${announce.fixed.length} fixed, ${still} still ${
          monitor === "tests" ? "failing" : `failing (${label})`
        }`,
        listTitle: "Fixed:",
        lines: announce.fixed.map((i) => bullet(monitor, i)),
      };
    }
    case "ok":
      return {
        monitor,
        level: "success",
        title: monitor === "lint"
          ? "✅ Lint issues fixed"
          : `✅ ${label} ${verb} now ${
            monitor === "tests" || monitor === "build" ? "passing" : "ok"
          }!`,
      };
    case "new_items": {
      const n = announce.items.length;
      return {
        monitor,
        level: "warning",
        title: `⚠️  ${n} ${announce.first ? "" : "new "}lint issue${n === 1 ? "" : "s"}`,
        listTitle: LIST_TITLE[monitor] ?? "Issues:",
        lines: announce.items.map((i) => bullet(monitor, i)),
      };
    }
    case "info":
      return { monitor, level: "info", title: `🌿 ${label}: ${state.summary}`, inline: true };
    case "stage_fail": {
      const n = announce.items.length;
      const what = announce.stage === "failed" ? "previously failing" : announce.stage;
      const verb = announce.still ? "still failing" : "failing";
      return {
        monitor,
        level: "error",
        title: `❌ ${n} ${what} test${n === 1 ? "" : "s"} ${verb} (full suite still running)`,
        listTitle: LIST_TITLE[monitor] ?? "Problems:",
        lines: announce.items.map((i) => bullet(monitor, i)),
      };
    }
    case "flaky":
      return {
        monitor,
        level: "warning",
        title: announce.tests.map((t) =>
          `⚠️ flaky test failed: ${t.name} (failed ${t.failed} of last ${t.runs} runs)`
        ).join("; "),
      };
  }
}

const NEW_TITLE: Record<string, string> = {
  tests: "Newly failing tests:",
  build: "New errors:",
};

/** "tests failing", "build errors", "lint problems", "failures" of another monitor. */
function failingNoun(monitor: string, n: number): string {
  if (monitor === "tests") return `test${n === 1 ? "" : "s"} failing`;
  if (monitor === "build") return `build error${n === 1 ? "" : "s"}`;
  return `${monitor} failure${n === 1 ? "" : "s"}`;
}

/** The first three names of `items` ("test_a, test_b, test_c and 25 more"). */
function names(monitor: string, items: MonitorItem[]): string {
  const shown = items.slice(0, 3).map((i) =>
    monitor === "tests" && i.name ? i.name.split("::").pop() ?? i.name : i.name ?? short(i.message)
  );
  return shown.join(", ") + (items.length > 3 ? ` and ${items.length - 3} more` : "");
}

/** "📝 1 file changed: auth.py" (at most three names, then a count). */
export function filesParts(files: string[]): NotificationParts {
  const n = files.length;
  const names = files.slice(0, 3).join(", ") + (n > 3 ? ` and ${n - 3} more` : "");
  return {
    monitor: "file_changes",
    level: "info",
    title: `📝 ${n} file${n === 1 ? "" : "s"} changed: ${names}`,
    inline: true,
  };
}

/**
 * One bullet: `FAILED file::test - message` for tests, `file:line:col: CODE message` otherwise (the
 * column when the item has one, as the lint monitor's issues do).
 */
export function bullet(monitor: string, item: MonitorItem & { column?: unknown }): string {
  const message = short(item.message);
  const col = item.line && typeof item.column === "number" ? `:${item.column}` : "";
  if (monitor === "tests") {
    // A test by its id; a compile error of the tests (no test name) by its place, column included.
    const id = item.name
      ? (item.file && !item.name.includes(item.file) ? `${item.file}::${item.name}` : item.name)
      : `${item.file ?? "?"}${item.line ? `:${item.line}${col}` : ""}`;
    return `FAILED ${id}${message ? ` - ${message}` : ""}`;
  }
  const at = item.file ? `${item.file}${item.line ? `:${item.line}${col}` : ""}: ` : "";
  return `${at}${item.name ? `${item.name} ` : ""}${message}`.trim();
}

function short(text: string): string {
  const line = text.split("\n").find((l) => l.trim())?.trim() ?? "";
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
