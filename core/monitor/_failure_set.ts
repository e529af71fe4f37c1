/**
 * The set of failures is a failing monitor's state. A `fail` announcement is framed, when it is delivered,
 * against the state the person was last told about: the first failure, failures added ("28 more"), some
 * fixed while others still fail, or nothing new to say (the same set again, after a cooldown merged runs).
 */
import type { MonitorItem } from "../plugin_host/types.ts";
import { type Announcement, itemKey, type MonitorState } from "./_transition.ts";

/** The announcement to deliver for `announce` given what was last told; undefined when nothing changed. */
export function frameAnnouncement(
  announce: Announcement,
  state: MonitorState | undefined,
  told: MonitorState | undefined,
): Announcement | undefined {
  if (announce.type !== "fail" || !state || told?.status !== "fail") return announce;
  const before = new Set(told.items.map(itemKey));
  const now = new Set(state.items.map(itemKey));
  const added = state.items.filter((i) => !before.has(itemKey(i)));
  const fixed = told.items.filter((i) => !now.has(itemKey(i)));
  if (added.length > 0) return { type: "worse", added, fixed };
  if (fixed.length > 0) return { type: "better", fixed };
  // Told "failing" with no items (a crashed run) and now with some: say it again, with the names.
  if (told.items.length === 0 && state.items.length > 0) return announce;
  return undefined;
}

/** A short identity of a set of failures, for the cooldown gate's "same state as last told" check. */
export function failureSetKey(items: MonitorItem[]): string {
  const keys = [...new Set(items.map(itemKey))].sort();
  let hash = 0x811c9dc5;
  for (const key of keys) {
    for (let i = 0; i < key.length; i++) {
      hash ^= key.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    hash ^= 0x0a;
  }
  return `${keys.length}:${hash.toString(16)}`;
}

/**
 * The failures `announce` would tell, when every one of them is at a place (file, line, and column when
 * both have one) that another monitor has already told as failing: one compile error breaks the build, the
 * tests and the linter at once, and is news once. False when the announcement tells no failures.
 */
export function failuresAlreadyTold(
  announce: Announcement,
  state: MonitorState | undefined,
  others: MonitorState[],
): boolean {
  const items = announce.type === "fail"
    ? state?.items ?? []
    : announce.type === "new_items" || announce.type === "stage_fail"
    ? announce.items
    : announce.type === "worse"
    ? announce.added
    : [];
  if (items.length === 0 || items.some((i) => !i.file || !i.line)) return false;
  const told = others.filter((s) => s.status === "fail").flatMap((s) => s.items);
  return items.every((item) => told.some((t) => samePlace(item, t)));
}

function samePlace(a: MonitorItem, b: MonitorItem): boolean {
  if (a.file !== b.file || a.line !== b.line) return false;
  return a.column === undefined || b.column === undefined || a.column === b.column;
}
