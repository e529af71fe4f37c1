/** The lint tool the person chose for the lint monitor (`monitors.lint.tool`), which `/autofix` fixes with too. */
import { loadConfig } from "../config/load_config.ts";
import { monitorSettings } from "../monitor/monitor_settings.ts";

/** `{ lint: "eslint" }` when `.flux/config.yaml` names the lint monitor's tool; throws on a bad config. */
export async function autofixTools(projectDir: string): Promise<{ lint?: string }> {
  const settings = monitorSettings(await loadConfig(projectDir));
  const tool = settings.monitors.lint?.options?.tool;
  return typeof tool === "string" && tool !== "" ? { lint: tool } : {};
}
