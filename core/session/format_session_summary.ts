/**
 * The resume banner, in the seed's words:
 *
 * ```
 * 📂 Resuming session from 2 hours ago
 *
 * 🎯 Last task: Debugging login authentication
 * 📝 Working on: auth.py, login_tests.py, utils.py
 * ❌ Tests: 3 failing
 * ```
 * followed by recent errors and recent activity. Lines with nothing to say are left out.
 */
import { describeEvent } from "./describe_event.ts";
import type { Session, SessionEvent } from "./session_types.ts";
import { timeAgo } from "./time_ago.ts";

/** How many files, errors and activity lines the banner shows. */
export const SUMMARY_LIMITS = { files: 5, errors: 3, activity: 5 } as const;

/** Formats the banner for `session`; `recent` is its latest events, oldest first. */
export function formatSessionSummary(
  session: Session,
  recent: SessionEvent[],
  now: Date,
): string {
  const name = session.name ? ` "${session.name}"` : "";
  const lines = [`📂 Resuming session${name} from ${timeAgo(session.lastActive, now)}`];
  const body: string[] = [];
  const { currentTask, activeFiles, testStatus, recentErrors } = session.state;
  if (currentTask) body.push(`🎯 Last task: ${oneLine(currentTask)}`);
  if (activeFiles.length > 0) {
    const more = activeFiles.length > SUMMARY_LIMITS.files
      ? ` (+${activeFiles.length - SUMMARY_LIMITS.files} more)`
      : "";
    body.push(`📝 Working on: ${activeFiles.slice(0, SUMMARY_LIMITS.files).join(", ")}${more}`);
  }
  if (testStatus) {
    body.push(
      testStatus.failed > 0
        ? `❌ Tests: ${testStatus.failed} failing`
        : `✅ Tests: ${testStatus.passed} passing`,
    );
  }
  if (body.length > 0) lines.push("", ...body);
  if (recentErrors.length > 0) {
    lines.push("", "⚠️  Recent errors:");
    for (const error of recentErrors.slice(0, SUMMARY_LIMITS.errors)) {
      lines.push(`  • ${oneLine(error.message)}`);
    }
  }
  const activity = recent.filter(isActivity).slice(-SUMMARY_LIMITS.activity).reverse();
  if (activity.length > 0) {
    lines.push("", "📋 Recent activity:");
    for (const event of activity) {
      lines.push(`  • ${event.type}: ${describeEvent(event.type, event.data)}`);
    }
  }
  return lines.join("\n");
}

/** A monitor state that stayed the same (git "ok -> ok" with a new summary) is not activity. */
function isActivity(event: SessionEvent): boolean {
  return event.type !== "monitor_state" || event.data.from !== event.data.to;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
