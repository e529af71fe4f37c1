/** Human wording for how long ago something happened: "just now", "5 minutes ago", "yesterday". */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Says how long before `now` the moment `then` was; a moment in the future reads "just now". */
export function timeAgo(then: Date, now: Date = new Date()): string {
  if (!(then instanceof Date)) {
    throw new TypeError("timeAgo's date is missing: call timeAgo(session.lastActive)");
  }
  const ms = now.getTime() - then.getTime();
  if (ms < MINUTE) return "just now";
  if (ms < HOUR) return plural(Math.floor(ms / MINUTE), "minute");
  if (ms < DAY) return plural(Math.floor(ms / HOUR), "hour");
  if (ms < 2 * DAY) return "yesterday";
  if (ms < 30 * DAY) return plural(Math.floor(ms / DAY), "day");
  if (ms < 365 * DAY) return plural(Math.floor(ms / (30 * DAY)), "month");
  return plural(Math.floor(ms / (365 * DAY)), "year");
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"} ago`;
}
