import assert from "node:assert/strict";
import { loadWorkflowSecrets } from "./load_workflow_secrets.ts";

Deno.test("loadWorkflowSecrets() reads NAME=value and bare lines of .flux/secrets and resolves declared names", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/.flux`);
    await Deno.writeTextFile(
      `${dir}/.flux/secrets`,
      '# tokens\nDEPLOY_TOKEN=abc-123-xyz\nexport QUOTED="with space"\nbare-value-999\n\n',
    );
    const secrets = await loadWorkflowSecrets(dir, ["FROM_ENV", "MISSING"], {
      FROM_ENV: "env-value-1",
    });
    assert.deepEqual(secrets.env, { DEPLOY_TOKEN: "abc-123-xyz", QUOTED: "with space" });
    assert.deepEqual(secrets.values, [
      "abc-123-xyz",
      "with space",
      "bare-value-999",
      "env-value-1",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadWorkflowSecrets() finds nothing in a project without .flux/secrets", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.deepEqual(await loadWorkflowSecrets(dir), { values: [], env: {} });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
