/** A notification as every sink receives it: structured parts plus the ready-made terminal text. */

/** How a notification should look: a failure, a warning (new lint issues), good news, or information. */
export type NotificationLevel = "error" | "warning" | "success" | "info";

/** Who wrote an analysis: a model, or Flux's built-in rules (never labelled as AI). */
export type AnalysisSource = "model" | "builtin";

/** The heading of an analysis: "🤖 AI Analysis:" only when a model wrote it. */
export function analysisHeading(source: AnalysisSource | undefined): string {
  return source === "model" ? "🤖 AI Analysis:" : "🔎 Analysis (built-in rules, no AI):";
}

/** One notification. */
export interface Notification {
  /** ISO 8601 time. */
  time: string;
  monitor: string;
  level: NotificationLevel;
  /** The headline, e.g. "❌ Tests are now failing!". */
  title: string;
  /** The analysis of a failure (model or built-in). */
  analysis?: string;
  /** Who wrote the analysis: a model ("🤖 AI Analysis") or Flux's built-in rules. */
  analysisSource?: AnalysisSource;
  /** Heading of the bullet list, e.g. "Failed tests:". */
  listTitle?: string;
  /** Bullet lines without the bullet. */
  lines: string[];
  /** The full text in the boxed terminal format. */
  text: string;
}

/** Where notifications go: the terminal, the desktop, a webhook, a user callback. */
export interface NotificationSink {
  readonly name: string;
  send(notification: Notification): void | Promise<void>;
  /** Stops background work; undelivered webhook messages stay in the outbox. */
  close?(): Promise<void>;
}
