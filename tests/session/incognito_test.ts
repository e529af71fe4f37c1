import assert from "node:assert/strict";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";

const HOUR = 3_600_000;

async function withProject(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "flux_incognito_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Every file of `.flux/` with its bytes. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of Deno.readDir(`${dir}/.flux`)) {
    const bytes = await Deno.readFile(`${dir}/.flux/${entry.name}`);
    files.set(entry.name, Array.from(bytes.subarray(0, 1 << 20)).join(","));
  }
  return files;
}

function recordWork(sessions: SessionManager): void {
  sessions.setCurrentTask("Debugging login authentication");
  sessions.recordEvent(EventType.FILE_EDIT, { file: "auth.py" });
  sessions.updateTestStatus({ total: 15, passed: 12, failed: 3 });
  sessions.recordEvent(EventType.COMMAND, { command: "pytest tests/test_login.py", source: "tui" });
}

Deno.test("SessionManager in incognito mode shows the last session and leaves .flux/ byte for byte", async () => {
  await withProject(async (dir) => {
    const start = Date.now() - 2 * HOUR;
    const before = new SessionManager(dir, { now: () => new Date(start) });
    recordWork(before);
    before.close();
    const files = await snapshot(dir);

    const hidden = new SessionManager(dir, { incognito: true });
    const last = hidden.loadLastSession();
    assert.ok(last);
    const banner = hidden.getSessionSummary(last);
    assert.match(banner, /^📂 Resuming session from 2 hours ago\n/);
    assert.match(banner, /🎯 Last task: Debugging login authentication/);
    assert.match(banner, /❌ Tests: 3 failing/);
    assert.match(banner, /• command: pytest tests\/test_login.py/);
    hidden.recordEvent(EventType.MESSAGE, { role: "user", content: "a private question" });
    hidden.setCurrentTask("private plan");
    const context = hidden.getContextForAi();
    assert.equal(context.current_task, "private plan");
    assert.deepEqual(context.active_files, ["auth.py"]);
    assert.equal(context.test_status?.failed, 3);
    assert.deepEqual(
      hidden.recentEvents({ types: [EventType.COMMAND, EventType.MESSAGE] }).map((e) => e.type),
      ["command", "message"],
    );
    hidden.close();

    assert.deepEqual(await snapshot(dir), files, "incognito changed or added a file in .flux/");
    const after = new SessionManager(dir);
    assert.equal(after.loadLastSession()?.state.currentTask, "Debugging login authentication");
    assert.deepEqual(after.searchEvents("private"), []);
    after.close();
  });
});

Deno.test("SessionManager in incognito mode sees events another process has only in the WAL", async () => {
  await withProject((dir) => {
    const writer = new SessionManager(dir);
    try {
      recordWork(writer);
      writer.recordEvent(EventType.FILE_EDIT, { file: "still_in_wal.py" });
      assert.ok(Deno.statSync(`${dir}/.flux/sessions.db-wal`).size > 0);
      const hidden = new SessionManager(dir, { incognito: true });
      const last = hidden.loadLastSession();
      assert.equal(last?.id, writer.currentSession().id);
      assert.deepEqual(last?.state.activeFiles, ["still_in_wal.py", "auth.py"]);
      hidden.close();
    } finally {
      writer.close();
    }
  });
});

Deno.test("SessionManager in incognito mode starts empty with one warning when the store is unreadable", async () => {
  await withProject(async (dir) => {
    await Deno.mkdir(`${dir}/.flux`);
    await Deno.writeTextFile(`${dir}/.flux/sessions.db`, "not a database ".repeat(100));
    const files = await snapshot(dir);
    const warnings: string[] = [];
    const hidden = new SessionManager(dir, { incognito: true, onWarning: (m) => warnings.push(m) });
    assert.equal(hidden.loadLastSession(), null);
    hidden.recordEvent(EventType.COMMAND, { command: "ls" });
    hidden.close();
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]!,
      /^flux: cannot read the session store ".*sessions\.db" \(.+\); incognito starts empty$/,
    );
    assert.deepEqual(await snapshot(dir), files);
  });
});
