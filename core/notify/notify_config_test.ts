import assert from "node:assert/strict";
import { notifyConfig } from "./notify_config.ts";
import { FluxFileError, parseConfigText } from "../config/load_config.ts";

function config(text: string) {
  return {
    file: "/p/.flux/config.yaml",
    exists: true,
    raw: parseConfigText(text, "/p/.flux/config.yaml"),
  };
}

Deno.test("notifyConfig() reads desktop and webhook URLs, expanding ${VAR}", () => {
  const env = (name: string) => name === "SLACK_URL" ? "https://hooks.example/abc" : undefined;
  const c = notifyConfig(
    config(
      'notify:\n  desktop: true\n  slack: { webhook_url: "${SLACK_URL}" }\n' +
        "  discord: { webhook_url: https://discord.example/api/webhooks/1/x }\n",
    ),
    env,
  );
  assert.deepEqual(c, {
    terminal: true,
    desktop: true,
    slack: { webhookUrl: "https://hooks.example/abc" },
    discord: { webhookUrl: "https://discord.example/api/webhooks/1/x" },
  });
});

Deno.test("notifyConfig() skips a webhook whose environment variable is unset", () => {
  const c = notifyConfig(config("notify:\n  slack: { webhook_url_env: NOPE }\n"), () => undefined);
  assert.equal(c.slack, undefined);
  assert.equal(c.desktop, false);
});

Deno.test("notifyConfig() rejects a malformed section with a file error", () => {
  assert.throws(
    () => notifyConfig(config("notify:\n  desktop: yes please\n")),
    (e) => e instanceof FluxFileError && /notify\.desktop must be true or false/.test(e.message),
  );
  assert.throws(
    () => notifyConfig(config("notify:\n  slack: { webhook_url: ftp://x }\n")),
    /must start with https/,
  );
});

Deno.test("notifyConfig() names the line and column of a bad setting", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_notify_config_" });
  try {
    const file = `${dir}/config.yaml`;
    const text = "monitors:\n  cooldown: 5\nnotify:\n  terminal: true\n  desktop: sometimes\n";
    await Deno.writeTextFile(file, text);
    assert.throws(
      () => notifyConfig({ file, exists: true, raw: parseConfigText(text, file) }),
      (e) =>
        e instanceof FluxFileError &&
        e.message === `${file}:5:12 notify.desktop must be true or false`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
