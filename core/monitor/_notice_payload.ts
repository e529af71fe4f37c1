/** What the cooldown gate holds per monitor, and how held notices combine. */
import type { Announcement, MonitorState } from "./_transition.ts";
import { itemKey } from "./_transition.ts";
import { failureSetKey } from "./_failure_set.ts";

/** A pending notice: a state announcement, or a batch of changed files. */
export interface NoticePayload {
  announce: Announcement | { type: "files"; files: string[] };
  state?: MonitorState;
  /** The tail of the tool's output, for the analysis. */
  output?: string;
  /** The tool that produced the result (`data.tool`: "ruff", "eslint", "pytest"), for the analysis. */
  tool?: string;
}

/** The gate key: the state announced, or `null` for additive notices. */
export function noticeKey(payload: NoticePayload): string | null {
  const a = payload.announce;
  // A failing state is its set of failures: the same set as last told is not told again.
  if (a.type === "fail") return `fail:${failureSetKey(payload.state?.items ?? [])}`;
  if (a.type === "ok") return a.type;
  if (a.type === "info") return `info:${payload.state?.summary ?? ""}`;
  if (a.type === "stage_fail") {
    return `stage:${a.stage}:${a.items.map((i) => i.name ?? i.message).sort().join("\u0000")}`;
  }
  if (a.type === "flaky") return `flaky:${a.tests.map((t) => t.name).sort().join("\u0000")}`;
  return null;
}

/** Combines two additive notices held during a cooldown: files and new issues add up. */
export function mergeNotices(older: NoticePayload, newer: NoticePayload): NoticePayload {
  const a = older.announce;
  const b = newer.announce;
  if (a.type === "files" && b.type === "files") {
    return { announce: { type: "files", files: [...new Set([...a.files, ...b.files])] } };
  }
  if (a.type === "new_items" && b.type === "new_items") {
    const seen = new Set(b.items.map(itemKey));
    const now = new Set((newer.state?.items ?? b.items).map(itemKey));
    const items = [
      ...a.items.filter((i) => !seen.has(itemKey(i)) && now.has(itemKey(i))),
      ...b.items,
    ];
    return { ...newer, announce: { type: "new_items", items, first: a.first } };
  }
  return newer;
}
