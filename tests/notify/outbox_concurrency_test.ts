/**
 * Two `flux wf run` at once, each queueing 200 Slack notifications while the hook is down: every one of the
 * 400 messages is in the outbox afterwards (one row each in the session store, written in transactions).
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { FLUX_ROOT, makeProject } from "../workflow/_helpers.ts";

const STEPS = 200;

function workflowYaml(): string {
  const steps = Array.from(
    { length: STEPS },
    (_, i) =>
      `    - name: n${i}\n      step_type: notify\n      params:\n        message: "message ${i} of {workflow}"\n`,
  );
  return `spam:\n  description: queue many notifications\n  steps:\n${steps.join("")}`;
}

Deno.test("two concurrent flux wf run queue 2 x 200 notifications with the hook down and lose none", async () => {
  // A port nothing listens on: the hook is down for the whole run.
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (closed.addr as Deno.NetAddr).port;
  closed.close();
  const dir = await makeProject({
    ".flux/workflows.yaml": workflowYaml().replaceAll("{workflow}", "spam"),
    ".flux/config.yaml":
      `notify:\n  terminal: false\n  slack:\n    webhook_url: "http://127.0.0.1:${port}/hook"\n`,
  });
  try {
    const run = () =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--quiet",
          `${FLUX_ROOT}/main.ts`,
          "--project",
          dir,
          "wf",
          "run",
          "spam",
        ],
        env: { NO_COLOR: "1" },
        stdout: "null",
        stderr: "piped",
      }).output();
    const results = await Promise.all([run(), run()]);
    for (const r of results) assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
    const db = new DatabaseSync(`${dir}/.flux/sessions.db`, { readOnly: true });
    try {
      const row = db.prepare("SELECT count(*) AS n FROM notify_outbox").get() as { n: number };
      assert.equal(row.n, 2 * STEPS, "every message is kept for later delivery");
      const claims = db.prepare(
        "SELECT count(*) AS n FROM notify_outbox WHERE claimed_by IS NOT NULL",
      )
        .get() as { n: number };
      assert.equal(claims.n, 0, "a sink that stopped gave its messages back");
      const check = db.prepare("PRAGMA integrity_check").get() as Record<string, unknown>;
      assert.deepEqual(Object.values(check), ["ok"]);
    } finally {
      db.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
