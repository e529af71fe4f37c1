/** The five built-in monitors, by the name of their plugin in `monitors/`. */
export const MonitorType = {
  TESTS: "tests",
  BUILD: "build",
  LINT: "lint",
  FILE_CHANGES: "file_changes",
  GIT: "git",
} as const;

/** One of the {@linkcode MonitorType} values. */
export type MonitorType = typeof MonitorType[keyof typeof MonitorType];

/** True when `value` names a built-in monitor. */
export function isMonitorType(value: unknown): value is MonitorType {
  return typeof value === "string" && (Object.values(MonitorType) as string[]).includes(value);
}
