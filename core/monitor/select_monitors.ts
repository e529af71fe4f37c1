/**
 * Which monitors run: the built-ins and every monitor plugin dropped into the project (trusted), unless
 * `monitors.enabled` lists them or `monitors.NAME.enabled: false` turns one off; `--only` picks some.
 * A project monitor that is not trusted yet does not run and is named with the command that trusts it.
 */
import type { DiscoveredPlugin } from "../plugin_host/discover_plugins.ts";
import type { MonitorSettings } from "./monitor_settings.ts";

/** The monitors to run, and one line per monitor left out that the user should hear about. */
export interface MonitorSelection {
  names: string[];
  notices: string[];
}

/** Selects from `plugins` (a discovery) under `settings`; `only` is a parsed `--only`. */
export function selectMonitors(
  settings: MonitorSettings,
  plugins: DiscoveredPlugin[],
  only?: string[],
): MonitorSelection {
  const monitors = plugins.filter((p) => p.manifest?.kind === "monitor" || p.problem !== undefined);
  const byName = new Map(monitors.map((p) => [p.name, p]));
  const dropped = plugins.filter((p) => p.origin === "project" && p.manifest?.kind === "monitor");
  const wanted = only ?? (settings.explicit ? settings.enabled : [
    ...settings.enabled,
    ...dropped.map((p) => p.name).filter((n) =>
      !settings.enabled.includes(n) && !(settings.disabled ?? []).includes(n)
    ),
  ]);
  const names: string[] = [];
  const notices: string[] = [];
  for (const name of wanted) {
    const plugin = byName.get(name);
    if (!plugin) {
      notices.push(`Monitor "${name}" is not installed: see flux plugins list`);
    } else if (plugin.problem !== undefined) {
      notices.push(plugin.problem);
    } else if (plugin.trust === "untrusted" || plugin.trust === "changed") {
      const state = plugin.trust === "changed" ? "changed since it was trusted" : "not trusted yet";
      notices.push(
        `Monitor "${name}" is ${state}, so it does not run: run "flux plugins trust ${name}" to review it`,
      );
    } else names.push(name);
  }
  return { names, notices };
}
