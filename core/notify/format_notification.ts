/**
 * The seed's boxed terminal format:
 * a rule of "=", the title, a rule, then the analysis under "🤖 AI Analysis:" when a model wrote it (else
 * under the built-in analyzer's own heading) and the bullet list when there are any, and a closing rule. One-line notices (file changes, git) are printed without the box.
 */
import { requiredObject } from "../api/required.ts";
import {
  analysisHeading,
  type AnalysisSource,
  type Notification,
  type NotificationLevel,
} from "./notification.ts";

/** Width of the "=" rules. */
export const RULE = "=".repeat(60);
const MAX_LINES = 10;

/** The parts of a notification, before formatting. */
export interface NotificationParts {
  monitor: string;
  level: NotificationLevel;
  title: string;
  analysis?: string;
  /** Who wrote `analysis`; anything but "model" gets the built-in heading. */
  analysisSource?: AnalysisSource;
  listTitle?: string;
  lines?: string[];
  /** One line, no box (file changes, git). */
  inline?: boolean;
  time?: Date;
}

/** Builds a {@linkcode Notification} with its boxed text. */
export function formatNotification(parts: NotificationParts): Notification {
  requiredObject(
    parts,
    "formatNotification's parts",
    "formatNotification({ monitor, level, title, lines })",
  );
  const lines = parts.lines ?? [];
  const shown = lines.length > MAX_LINES
    ? [...lines.slice(0, MAX_LINES - 1), `... and ${lines.length - MAX_LINES + 1} more`]
    : lines;
  let text: string;
  if (parts.inline) text = parts.title;
  else {
    const out = [RULE, parts.title, RULE];
    if (parts.analysis) {
      out.push("", analysisHeading(parts.analysisSource), parts.analysis.trim());
    }
    if (shown.length > 0) {
      out.push("");
      if (parts.listTitle) out.push(parts.listTitle);
      for (const line of shown) out.push(`  • ${line}`);
    }
    if (out.length > 3) out.push("", RULE);
    text = out.join("\n");
  }
  return {
    time: (parts.time ?? new Date()).toISOString(),
    monitor: parts.monitor,
    level: parts.level,
    title: parts.title,
    ...(parts.analysis
      ? { analysis: parts.analysis.trim(), analysisSource: parts.analysisSource ?? "builtin" }
      : {}),
    ...(parts.listTitle ? { listTitle: parts.listTitle } : {}),
    lines,
    text,
  };
}
