/**
 * The `monitors:` section of `.flux/config.yaml`:
 *
 * ```yaml
 * monitors:
 *   enabled: [tests, lint, git, file_changes]   # default: all five
 *   cooldown: 10                                 # seconds between two notifications of one monitor
 *   tests:
 *     interval: 30          # fallback seconds between checks (0: only on file changes)
 *     on_change: restart    # or queue
 *     timeout: 300          # seconds one check may take
 *     watch: ["src/**", "tests/**"]
 *     strategy: widening    # or full: failed tests, then affected tests, then the whole suite
 *     command: "pytest -q"  # any other key is handed to the monitor plugin as ctx.options
 * ```
 */
import { requiredObject } from "../api/required.ts";
import { configSection, type FluxConfig, isPlainObject } from "../config/load_config.ts";
import { configError } from "./_config_position.ts";
import type { EnableMonitorOptions } from "./proactive_monitor.ts";
import { isMonitorType, MonitorType } from "./monitor_type.ts";

/** The narrowed `monitors:` section. */
export interface MonitorSettings {
  enabled: string[];
  /** True when `monitors.enabled` lists the monitors (then only those run, project ones included). */
  explicit?: boolean;
  /** Monitors turned off with `monitors.NAME.enabled: false`. */
  disabled?: string[];
  cooldownMs?: number;
  monitors: Record<string, EnableMonitorOptions>;
}

const OWN_KEYS = new Set(["interval", "on_change", "timeout", "watch", "enabled", "strategy"]);

/** Reads and checks the `monitors:` section; a bad value throws a `FluxFileError` at its line. */
export function monitorSettings(config: FluxConfig): MonitorSettings {
  requiredObject(config, "monitorSettings's config", "monitorSettings(await loadConfig(dir))");
  const section = configSection(config, "monitors");
  // `detail` starts with the key's path below monitors: ("tests.on_change must be ...").
  const fail = (detail: string) => {
    const path = ["monitors", ...(detail.split(" ")[0] ?? "").split(".")];
    return configError(config, path, `monitors.${detail}`);
  };
  let enabled: string[] = Object.values(MonitorType);
  if (section.enabled !== undefined) {
    if (!Array.isArray(section.enabled) || !section.enabled.every((n) => typeof n === "string")) {
      throw fail("enabled must be a list of monitor names, e.g. [tests, lint]");
    }
    enabled = section.enabled;
  }
  const out: MonitorSettings = {
    enabled,
    explicit: section.enabled !== undefined,
    disabled: [],
    monitors: {},
  };
  if (section.cooldown !== undefined) {
    out.cooldownMs = seconds(section.cooldown, "cooldown", fail) * 1000;
  }
  for (const [name, value] of Object.entries(section)) {
    if (name === "enabled" || name === "cooldown") continue;
    if (!isPlainObject(value)) {
      throw fail(`${name} must be a mapping (interval, on_change, timeout, ...)`);
    }
    const m: EnableMonitorOptions = {};
    if (value.interval !== undefined) {
      m.interval = seconds(value.interval, `${name}.interval`, fail);
    }
    if (value.timeout !== undefined) {
      m.timeoutMs = seconds(value.timeout, `${name}.timeout`, fail) * 1000;
    }
    if (value.on_change !== undefined) {
      if (value.on_change !== "restart" && value.on_change !== "queue") {
        throw fail(`${name}.on_change must be restart or queue`);
      }
      m.onChange = value.on_change;
    }
    if (value.strategy !== undefined) {
      if (value.strategy !== "widening" && value.strategy !== "full") {
        throw fail(`${name}.strategy must be widening or full`);
      }
      m.strategy = value.strategy;
    }
    if (value.watch !== undefined) {
      if (!Array.isArray(value.watch) || !value.watch.every((g) => typeof g === "string")) {
        throw fail(`${name}.watch must be a list of globs`);
      }
      m.watch = value.watch;
    }
    const options = Object.fromEntries(Object.entries(value).filter(([k]) => !OWN_KEYS.has(k)));
    if (Object.keys(options).length > 0) m.options = options;
    if (value.enabled === false) {
      out.enabled = out.enabled.filter((n) => n !== name);
      out.disabled?.push(name);
    }
    out.monitors[name] = m;
  }
  return out;
}

/**
 * Parses `--only tests,lint` against the known monitors (the built-ins, plus `others`: the project's
 * monitor plugins); an unknown name throws an Error naming it.
 */
export function parseOnly(text: string, others: string[] = []): string[] {
  const names = text.split(",").map((n) => n.trim()).filter((n) => n);
  for (const name of names) {
    if (!isMonitorType(name) && !others.includes(name)) {
      const known = [...Object.values(MonitorType), ...others.filter((o) => !isMonitorType(o))];
      throw new Error(`Unknown monitor "${name}" in --only: use ${known.join(", ")}`);
    }
  }
  return names;
}

function seconds(value: unknown, key: string, fail: (d: string) => Error): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw fail(`${key} must be a number of seconds (0 or more)`);
  }
  return value;
}
