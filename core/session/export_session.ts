/** `flux session export`: a session and its events as JSON (lossless) or Markdown (for reading). */
import { describeEvent } from "./describe_event.ts";
import type { Session, SessionEvent } from "./session_types.ts";

/** The formats {@linkcode exportSession} writes. */
export type ExportFormat = "json" | "md";

/** Renders `session` with all its `events` (oldest first). */
export function exportSession(
  session: Session,
  events: SessionEvent[],
  format: ExportFormat,
): string {
  if (format === "json") return JSON.stringify({ session, events }, null, 2);
  return exportMarkdown(session, events);
}

function exportMarkdown(session: Session, events: SessionEvent[]): string {
  const title = session.name ? `${session.name} (${session.id})` : session.id;
  const { currentTask, activeFiles, testStatus, recentErrors } = session.state;
  const lines = [
    `# Session ${title}`,
    "",
    `- Project: \`${session.projectPath}\``,
    `- Started: ${session.startTime.toISOString()}`,
    `- Last active: ${session.lastActive.toISOString()}`,
    `- Pinned: ${session.pinned ? "yes" : "no"}`,
    `- Events: ${events.length}`,
  ];
  if (currentTask) lines.push(`- Last task: ${currentTask}`);
  if (activeFiles.length > 0) {
    lines.push(`- Files: ${activeFiles.map((f) => `\`${f}\``).join(", ")}`);
  }
  if (testStatus) {
    lines.push(
      `- Tests: ${testStatus.total} total, ${testStatus.passed} passed, ${testStatus.failed} failed`,
    );
  }
  if (recentErrors.length > 0) {
    lines.push("", "## Recent errors", "");
    for (const e of recentErrors) {
      const where = e.file ? ` (${e.file}${e.line !== undefined ? `:${e.line}` : ""})` : "";
      lines.push(`- ${e.message}${where}`);
    }
  }
  lines.push("", "## Events", "");
  for (const event of events) {
    const time = event.timestamp.toISOString().replace("T", " ").slice(0, 19);
    const content = event.type === "message" && typeof event.data.content === "string"
      ? event.data.content
      : null;
    if (content !== null && content.includes("\n")) {
      const role = typeof event.data.role === "string" ? event.data.role : "message";
      lines.push(
        `- ${time} · message · ${role}:`,
        "",
        ...content.split("\n").map((l) => `  > ${l}`),
      );
      lines.push("");
    } else {
      lines.push(`- ${time} · ${event.type} · ${describeEvent(event.type, event.data)}`);
    }
  }
  return lines.join("\n") + "\n";
}
