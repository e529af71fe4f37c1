import assert from "node:assert/strict";
import { loadConfig } from "../../core/config/load_config.ts";
import { loadAiConfig } from "../../core/ai/ai_config.ts";
import { monitorSettings } from "../../core/monitor/monitor_settings.ts";
import { notifyConfig } from "../../core/notify/notify_config.ts";
import { readSessionConfig } from "../../core/session/session_config.ts";

const root = new URL("../../", import.meta.url).pathname;

async function readmeBlock(heading: string, lang: string): Promise<string> {
  const readme = await Deno.readTextFile(`${root}README.md`);
  const section = readme.split(`\n## ${heading}\n`)[1] ?? "";
  const block = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(section);
  assert.ok(block, `README has a ${lang} block under "## ${heading}"`);
  return block[1] ?? "";
}

Deno.test("the README's configuration example is read by every section's own reader", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/.flux`);
    await Deno.writeTextFile(
      `${dir}/.flux/config.yaml`,
      await readmeBlock("Configuration", "yaml"),
    );
    const env = {
      OPENAI_API_KEY: "sk-test-0000000000000000",
      SLACK_WEBHOOK_URL: "https://example.invalid/hook",
    };
    const config = await loadConfig(dir);
    assert.equal(readSessionConfig(dir).retentionDays, 30);
    assert.deepEqual(monitorSettings(config).enabled, [
      "tests",
      "build",
      "lint",
      "file_changes",
      "git",
    ]);
    const notify = notifyConfig(config, (name) => env[name as keyof typeof env]);
    assert.equal(notify.desktop, true);
    assert.equal(notify.slack?.webhookUrl, env.SLACK_WEBHOOK_URL);
    const ai = await loadAiConfig(dir, env);
    assert.equal(ai?.model, "gpt-4o-mini");
    assert.equal((config.raw.tui as Record<string, unknown>).auto_watch, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the README starts with the two set-up commands, and the test one is deno task test", async () => {
  const commands = (await readmeBlock("Set-up on a fresh machine: two commands", "sh")).trim()
    .split("\n");
  assert.equal(commands.length, 2);
  assert.match(commands[0] ?? "", /^\.ci\/setup && deno task flux/);
  assert.match(commands[1] ?? "", /^\.ci\/setup && deno task test/);
});
