import assert from "node:assert/strict";
import { configSection, FluxFileError, loadConfig, parseConfigText } from "./load_config.ts";

Deno.test("loadConfig() treats a missing file as an empty config", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const config = await loadConfig(dir);
    assert.equal(config.exists, false);
    assert.deepEqual(configSection(config, "ai"), {});
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseConfigText() names file, line and column of a syntax error", () => {
  assert.throws(
    () => parseConfigText("session:\n  retention_days: [1,\n", ".flux/config.yaml"),
    (error: unknown) =>
      error instanceof FluxFileError && error.file === ".flux/config.yaml" && error.line >= 2,
  );
});

Deno.test("configSection() rejects a section that is not a mapping", () => {
  const raw = parseConfigText("ai: 3\n", "c.yaml");
  assert.throws(
    () => configSection({ file: "c.yaml", exists: true, raw }, "ai"),
    /must be a mapping/,
  );
});
