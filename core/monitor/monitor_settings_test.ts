import assert from "node:assert/strict";
import { monitorSettings, parseOnly } from "./monitor_settings.ts";
import { FluxFileError, parseConfigText } from "../config/load_config.ts";

function config(text: string) {
  return {
    file: "/p/.flux/config.yaml",
    exists: true,
    raw: parseConfigText(text, "/p/.flux/config.yaml"),
  };
}

Deno.test("monitorSettings() reads intervals, policies and plugin options", () => {
  const s = monitorSettings(config(
    "monitors:\n  cooldown: 5\n  tests:\n    interval: 0\n    on_change: queue\n    timeout: 60\n" +
      "    command: pytest -q\n  git:\n    enabled: false\n",
  ));
  assert.equal(s.cooldownMs, 5000);
  assert.deepEqual(s.enabled, ["tests", "build", "lint", "file_changes"]);
  assert.deepEqual(s.monitors.tests, {
    interval: 0,
    onChange: "queue",
    timeoutMs: 60_000,
    options: { command: "pytest -q" },
  });
});

Deno.test("monitorSettings() enables all five monitors without a section", () => {
  assert.deepEqual(monitorSettings(config("")).enabled, [
    "tests",
    "build",
    "lint",
    "file_changes",
    "git",
  ]);
});

Deno.test("monitorSettings() rejects a bad value with a file error naming the key", () => {
  assert.throws(
    () => monitorSettings(config("monitors:\n  tests:\n    on_change: later\n")),
    (e) =>
      e instanceof FluxFileError &&
      /monitors\.tests\.on_change must be restart or queue/.test(e.message),
  );
  assert.throws(
    () => monitorSettings(config("monitors:\n  lint:\n    interval: soon\n")),
    /seconds/,
  );
});

Deno.test("parseOnly() splits names and rejects unknown ones", () => {
  assert.deepEqual(parseOnly("tests, lint"), ["tests", "lint"]);
  assert.throws(() => parseOnly("tests,coverage"), /Unknown monitor "coverage" in --only/);
});

Deno.test("monitorSettings() names the line and column of a bad setting", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_monitor_settings_" });
  try {
    const file = `${dir}/config.yaml`;
    const text = "ai:\n  model: x\nmonitors:\n  cooldown: 10\n  tests:\n    on_change: sometimes\n";
    await Deno.writeTextFile(file, text);
    assert.throws(
      () => monitorSettings({ file, exists: true, raw: parseConfigText(text, file) }),
      (e) =>
        e instanceof FluxFileError &&
        e.message === `${file}:6:16 monitors.tests.on_change must be restart or queue`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
