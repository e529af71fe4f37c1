import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { SessionManager } from "../../core/session/session_manager.ts";
import { quickCheck } from "../../core/session/open_session_db.ts";
import { EventType } from "../../core/session/event_type.ts";

const MAIN = `${import.meta.dirname}/../../main.ts`;
const CONFIG = `${import.meta.dirname}/../../deno.json`;

/**
 * A project whose store opens fine (header and schema intact) but whose events table is wrecked: SQLite only
 * notices at the first query that reads it. Returns the damaged bytes and the session's id.
 */
async function damagedProject(dir: string): Promise<{ bytes: Uint8Array; sessionId: string }> {
  const sessions = new SessionManager(dir, { retentionDays: 0 });
  const sessionId = sessions.startNewSession().id;
  sessions.setCurrentTask("Debugging login authentication");
  sessions.recordEvent(EventType.FILE_EDIT, { file: "auth.py" });
  sessions.recordEvents(
    Array.from({ length: 500 }, (_, i) => ({
      type: EventType.COMMAND,
      data: { command: `pytest -k case_${i}` },
    })),
  );
  sessions.close();
  const file = `${dir}/.flux/sessions.db`;
  const db = new DatabaseSync(file, { readOnly: true });
  const pageSize = Number(Object.values(db.prepare("PRAGMA page_size").get() ?? {})[0]);
  const roots = db.prepare(
    "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'events' AND rootpage > 0",
  ).all().map((row) => Number((row as { rootpage: unknown }).rootpage));
  db.close();
  assert.ok(roots.length >= 2);
  const bytes = await Deno.readFile(file);
  for (const page of roots) bytes.fill(0xa5, (page - 1) * pageSize, page * pageSize);
  await Deno.writeFile(file, bytes);
  return { bytes, sessionId };
}

async function withProject(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "flux_deep_damage_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("recordEvent() on a store damaged deep inside moves it aside and keeps the in-flight event", async () => {
  await withProject(async (dir) => {
    const { bytes, sessionId } = await damagedProject(dir);
    const warnings: string[] = [];
    const sessions = new SessionManager(dir, {
      retentionDays: 0,
      now: () => new Date("2026-11-25T09:00:00Z"),
      onWarning: (m) => warnings.push(m),
    });
    const last = sessions.loadLastSession();
    assert.equal(last?.id, sessionId);
    assert.deepEqual(warnings, [], "the damage should only show at the first events query");

    const id = sessions.recordEvent(EventType.ERROR, { message: "ImportError: in flight" });
    assert.ok(id > 0);
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]!,
      /^flux: session store ".*sessions\.db" is unreadable \(database disk image is malformed: .+\); moved it to ".*sessions\.db\.corrupt-20261125T090000Z" and started a fresh one$/,
    );
    sessions.recordEvent(EventType.COMMAND, { command: "after recovery" });
    sessions.close();

    const aside = await Deno.readFile(`${dir}/.flux/sessions.db.corrupt-20261125T090000Z`);
    assert.deepEqual(aside, bytes, "the damaged file must be kept as it was");
    const fresh = new SessionManager(dir, { retentionDays: 0 });
    const resumed = fresh.loadLastSession();
    assert.equal(resumed?.id, sessionId);
    assert.equal(resumed?.state.currentTask, "Debugging login authentication");
    assert.deepEqual(resumed?.state.activeFiles, ["auth.py"]);
    assert.equal(resumed?.state.recentErrors[0]?.message, "ImportError: in flight");
    assert.deepEqual(
      fresh.recentEvents().map((e) => e.type),
      ["error", "command"],
    );
    fresh.close();
    const db = new DatabaseSync(`${dir}/.flux/sessions.db`);
    assert.deepEqual(Object.values(db.prepare("PRAGMA integrity_check").get() ?? {}), ["ok"]);
    db.close();
  });
});

Deno.test("recordEvent() from two Flux instances on a damaged store moves it aside once and keeps both events", async () => {
  await withProject(async (dir) => {
    const { sessionId } = await damagedProject(dir);
    const warnings: string[] = [];
    const options = { retentionDays: 0, onWarning: (m: string) => warnings.push(m) };
    const first = new SessionManager(dir, options);
    const second = new SessionManager(dir, options);
    assert.equal(first.loadLastSession()?.id, sessionId);
    assert.equal(second.loadLastSession()?.id, sessionId);
    first.recordEvent(EventType.COMMAND, { command: "from the first" });
    // The second still has the damaged file open; it must not move the first one's fresh store aside.
    second.recordEvent(EventType.COMMAND, { command: "from the second" });
    first.close();
    second.close();
    assert.equal(warnings.length, 1, warnings.join("\n"));
    const names = [...Deno.readDirSync(`${dir}/.flux`)].map((e) => e.name);
    assert.equal(
      names.filter((n) => /^sessions\.db\.corrupt-\d{8}T\d{6}Z(-\d+)?$/.test(n)).length,
      1,
    );
    const fresh = new SessionManager(dir, { retentionDays: 0 });
    assert.deepEqual(
      fresh.recentEvents({ session: sessionId }).map((e) => e.data.command),
      ["from the first", "from the second"],
    );
    fresh.close();
  });
});

Deno.test("SessionManager restarts a damaged store with the task and files recorded since it opened", async () => {
  await withProject(async (dir) => {
    const before = new SessionManager(dir, { retentionDays: 0 });
    const sessionId = before.startNewSession().id;
    before.recordEvents(
      Array.from(
        { length: 300 },
        (_, i) => ({ type: EventType.COMMAND, data: { command: `run ${i}` } }),
      ),
    );
    before.searchEvents("run"); // fills the full-text index
    before.close();
    // Wreck only the full-text index: recording still works, the next search finds the damage.
    const file = `${dir}/.flux/sessions.db`;
    const db = new DatabaseSync(file, { readOnly: true });
    const pageSize = Number(Object.values(db.prepare("PRAGMA page_size").get() ?? {})[0]);
    const roots = db.prepare(
      "SELECT rootpage FROM sqlite_master WHERE name LIKE 'events_fts_%' AND rootpage > 0",
    ).all().map((row) => Number((row as { rootpage: unknown }).rootpage));
    db.close();
    assert.ok(roots.length >= 2);
    const bytes = await Deno.readFile(file);
    for (const page of roots) bytes.fill(0xa5, (page - 1) * pageSize, page * pageSize);
    await Deno.writeFile(file, bytes);

    const warnings: string[] = [];
    const sessions = new SessionManager(dir, {
      retentionDays: 0,
      onWarning: (m) => warnings.push(m),
    });
    sessions.loadLastSession();
    sessions.setCurrentTask("Fix the flaky login test");
    sessions.recordEvent(EventType.FILE_EDIT, { file: "login_tests.py" });
    assert.equal(warnings.length, 0, warnings.join("\n"));
    assert.deepEqual(sessions.searchEvents("run"), []); // moved aside: the fresh store has nothing yet
    assert.equal(warnings.length, 1);
    sessions.recordEvent(EventType.COMMAND, { command: "pytest" });
    sessions.close();

    const fresh = new SessionManager(dir, { retentionDays: 0 });
    const resumed = fresh.loadLastSession();
    assert.equal(resumed?.id, sessionId);
    assert.equal(resumed?.state.currentTask, "Fix the flaky login test");
    assert.deepEqual(resumed?.state.activeFiles, ["login_tests.py"]);
    fresh.close();
  });
});

Deno.test("flux session list on a store damaged deep inside says so in one line and exits 1, no stack trace", async () => {
  await withProject(async (dir) => {
    await damagedProject(dir);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", "--config", CONFIG, MAIN, "--project", dir, "session", "list"],
      env: { NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 1, stderr);
    assert.equal(stderr.trim().split("\n").length, 1, stderr);
    assert.match(stderr, /the session store ".*sessions\.db" is damaged \(.+\): .*\.recover/);
    assert.deepEqual(
      [...Deno.readDirSync(`${dir}/.flux`)].filter((e) => e.name.includes("corrupt")),
      [],
      "a command that only reads never moves the store",
    );
    assert.doesNotMatch(stderr, /\bat .*\.ts:\d+/);
  });
});

Deno.test("verify: set-aside moves a damaged store aside at open; a sound store is never moved", async () => {
  await withProject(async (dir) => {
    const sound = new SessionManager(dir, { retentionDays: 0 });
    sound.startNewSession();
    sound.close();
    assert.equal(quickCheck(`${dir}/.flux/sessions.db`), null);
    const warnings: string[] = [];
    const again = new SessionManager(dir, {
      verify: "set-aside",
      onWarning: (w) => warnings.push(w),
    });
    again.close();
    assert.equal(warnings.length, 0, warnings.join("\n"));
    assert.deepEqual(
      [...Deno.readDirSync(`${dir}/.flux`)].filter((e) => e.name.includes("corrupt")),
      [],
    );

    await damagedProject(dir);
    assert.notEqual(quickCheck(`${dir}/.flux/sessions.db`), null);
    const fresh = new SessionManager(dir, {
      verify: "set-aside",
      onWarning: (w) => warnings.push(w),
    });
    fresh.close();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /is unreadable \(.+\); moved it to ".*sessions\.db\.corrupt-/);
  });
});
