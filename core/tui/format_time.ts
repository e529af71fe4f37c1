/** Short time wording for panels: "just now", "12s ago", "1.4s", "2m 03s". */

/** How long ago `then` was, compactly ("just now", "45s ago", "5m ago", "2h ago", "3d ago"). */
export function formatAgo(then: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

/** A duration: "340ms", "1.4s", "2m 03s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/** An age without "ago": "2h", "5m", "12s". */
export function formatAge(since: number, now = Date.now()): string {
  const text = formatAgo(since, now);
  return text === "just now" ? "0s" : text.replace(" ago", "");
}
