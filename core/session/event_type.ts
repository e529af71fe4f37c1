/** The kinds of event the session store records (seed section 1, plus monitor and notification events). */
export const EventType = {
  MESSAGE: "message",
  FILE_EDIT: "file_edit",
  TEST_RUN: "test_run",
  ERROR: "error",
  COMMAND: "command",
  WORKFLOW: "workflow",
  TASK: "task",
  NOTIFICATION: "notification",
  MONITOR_STATE: "monitor_state",
} as const;

/** One of the {@linkcode EventType} values. */
export type EventType = typeof EventType[keyof typeof EventType];

/** True when `value` names a known event type. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && (Object.values(EventType) as string[]).includes(value);
}
