/** A notification as every sink receives it: structured parts plus the ready-made terminal text. */

/** How a notification should look: a failure, a warning (new lint issues), good news, or information. */
export type NotificationLevel = "error" | "warning" | "success" | "info";

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
