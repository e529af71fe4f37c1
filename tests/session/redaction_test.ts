import assert from "node:assert/strict";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { REDACTED } from "../../core/secrets/redact.ts";

const DECLARED_IN_CONFIG = "hunter2-correct-horse";
const DECLARED_IN_FILE = "zq9-local-declared-value";
const OPENAI_KEY = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123";
const GITHUB_TOKEN = `ghp_${"a1B2c3D4e5".repeat(4)}`;
const BEARER = "eyJhbGciOiJIUzI1NiJ9.payload.signature";
const URL_PASSWORD = "pg-s3cret-pw";
const KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
const SECRETS = [
  DECLARED_IN_CONFIG,
  DECLARED_IN_FILE,
  OPENAI_KEY,
  GITHUB_TOKEN,
  BEARER,
  URL_PASSWORD,
  KEY_BODY,
];

function contains(haystack: Uint8Array, needle: string): boolean {
  return new TextDecoder("latin1").decode(haystack).includes(needle);
}

async function filesOf(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for await (const entry of Deno.readDir(`${dir}/.flux`)) {
    if (entry.name.startsWith("sessions.db")) {
      files.set(entry.name, await Deno.readFile(`${dir}/.flux/${entry.name}`));
    }
  }
  return files;
}

Deno.test("SessionManager writes no raw secret to the DB file or its WAL", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_session_redact_" });
  try {
    await Deno.mkdir(`${dir}/.flux`);
    await Deno.writeTextFile(
      `${dir}/.flux/config.yaml`,
      `session:\n  secrets: ["${DECLARED_IN_CONFIG}"]\n`,
    );
    await Deno.writeTextFile(`${dir}/.flux/secrets`, `MY_TOKEN=${DECLARED_IN_FILE}\n`);
    const sessions = new SessionManager(dir);
    sessions.setCurrentTask(`rotate ${DECLARED_IN_CONFIG} and ${OPENAI_KEY}`);
    sessions.recordEvent(EventType.MESSAGE, {
      role: "user",
      content: `my key is ${OPENAI_KEY}, token ${GITHUB_TOKEN}, local ${DECLARED_IN_FILE}`,
    });
    sessions.recordEvent(EventType.COMMAND, {
      command:
        `curl -H "Authorization: Bearer ${BEARER}" postgres://admin:${URL_PASSWORD}@db.local/app`,
    });
    sessions.recordEvent(EventType.FILE_EDIT, {
      file: ".env",
      lines: [`API_KEY=${DECLARED_IN_FILE}`, { nested: GITHUB_TOKEN }],
    });
    sessions.recordError({
      message: `auth failed for ${DECLARED_IN_CONFIG}`,
      file: "auth.py",
      line: 3,
    });
    sessions.updateTestStatus({
      total: 2,
      passed: 1,
      failed: 1,
      failures: [{
        name: "test_key",
        message: `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----`,
      }],
    });
    sessions.recordEvent(EventType.WORKFLOW, { workflow: "deploy", output: `token ${BEARER}` });
    sessions.nameSession(sessions.currentSession().id, `rotating ${DECLARED_IN_FILE}`);

    // Searching catches the full-text index up, so its pages are on disk too.
    assert.equal(sessions.searchEvents("curl").length, 1);
    const open = await filesOf(dir);
    assert.ok(open.has("sessions.db-wal"));
    for (const [name, bytes] of open) {
      for (const secret of SECRETS) {
        assert.ok(!contains(bytes, secret), `${secret} found in ${name}`);
      }
    }
    const context = JSON.stringify(sessions.getContextForAi());
    assert.ok(context.includes(REDACTED));
    for (const secret of SECRETS) assert.ok(!context.includes(secret));
    assert.ok(sessions.recentEvents().every((e) => !JSON.stringify(e.data).includes(OPENAI_KEY)));
    sessions.close();

    const closed = await filesOf(dir);
    assert.ok(closed.has("sessions.db"));
    for (const [name, bytes] of closed) {
      for (const secret of SECRETS) {
        assert.ok(!contains(bytes, secret), `${secret} found in ${name}`);
      }
    }
    // The secrets were in what was recorded: the redaction, not a lost write, kept them out.
    const reopened = new SessionManager(dir);
    assert.equal(reopened.recentEvents({ session: "all" }).length, 7);
    assert.ok(contains(closed.get("sessions.db")!, `rotate ${REDACTED} and ${REDACTED}`));
    assert.equal(reopened.loadLastSession()?.name, `rotating ${REDACTED}`);
    reopened.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
