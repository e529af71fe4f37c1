import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { SessionManager, type SessionManagerOptions } from "./session_manager.ts";
import { EventType } from "./event_type.ts";
import { MAX_STATE_MESSAGE_CHARS } from "./apply_event.ts";
import { SCHEMA_VERSION } from "./_migrations.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function withProject(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "flux_session_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A clock the test moves by hand. */
function clock(start = Date.parse("2026-11-25T12:00:00Z")) {
  let t = start;
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}

function open(dir: string, options: SessionManagerOptions = {}): SessionManager {
  return new SessionManager(dir, options);
}

Deno.test("loadLastSession() restores task, files, tests and errors after a restart", async () => {
  await withProject((dir) => {
    const time = clock();
    const first = open(dir, { now: time.now });
    assert.equal(first.loadLastSession(), null);
    const started = first.startNewSession();
    first.recordEvent(EventType.FILE_EDIT, { file: "utils.py" });
    first.recordEvent(EventType.FILE_EDIT, { file: "login_tests.py" });
    first.recordEvent(EventType.COMMAND, { command: "pytest tests/test_login.py" });
    first.updateTestStatus({ total: 15, passed: 12, failed: 3 });
    first.recordError({ message: "AssertionError: Expected 200, got 401" });
    first.recordEvent(EventType.FILE_EDIT, { file: "auth.py", lines_changed: 42 });
    first.recordError({
      message: "ImportError: Cannot import 'validate_token'",
      file: "auth.py",
      line: 23,
    });
    first.setCurrentTask("Debugging login authentication");
    first.close();

    time.advance(2 * HOUR);
    const second = open(dir, { now: time.now });
    const last = second.loadLastSession();
    assert.ok(last);
    assert.equal(last.id, started.id);
    assert.equal(last.state.currentTask, "Debugging login authentication");
    assert.deepEqual(last.state.activeFiles, ["auth.py", "login_tests.py", "utils.py"]);
    assert.deepEqual(last.state.testStatus, { total: 15, passed: 12, failed: 3 });
    assert.equal(
      last.state.recentErrors[0]?.message,
      "ImportError: Cannot import 'validate_token'",
    );
    assert.equal(last.state.recentErrors[0]?.line, 23);

    const summary = second.getSessionSummary(last);
    assert.equal(
      summary,
      [
        "📂 Resuming session from 2 hours ago",
        "",
        "🎯 Last task: Debugging login authentication",
        "📝 Working on: auth.py, login_tests.py, utils.py",
        "❌ Tests: 3 failing",
        "",
        "⚠️  Recent errors:",
        "  • ImportError: Cannot import 'validate_token'",
        "  • AssertionError: Expected 200, got 401",
        "",
        // As in the seed; tasks and errors have their own lines, so they are not repeated here.
        "📋 Recent activity:",
        "  • file_edit: auth.py",
        "  • test_run: 15 tests, 3 failed",
        "  • command: pytest tests/test_login.py",
        "  • file_edit: login_tests.py",
        "  • file_edit: utils.py",
      ].join("\n"),
    );
    // New events after the restart continue the same session.
    second.recordEvent(EventType.COMMAND, { command: "git status" });
    assert.equal(second.currentSession().id, started.id);
    assert.equal(second.countEvents(started.id), 9);
    second.close();
  });
});

Deno.test("recordEvent() stores every event type and recentEvents() reads each back", async () => {
  await withProject((dir) => {
    const sessions = open(dir);
    const written = Object.values(EventType).map((type, i) => ({
      type,
      data: { n: i, text: `event of type ${type}`, nested: { list: [1, "two", null] } },
    }));
    const ids = written.map((e) => sessions.recordEvent(e.type, e.data));
    assert.equal(new Set(ids).size, written.length);
    sessions.close();

    const again = open(dir);
    again.loadLastSession();
    const read = again.recentEvents({ limit: 100 });
    assert.deepEqual(read.map((e) => ({ type: e.type, data: e.data })), written);
    assert.deepEqual(read.map((e) => e.id), ids);
    const onlyErrors = again.recentEvents({ types: [EventType.ERROR, EventType.TASK] });
    assert.deepEqual(onlyErrors.map((e) => e.type), [EventType.ERROR, EventType.TASK]);
    again.close();
  });
});

Deno.test("recordEvents() writes a batch in one transaction and returns every id", async () => {
  await withProject((dir) => {
    const sessions = open(dir);
    const ids = sessions.recordEvents(
      Array.from(
        { length: 250 },
        (_, i) => ({ type: EventType.COMMAND, data: { command: `c${i}` } }),
      ),
    );
    assert.equal(ids.length, 250);
    assert.equal(sessions.countEvents(sessions.currentSession().id), 250);
    assert.equal(sessions.searchEvents("c249")[0]?.id, ids[249]);
    sessions.close();
  });
});

Deno.test("getContextForAi() gives the seed's keys with the session's state", async () => {
  await withProject((dir) => {
    const time = clock();
    const sessions = open(dir, { now: time.now });
    sessions.setCurrentTask("Debugging login authentication");
    sessions.recordEvent(EventType.FILE_EDIT, { file: "login_tests.py" });
    sessions.recordEvent(EventType.FILE_EDIT, { file: "auth.py" });
    sessions.updateTestStatus({ total: 15, passed: 12, failed: 3 });
    sessions.recordError({
      message: "ImportError: Cannot import 'validate_token'",
      file: "auth.py",
    });
    time.advance(5 * 60_000);
    const context = sessions.getContextForAi();
    assert.deepEqual(Object.keys(context), [
      "current_task",
      "active_files",
      "test_status",
      "recent_errors",
      "recent_activity",
    ]);
    assert.equal(context.current_task, "Debugging login authentication");
    assert.deepEqual(context.active_files, ["auth.py", "login_tests.py"]);
    assert.deepEqual(context.test_status, { total: 15, passed: 12, failed: 3 });
    assert.deepEqual(context.recent_errors, [{
      message: "ImportError: Cannot import 'validate_token'",
      file: "auth.py",
      when: "5 minutes ago",
    }]);
    assert.equal(context.recent_activity.length, 5);
    assert.deepEqual(context.recent_activity[0], {
      type: "error",
      summary: "ImportError: Cannot import 'validate_token' (auth.py)",
      when: "5 minutes ago",
    });
    sessions.close();
  });
});

Deno.test("getContextForAi() stays within maxChars however much the session holds", async () => {
  await withProject((dir) => {
    const sessions = open(dir);
    sessions.setCurrentTask("Refactor ".repeat(200));
    for (let i = 0; i < 40; i++) {
      sessions.recordEvent(EventType.FILE_EDIT, {
        file: `src/module_${i}/very/long/path/file_${i}.ts`,
      });
      sessions.recordError({
        message: `Error ${i}: ${"x".repeat(900)}`,
        file: `f${i}.ts`,
        line: i,
      });
      sessions.recordEvent(EventType.MESSAGE, { role: "user", content: "why? ".repeat(300) });
    }
    sessions.updateTestStatus({
      total: 100,
      passed: 40,
      failed: 60,
      failures: Array.from(
        { length: 60 },
        (_, i) => ({ name: `test ${i}`, message: "boom ".repeat(50) }),
      ),
    });
    for (const maxChars of [200, 500, 1000, 2000, 6000]) {
      const context = sessions.getContextForAi({ maxChars });
      assert.ok(
        JSON.stringify(context).length <= maxChars,
        `${JSON.stringify(context).length} > ${maxChars}`,
      );
    }
    const roomy = sessions.getContextForAi({ maxChars: 6000 });
    assert.ok(roomy.current_task?.startsWith("Refactor"));
    assert.ok(roomy.active_files.length >= 3);
    assert.ok(roomy.recent_activity.length >= 3);
    assert.equal(roomy.test_status?.failed, 60);
    sessions.close();
  });
});

Deno.test("SessionManager keeps each project's sessions apart", async () => {
  await withProject(async (a) => {
    await withProject((b) => {
      const one = open(a);
      one.setCurrentTask("project A work");
      one.recordEvent(EventType.COMMAND, { command: "make alpha" });
      const two = open(b);
      assert.equal(two.loadLastSession(), null);
      assert.deepEqual(two.searchEvents("alpha"), []);
      two.setCurrentTask("project B work");
      assert.equal(one.currentSession().state.currentTask, "project A work");
      assert.equal(two.currentSession().state.currentTask, "project B work");
      assert.equal(one.listSessions().length, 1);
      assert.equal(two.listSessions()[0]?.projectPath, b);
      one.close();
      two.close();
    });
  });
});

Deno.test("SessionManager deletes sessions past retention at start-up but keeps pinned ones", async () => {
  await withProject(async (dir) => {
    const time = clock();
    const setup = open(dir, { now: time.now });
    const old = setup.startNewSession();
    setup.recordEvent(EventType.COMMAND, { command: "ancient oldword" });
    const pinned = setup.startNewSession();
    setup.recordEvent(EventType.COMMAND, { command: "pinned keepword" });
    setup.pinSession(pinned.id);
    time.advance(20 * DAY);
    const middle = setup.startNewSession();
    setup.recordEvent(EventType.COMMAND, { command: "middle" });
    setup.close();

    time.advance(15 * DAY); // old and pinned: 35 days, middle: 15 days
    const forever = open(dir, { now: time.now, retentionDays: 0 });
    assert.equal(forever.listSessions().length, 3);
    assert.equal(forever.pruneSessions().sessions.length, 0);
    forever.close();

    const keeper = open(dir, { now: time.now, retentionDays: 0 });
    const dry = keeper.pruneSessions({ dryRun: true, retentionDays: 30 });
    keeper.close();
    assert.deepEqual(dry.sessions.map((s) => s.id), [old.id]);
    assert.equal(dry.events, 1);

    const startUp = open(dir, { now: time.now });
    assert.deepEqual(startUp.listSessions().map((s) => s.id).sort(), [pinned.id, middle.id].sort());
    assert.deepEqual(startUp.searchEvents("oldword"), []);
    assert.equal(startUp.searchEvents("keepword").length, 1);
    startUp.close();

    await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "session:\n  retention_days: 10\n");
    const configured = open(dir, { now: time.now });
    assert.equal(configured.retentionDays, 10);
    assert.deepEqual(configured.listSessions().map((s) => s.id), [pinned.id]);
    configured.close();
  });
});

Deno.test("SessionManager in incognito mode writes nothing to the project", async () => {
  await withProject(async (dir) => {
    const before = open(dir);
    before.recordEvent(EventType.COMMAND, { command: "visible" });
    before.close();
    const bytes = await Deno.readFile(`${dir}/.flux/sessions.db`);

    const hidden = open(dir, { incognito: true });
    hidden.setCurrentTask("secret plan");
    hidden.recordEvent(EventType.MESSAGE, { role: "user", content: "incognito question" });
    assert.equal(hidden.getContextForAi().current_task, "secret plan");
    hidden.close();

    assert.deepEqual(await Deno.readFile(`${dir}/.flux/sessions.db`), bytes);
    const after = open(dir);
    assert.deepEqual(after.searchEvents("incognito"), []);
    assert.equal(after.listSessions().length, 1);
    after.close();
  });
  await withProject(async (dir) => {
    open(dir, { incognito: true }).recordEvent(EventType.COMMAND, { command: "x" });
    await assert.rejects(Deno.stat(`${dir}/.flux`), Deno.errors.NotFound);
  });
});

Deno.test("SessionManager migrates a seed-schema database and keeps unknown tables", async () => {
  await withProject(async (dir) => {
    await Deno.mkdir(`${dir}/.flux`);
    const raw = new DatabaseSync(`${dir}/.flux/sessions.db`);
    raw.exec(`CREATE TABLE sessions (session_id TEXT PRIMARY KEY, project_path TEXT NOT NULL,
      start_time INTEGER NOT NULL, last_active INTEGER NOT NULL, data TEXT NOT NULL DEFAULT '{}');
      CREATE TABLE events (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, timestamp INTEGER NOT NULL,
      event_type TEXT NOT NULL, data TEXT NOT NULL);
      CREATE TABLE plugin_grants (plugin TEXT PRIMARY KEY, grants TEXT);
      INSERT INTO plugin_grants VALUES ('disk', '["read"]');
      INSERT INTO sessions VALUES ('s1', '${dir}', 1, 2, '{"currentTask":"old task"}');
      INSERT INTO events VALUES (1, 's1', 2, 'command', '{"command":"legacy make"}');
      PRAGMA user_version = 1;`);
    raw.close();

    const sessions = open(dir, { retentionDays: 0 });
    assert.equal(sessions.loadLastSession()?.state.currentTask, "old task");
    assert.equal(sessions.searchEvents("legacy")[0]?.id, 1);
    sessions.close();
    const check = new DatabaseSync(`${dir}/.flux/sessions.db`);
    assert.deepEqual({ ...check.prepare("PRAGMA user_version").get() }, {
      user_version: SCHEMA_VERSION,
    });
    // The events index is ascending and serves newest-first reads without a sort.
    const plan = check.prepare(
      `EXPLAIN QUERY PLAN SELECT id FROM events WHERE session_id = ?
       ORDER BY timestamp DESC, id DESC LIMIT 5`,
    ).all().map((row) => String((row as { detail: unknown }).detail)).join(" | ");
    assert.match(plan, /USING (COVERING )?INDEX events_session_time/);
    assert.doesNotMatch(plan, /TEMP B-TREE/);
    assert.deepEqual({ ...check.prepare("SELECT * FROM plugin_grants").get() }, {
      plugin: "disk",
      grants: '["read"]',
    });
    check.close();
  });
});

Deno.test("SessionManager refuses a database written by a newer Flux", async () => {
  await withProject(async (dir) => {
    await Deno.mkdir(`${dir}/.flux`);
    const raw = new DatabaseSync(`${dir}/.flux/sessions.db`);
    raw.exec("CREATE TABLE t (x); PRAGMA user_version = 99;");
    raw.close();
    assert.throws(() => open(dir), /schema version 99, newer than this Flux .*upgrade Flux/);
  });
});

Deno.test("searchEvents() finds new events after retention deleted the newest ids", async () => {
  await withProject((dir) => {
    const time = clock();
    const first = open(dir, { now: time.now });
    first.recordEvents([
      { type: EventType.COMMAND, data: { command: "make oldstuff" } },
      { type: EventType.COMMAND, data: { command: "make oldstuff again" } },
    ]);
    assert.equal(first.searchEvents("oldstuff").length, 2);
    first.close();
    time.advance(40 * DAY);
    const later = open(dir, { now: time.now }); // deletes the old session and its events
    assert.equal(later.listSessions().length, 0);
    later.startNewSession();
    const id = later.recordEvent(EventType.COMMAND, { command: "make newstuff" });
    assert.deepEqual(later.searchEvents("newstuff").map((e) => e.id), [id]);
    assert.deepEqual(later.searchEvents("oldstuff"), []);
    later.close();
  });
});

Deno.test("pruneSessions() drops old events of a session still in use but keeps its state", async () => {
  await withProject((dir) => {
    const time = clock();
    const sessions = open(dir, { now: time.now });
    sessions.setCurrentTask("long running work");
    sessions.recordEvent(EventType.COMMAND, { command: "make ancientcmd" });
    time.advance(45 * DAY);
    sessions.recordEvent(EventType.COMMAND, { command: "make freshcmd" });
    const dry = sessions.pruneSessions({ dryRun: true });
    assert.deepEqual([dry.sessions.length, dry.oldEvents], [0, 2]);
    assert.equal(sessions.countEvents(sessions.currentSession().id), 3);
    const done = sessions.pruneSessions();
    assert.equal(done.oldEvents, 2);
    assert.deepEqual(sessions.recentEvents().map((e) => e.data.command), ["make freshcmd"]);
    assert.deepEqual(sessions.searchEvents("ancientcmd"), []);
    assert.equal(sessions.currentSession().state.currentTask, "long running work");
    sessions.close();
  });
});

Deno.test("recordEvent() from two connections to one session loses no state update", async () => {
  await withProject((dir) => {
    const tui = open(dir);
    const started = tui.startNewSession();
    const watcher = open(dir);
    assert.equal(watcher.loadLastSession()?.id, started.id); // both hold a snapshot with an empty state
    tui.setCurrentTask("Fix the login");
    watcher.recordEvent(EventType.FILE_EDIT, { file: "auth.py" });
    watcher.updateTestStatus({ total: 3, passed: 2, failed: 1 });
    tui.recordEvent(EventType.FILE_EDIT, { file: "views.py" });
    for (const sessions of [tui, watcher]) {
      const state = sessions.currentSession().state;
      assert.equal(state.currentTask, "Fix the login");
      assert.deepEqual(state.activeFiles, ["views.py", "auth.py"]);
      assert.equal(state.testStatus?.failed, 1);
    }
    tui.close();
    watcher.close();
  });
});

Deno.test("SessionManager stores an absolute, clean project path when given a relative one", async () => {
  await withProject((dir) => {
    const up = Deno.cwd().split("/").filter(Boolean).map(() => "..").join("/");
    const relative = `${up}${dir}/./sub/..//`;
    const sessions = new SessionManager(relative);
    try {
      assert.equal(sessions.projectDir, dir);
      assert.equal(sessions.startNewSession().projectPath, dir);
      assert.equal(sessions.dbPath, `${dir}/.flux/sessions.db`);
    } finally {
      sessions.close();
    }
  });
});

Deno.test("recordError() keeps a long traceback whole in the event and clipped in the session state", async () => {
  await withProject((dir) => {
    const sessions = open(dir);
    const traceback = `Traceback\n${'  File "auth.py", line 23, in login\n'.repeat(400)}`;
    sessions.recordError({ message: traceback, file: "auth.py", line: 23 });
    sessions.updateTestStatus({
      total: 1,
      passed: 0,
      failed: 1,
      failures: [{ name: "test_login", message: traceback }],
    });
    const state = sessions.currentSession().state;
    assert.equal(state.recentErrors[0]?.message.length, MAX_STATE_MESSAGE_CHARS);
    assert.ok(state.recentErrors[0]?.message.startsWith("Traceback\n"));
    assert.equal(state.testStatus?.failures?.[0]?.message?.length, MAX_STATE_MESSAGE_CHARS);
    const [error] = sessions.recentEvents({ types: [EventType.ERROR] });
    assert.equal(error?.data.message, traceback);
    sessions.close();
  });
});
