import assert from "node:assert/strict";
import type { DatabaseSync } from "node:sqlite";
import { JOURNAL_SIZE_LIMIT, openSessionDb } from "./open_session_db.ts";
import { SCHEMA_VERSION } from "./_migrations.ts";
import { SessionManager } from "./session_manager.ts";
import { EventType } from "./event_type.ts";

async function withDir(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "flux_session_db_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function pragma(db: DatabaseSync, name: string): unknown {
  return Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0];
}

Deno.test("openSessionDb() creates a 0600 WAL database with a busy timeout and bounded journal", async () => {
  await withDir((dir) => {
    const file = `${dir}/.flux/sessions.db`;
    const db = openSessionDb(file);
    try {
      assert.equal(Deno.statSync(file).mode! & 0o777, 0o600);
      assert.equal(pragma(db, "journal_mode"), "wal");
      assert.equal(pragma(db, "busy_timeout"), 5000);
      assert.equal(pragma(db, "journal_size_limit"), JOURNAL_SIZE_LIMIT);
      assert.equal(pragma(db, "synchronous"), 1); // NORMAL
      assert.equal(pragma(db, "user_version"), SCHEMA_VERSION);
      db.exec("BEGIN IMMEDIATE; CREATE TABLE probe(x); COMMIT;");
      assert.equal(Deno.statSync(`${file}-wal`).mode! & 0o777, 0o600);
    } finally {
      db.close();
    }
  });
});

Deno.test("openSessionDb() moves a corrupt file aside with its WAL and starts fresh", async () => {
  await withDir(async (dir) => {
    const file = `${dir}/sessions.db`;
    const garbage = new TextEncoder().encode("this is not sqlite ".repeat(300));
    await Deno.writeFile(file, garbage);
    await Deno.writeFile(`${file}-wal`, garbage.slice(0, 100));
    const warnings: string[] = [];
    const db = openSessionDb(file, {
      onWarning: (m) => warnings.push(m),
      now: () => new Date("2026-11-25T08:30:00.123Z"),
    });
    try {
      assert.equal(warnings.length, 1);
      assert.ok(!warnings[0]!.includes("\n"));
      const aside = `${file}.corrupt-20261125T083000Z`;
      assert.match(warnings[0]!, /is unreadable \(file is not a database\); moved it to/);
      assert.ok(warnings[0]!.includes(aside));
      assert.deepEqual(await Deno.readFile(aside), garbage);
      assert.deepEqual(await Deno.readFile(`${aside}-wal`), garbage.slice(0, 100));
      assert.equal(pragma(db, "user_version"), SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });
});

Deno.test("SessionManager keeps working after a corrupt store was moved aside twice", async () => {
  await withDir(async (dir) => {
    const file = `${dir}/.flux/sessions.db`;
    const warnings: string[] = [];
    const now = () => new Date("2026-11-25T08:30:00Z");
    for (const round of [1, 2]) {
      await Deno.mkdir(`${dir}/.flux`, { recursive: true });
      await Deno.writeTextFile(file, `garbage round ${round} `.repeat(100));
      const sessions = new SessionManager(dir, { now, onWarning: (m) => warnings.push(m) });
      sessions.recordEvent(EventType.COMMAND, { command: `after round ${round}` });
      assert.equal(sessions.recentEvents().length, 1);
      sessions.close();
    }
    assert.equal(warnings.length, 2);
    const names = [...Deno.readDirSync(`${dir}/.flux`)].map((e) => e.name).sort();
    assert.ok(names.includes("sessions.db.corrupt-20261125T083000Z"));
    assert.ok(names.includes("sessions.db.corrupt-20261125T083000Z-2"));
    assert.equal(
      Deno.readTextFileSync(`${file}.corrupt-20261125T083000Z-2`).slice(0, 15),
      "garbage round 2",
    );
  });
});

Deno.test("SessionManager checkpoints so the WAL stays bounded under a long stream", async () => {
  await withDir((dir) => {
    const sessions = new SessionManager(dir);
    const blob = "y".repeat(8000);
    let largest = 0;
    for (let i = 0; i < 4000; i++) {
      sessions.recordEvent(EventType.MESSAGE, { role: "assistant", content: `${i} ${blob}` });
      if (i % 200 === 0) {
        largest = Math.max(largest, Deno.statSync(`${dir}/.flux/sessions.db-wal`).size);
      }
    }
    sessions.close();
    // 32 MB went through the WAL; it never held much more than the autocheckpoint's 1000 pages.
    assert.ok(largest < 2 * JOURNAL_SIZE_LIMIT, `WAL reached ${largest} bytes`);
    let after = 0;
    try {
      after = Deno.statSync(`${dir}/.flux/sessions.db-wal`).size;
    } catch {
      // The last connection removed it.
    }
    assert.ok(after <= JOURNAL_SIZE_LIMIT, `WAL left at ${after} bytes`);
  });
});

Deno.test("openSessionDb() moves aside a database whose schema page is damaged", async () => {
  await withDir(async (dir) => {
    const file = `${dir}/sessions.db`;
    openSessionDb(file).close();
    const bytes = await Deno.readFile(file);
    bytes.fill(0xa5, 100, 4096); // keep the 100-byte header, wreck the rest of page 1 (the schema)
    await Deno.writeFile(file, bytes);
    const warnings: string[] = [];
    const db = openSessionDb(file, { onWarning: (m) => warnings.push(m) });
    try {
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /malformed|not a database/);
      assert.equal(pragma(db, "user_version"), SCHEMA_VERSION);
      const aside = [...Deno.readDirSync(dir)].find((e) => /\.corrupt-\d{8}T\d{6}Z$/.test(e.name));
      const kept = await Deno.readFile(`${dir}/${aside?.name}`);
      assert.ok(kept.length === bytes.length && kept.every((b, i) => b === bytes[i]));
    } finally {
      db.close();
    }
  });
});
