import assert from "node:assert/strict";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { DatabaseSync } from "node:sqlite";

const MAIN = `${import.meta.dirname}/../../main.ts`;
const CONFIG = `${import.meta.dirname}/../../deno.json`;
const DAY = 86_400_000;

async function flux(dir: string, ...args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", CONFIG, MAIN, "--project", dir, ...args],
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** A project with an old session (40 days) and a recent one (3 hours) holding a few events. */
async function withSessions(fn: (dir: string, old: string, recent: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "flux_session_cli_" });
  try {
    let t = Date.now() - 40 * DAY;
    const setup = new SessionManager(dir, { now: () => new Date(t), retentionDays: 0 });
    const old = setup.startNewSession().id;
    setup.recordEvent(EventType.COMMAND, { command: "make archaeology" });
    t = Date.now() - 3 * 3_600_000;
    const recent = setup.startNewSession().id;
    setup.setCurrentTask("Debugging login authentication");
    setup.recordEvent(EventType.FILE_EDIT, { file: "auth.py" });
    setup.updateTestStatus({ total: 15, passed: 12, failed: 3 });
    setup.recordEvent(EventType.MESSAGE, {
      role: "user",
      content: "why does validate_token fail?",
    });
    setup.close();
    await Deno.mkdir(`${dir}/.flux`, { recursive: true });
    await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "session:\n  retention_days: 0\n");
    await fn(dir, old, recent);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("flux session list and show print the sessions and the resume summary", async () => {
  await withSessions(async (dir, old, recent) => {
    const list = await flux(dir, "session", "list", "--json");
    assert.equal(list.code, 0, list.stderr);
    const sessions = JSON.parse(list.stdout) as Array<{ id: string; eventCount: number }>;
    assert.deepEqual(sessions.map((s) => [s.id, s.eventCount]), [[recent, 4], [old, 1]]);

    const show = await flux(dir, "session", "show");
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /📂 Resuming session from 3 hours ago/);
    assert.match(show.stdout, /🎯 Last task: Debugging login authentication/);
    assert.match(show.stdout, /❌ Tests: 3 failing/);

    const json = await flux(dir, "session", "show", old.slice(0, 20), "--json");
    assert.equal(JSON.parse(json.stdout).session.id, old);
    assert.equal(JSON.parse(json.stdout).events[0].data.command, "make archaeology");
  });
});

Deno.test("flux session search finds events by words and export writes md and json", async () => {
  await withSessions(async (dir, _old, recent) => {
    const search = await flux(dir, "session", "search", "validate_token", "--json");
    assert.equal(search.code, 0, search.stderr);
    const hits = JSON.parse(search.stdout) as Array<{ sessionId: string; type: string }>;
    assert.deepEqual(hits.map((h) => [h.sessionId, h.type]), [[recent, "message"]]);

    const md = await flux(dir, "session", "export", recent, "--format", "md");
    assert.match(md.stdout, new RegExp(`^# Session ${recent}`));
    assert.match(md.stdout, /· message · user: why does validate_token fail\?/);
    const json = await flux(dir, "session", "export", recent, "--json");
    assert.equal(JSON.parse(json.stdout).events.length, 4);
    const bad = await flux(dir, "session", "export", recent, "--format", "pdf");
    assert.equal(bad.code, 2);

    const current = await flux(dir, "session", "export", "--json");
    assert.equal(current.code, 0, current.stderr);
    assert.equal(current.stdout, json.stdout, "no id exports the current (last active) session");
  });
});

Deno.test("flux session export with no id and no session says so in one line, exit 2", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux-export-none-" });
  try {
    const out = await flux(dir, "session", "export");
    assert.equal(out.code, 2, out.stderr);
    assert.equal(out.stderr.trim().split("\n").length, 1, out.stderr);
    assert.match(out.stderr, /No session to export yet/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux session prune --dry-run names what would go and pin keeps it", async () => {
  await withSessions(async (dir, old, recent) => {
    const dry = await flux(dir, "session", "prune", "--dry-run", "--days", "30", "--json");
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(JSON.parse(dry.stdout).sessions.map((s: { id: string }) => s.id), [old]);
    const text = await flux(dir, "session", "prune", "--dry-run", "--days", "30");
    assert.match(text.stdout, /^Would delete 1 session\(s\), 1 event\(s\)/);

    assert.equal((await flux(dir, "session", "pin", old)).code, 0);
    const named = await flux(dir, "session", "name", recent, "login", "bug", "--json");
    assert.deepEqual(JSON.parse(named.stdout), { id: recent, name: "login bug" });
    const pruned = await flux(dir, "session", "prune", "--days", "30", "--json");
    assert.deepEqual(JSON.parse(pruned.stdout).sessions, []);

    assert.equal((await flux(dir, "session", "unpin", old)).code, 0);
    const gone = await flux(dir, "session", "prune", "--days", "30", "--json");
    assert.equal(JSON.parse(gone.stdout).sessions[0].id, old);
    const list = JSON.parse((await flux(dir, "session", "list", "--json")).stdout);
    assert.deepEqual(list.map((s: { name: string }) => s.name), ["login bug"]);
  });
});

Deno.test("flux session show names an unknown session in one line with exit code 2", async () => {
  await withSessions(async (dir) => {
    const result = await flux(dir, "session", "show", "nope");
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'flux: No session "nope": see flux session list\n');
    const ambiguous = await flux(dir, "session", "show", "2");
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /is ambiguous/);
  });
});

Deno.test("flux session list says in one line, exit code 1, that a newer Flux wrote the store", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_session_cli_" });
  try {
    await Deno.mkdir(`${dir}/.flux`);
    const db = new DatabaseSync(`${dir}/.flux/sessions.db`);
    db.exec("PRAGMA user_version = 99");
    db.close();
    const list = await flux(dir, "session", "list");
    assert.equal(list.code, 1);
    assert.equal(list.stdout, "");
    assert.match(
      list.stderr,
      /^flux: Session store ".*" has schema version 99, newer than this Flux \(\d+\): upgrade Flux\n$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux session commands in a project without a store say so and create no .flux/", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_session_cli_" });
  try {
    const show = await flux(dir, "session", "show");
    assert.equal(show.code, 0, show.stderr);
    assert.equal(show.stdout, "No sessions yet: Flux records one as you work\n");
    const list = await flux(dir, "session", "list", "--json");
    assert.deepEqual(JSON.parse(list.stdout), []);
    const pin = await flux(dir, "session", "pin", "2026");
    assert.equal(pin.code, 2);
    assert.match(pin.stderr, /No session "2026"/);
    await assert.rejects(Deno.stat(`${dir}/.flux`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
