/**
 * The `notify:` section of `.flux/config.yaml`:
 *
 * ```yaml
 * notify:
 *   terminal: true          # print notifications (flux watch)
 *   desktop: true           # notify-send, when installed
 *   slack: { webhook_url: "${SLACK_WEBHOOK_URL}" }   # or webhook_url_env: SLACK_WEBHOOK_URL
 *   discord: { webhook_url: "https://discord.com/api/webhooks/..." }
 * ```
 * Webhook URLs are secrets: `${VAR}` reads them from the environment, and they are never printed.
 */
import { requiredObject } from "../api/required.ts";
import { configSection, type FluxConfig } from "../config/load_config.ts";
import { configError } from "../monitor/_config_position.ts";

/** The narrowed `notify:` section. */
export interface NotifyConfig {
  terminal: boolean;
  desktop: boolean;
  slack?: { webhookUrl: string };
  discord?: { webhookUrl: string };
}

/** Reads and checks the `notify:` section; a bad value throws a `FluxFileError` at its line. */
export function notifyConfig(
  config: FluxConfig,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): NotifyConfig {
  requiredObject(config, "notifyConfig's config", "notifyConfig(await loadConfig(dir))");
  const section = configSection(config, "notify");
  const out: NotifyConfig = {
    terminal: flag(config, section, "terminal", true),
    desktop: flag(config, section, "desktop", false),
  };
  for (const kind of ["slack", "discord"] as const) {
    const url = webhookUrl(config, section[kind], kind, env);
    if (url) out[kind] = { webhookUrl: url };
  }
  return out;
}

function flag(
  config: FluxConfig,
  section: Record<string, unknown>,
  key: string,
  fallback: boolean,
): boolean {
  const value = section[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") {
    throw configError(config, ["notify", key], `notify.${key} must be true or false`);
  }
  return value;
}

function webhookUrl(
  config: FluxConfig,
  value: unknown,
  kind: string,
  env: (name: string) => string | undefined,
): string | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw configError(
      config,
      ["notify", kind],
      `notify.${kind} must be a mapping with webhook_url`,
    );
  }
  const v = value as Record<string, unknown>;
  let url: string | undefined;
  if (typeof v.webhook_url_env === "string") url = env(v.webhook_url_env);
  else if (typeof v.webhook_url === "string") {
    url = v.webhook_url.replace(
      /\$\{(\w+)\}|^\$(\w+)$/g,
      (_m, a?: string, b?: string) => env(a ?? b ?? "") ?? "",
    );
  } else {
    throw configError(
      config,
      ["notify", kind],
      `notify.${kind} needs webhook_url (or webhook_url_env)`,
    );
  }
  if (!url) return undefined;
  if (!/^https?:\/\//.test(url)) {
    throw configError(
      config,
      ["notify", kind, "webhook_url"],
      `notify.${kind}.webhook_url must start with https://`,
    );
  }
  return url;
}
