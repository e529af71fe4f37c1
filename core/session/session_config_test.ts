import assert from "node:assert/strict";
import { FluxFileError } from "../config/load_config.ts";
import { DEFAULT_RETENTION_DAYS, readSecretsFile, readSessionConfig } from "./session_config.ts";

async function withProject(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "flux_session_config_" });
  try {
    await Deno.mkdir(`${dir}/.flux`);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("readSessionConfig() defaults to 30 days and no secrets without a config", async () => {
  await withProject((dir) => {
    assert.deepEqual(readSessionConfig(dir), {
      retentionDays: DEFAULT_RETENTION_DAYS,
      secrets: [],
    });
  });
});

Deno.test("readSessionConfig() reads retention_days and secrets of the session section", async () => {
  await withProject(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/.flux/config.yaml`,
      "session:\n  retention_days: 0\n  secrets: [hunter2-pass]\n",
    );
    await Deno.writeTextFile(
      `${dir}/.flux/secrets`,
      "# comment\nDB_PASSWORD='pa55word'\nrawvalue\n",
    );
    assert.deepEqual(readSessionConfig(dir), {
      retentionDays: 0,
      secrets: ["pa55word", "rawvalue", "hunter2-pass"],
    });
  });
});

Deno.test("readSessionConfig() names the line of a bad retention_days", async () => {
  await withProject(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/.flux/config.yaml`,
      "ai: {}\nsession:\n  retention_days: -3\n",
    );
    assert.throws(
      () => readSessionConfig(dir),
      (e: unknown) => e instanceof FluxFileError && e.line === 3 && /whole number/.test(e.message),
    );
  });
});

Deno.test("readSecretsFile() returns nothing for a missing file", () => {
  assert.deepEqual(readSecretsFile("/nonexistent/flux/secrets"), []);
});
