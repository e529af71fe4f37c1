import assert from "node:assert/strict";
import { loadAiConfig, resolveAiConfig } from "./ai_config.ts";
import { FluxFileError } from "../config/load_config.ts";
import { ModelError } from "./model_error.ts";

Deno.test("resolveAiConfig() returns null when no model is configured", () => {
  assert.equal(resolveAiConfig({}, {}), null);
  assert.equal(resolveAiConfig({ provider: "anthropic" }, { ANTHROPIC_API_KEY: "k-123" }), null);
});

Deno.test("resolveAiConfig() lets the environment win over the file", () => {
  const config = resolveAiConfig(
    { provider: "openai", model: "file-model", base_url: "http://file:1/v1", timeout_ms: 5000 },
    {
      FLUX_MODEL: "env-model",
      FLUX_BASE_URL: "http://127.0.0.1:11434/v1",
      FLUX_API_KEY: "secret-1",
    },
  );
  assert.ok(config);
  assert.equal(config.model, "env-model");
  assert.equal(config.baseUrl, "http://127.0.0.1:11434/v1");
  assert.equal(config.apiKey, "secret-1");
  assert.equal(config.apiKeyEnv, "FLUX_API_KEY");
  assert.equal(config.timeoutMs, 5000);
  assert.equal(config.analysisTimeoutMs, 10_000);
});

Deno.test("resolveAiConfig() takes the key from api_key_env, then the provider's variable", () => {
  const named = resolveAiConfig(
    { provider: "anthropic", model: "claude", api_key_env: "MY_KEY" },
    { MY_KEY: "k-named", ANTHROPIC_API_KEY: "k-default" },
  );
  assert.equal(named?.apiKey, "k-named");
  assert.equal(named?.apiKeyEnv, "MY_KEY");
  assert.equal(named?.baseUrl, "https://api.anthropic.com");
  const fallback = resolveAiConfig({ model: "gpt" }, { OPENAI_API_KEY: "k-openai" });
  assert.equal(fallback?.apiKey, "k-openai");
  assert.equal(fallback?.apiKeyEnv, "OPENAI_API_KEY");
});

Deno.test("resolveAiConfig() needs no key for a local server but does for the cloud API", () => {
  const local = resolveAiConfig({ model: "llama3.2", base_url: "http://localhost:11434/v1" }, {});
  assert.equal(local?.apiKey, undefined);
  assert.throws(
    () => resolveAiConfig({ provider: "anthropic", model: "claude" }, {}),
    (e: unknown) =>
      e instanceof ModelError && e.kind === "config" &&
      /set ANTHROPIC_API_KEY or FLUX_API_KEY/.test(e.message),
  );
});

Deno.test("loadAiConfig() names the file and line of a bad setting", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux-ai-config-" });
  try {
    await Deno.mkdir(`${dir}/.flux`);
    const write = (text: string) => Deno.writeTextFile(`${dir}/.flux/config.yaml`, text);
    await write("session:\n  retention_days: 3\nai:\n  model: m\n  api_key: sk-abc\n");
    await assert.rejects(() => loadAiConfig(dir, {}), (e: unknown) => {
      assert.ok(e instanceof FluxFileError);
      assert.equal(e.line, 5);
      assert.equal(e.column, 3);
      assert.match(e.message, /ai\.api_key must not hold the key/);
      assert.ok(!e.message.includes("sk-abc"));
      return true;
    });
    await write("ai:\n  provider: gemini\n  model: m\n");
    await assert.rejects(() => loadAiConfig(dir, {}), /config\.yaml:2:3 ai\.provider "gemini"/);
    await write("ai:\n  model: m\n  timeout_ms: soon\n");
    await assert.rejects(() => loadAiConfig(dir, {}), /:3:3 ai\.timeout_ms must be a whole number/);
    await write("monitors:\n  tests:\n    timeout_ms: 5000\nai:\n  model: m\n  timeout_ms: soon\n");
    await assert.rejects(() => loadAiConfig(dir, {}), /:6:3 ai\.timeout_ms must be a whole number/);
    await write("ai:\n  modle: m\n");
    await assert.rejects(() => loadAiConfig(dir, {}), /:2:3 ai\.modle is not a setting/);
    await write(
      "ai:\n  model: qwen\n  base_url: http://127.0.0.1:1234/v1\n  max_context_chars: 8000\n",
    );
    const config = await loadAiConfig(dir, {});
    assert.equal(config?.model, "qwen");
    assert.equal(config?.maxContextChars, 8000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveAiConfig() reads idle_timeout_ms, unset by default, and rejects a bad one", () => {
  const local = { model: "m", base_url: "http://127.0.0.1:1234/v1" };
  assert.equal(resolveAiConfig(local, {})?.idleTimeoutMs, undefined);
  const config = resolveAiConfig({ ...local, timeout_ms: 600_000, idle_timeout_ms: 30_000 }, {});
  assert.equal(config?.timeoutMs, 600_000);
  assert.equal(config?.idleTimeoutMs, 30_000);
  assert.throws(
    () => resolveAiConfig({ ...local, idle_timeout_ms: -1 }, {}),
    /ai\.idle_timeout_ms must be a whole number above 0/,
  );
});
