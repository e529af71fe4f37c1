import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { SessionManager } from "../../core/session/session_manager.ts";

const WRITER = `${import.meta.dirname}/_writer.ts`;
const CONFIG = `${import.meta.dirname}/../../deno.json`;

function startWriter(dir: string, count: number, tag: string, goFile = ""): Deno.ChildProcess {
  const args = ["run", "-A", "--quiet", "--config", CONFIG, WRITER, dir, String(count), tag];
  return new Deno.Command(Deno.execPath(), {
    args: goFile ? [...args, goFile] : args,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Reads "ack <id> <seq>" lines; calls `onAck` after each; resolves with all acks at EOF. */
async function readAcks(
  child: Deno.ChildProcess,
  onAck: (n: number) => void = () => {},
  onReady: () => void = () => {},
): Promise<Map<number, number>> {
  const acks = new Map<number, number>();
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line === "ready") onReady();
      const match = /^ack (\d+) (\d+)$/.exec(line);
      if (match) {
        acks.set(Number(match[1]), Number(match[2]));
        onAck(acks.size);
      }
    }
  }
  return acks;
}

function integrity(db: DatabaseSync): unknown {
  return Object.values(db.prepare("PRAGMA integrity_check").get() ?? {})[0];
}

Deno.test("recordEvent() keeps every acknowledged event when the writer is SIGKILLed, 5 rounds", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_session_crash_" });
  try {
    const acknowledged = new Map<number, { tag: string; seq: number }>();
    for (let round = 0; round < 5; round++) {
      const tag = `round${round}`;
      const child = startWriter(dir, 0, tag);
      const killAt = 300 + Math.floor(Math.random() * 1500);
      let killed = false;
      const acks = await readAcks(child, (n) => {
        if (n >= killAt && !killed) {
          killed = true;
          child.kill("SIGKILL");
        }
      });
      const status = await child.status;
      const stderr = new TextDecoder().decode(
        await new Response(child.stderr).arrayBuffer(),
      );
      assert.equal(status.signal, "SIGKILL", `round ${round}: ${stderr}`);
      assert.ok(acks.size >= killAt, `round ${round}: only ${acks.size} acks`);
      for (const [id, seq] of acks) acknowledged.set(id, { tag, seq });

      const db = new DatabaseSync(`${dir}/.flux/sessions.db`);
      try {
        assert.equal(integrity(db), "ok");
        const rows = db.prepare("SELECT id, data FROM events").all() as Array<
          { id: number; data: string }
        >;
        const stored = new Map(
          rows.map((r) => [r.id, JSON.parse(r.data) as { tag: string; seq: number }]),
        );
        for (const [id, expected] of acknowledged) {
          const row = stored.get(id);
          assert.ok(row, `round ${round}: acknowledged event ${id} is missing`);
          assert.equal(row.tag, expected.tag);
          assert.equal(row.seq, expected.seq);
        }
      } finally {
        db.close();
      }
    }
    // The store still opens, searches (catching the index up) and passes the check afterwards.
    const sessions = new SessionManager(dir);
    assert.ok(sessions.searchEvents("round4").length > 0);
    sessions.close();
    const db = new DatabaseSync(`${dir}/.flux/sessions.db`);
    assert.equal(integrity(db), "ok");
    db.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("two writer processes on one project lose nothing and never see a locked database", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_session_two_" });
  try {
    const count = 5000;
    const go = `${dir}/go`;
    // No store yet: both writers create, migrate and open it at the same moment.
    let ready = 0;
    const onReady = () => {
      if (++ready === 2) Deno.writeTextFileSync(go, "");
    };
    const writers = ["alpha", "beta"].map((tag) => ({
      tag,
      child: startWriter(dir, count, tag, go),
    }));
    // A writer that dies before "ready" must not leave the other waiting forever.
    for (const { child } of writers) child.status.then(() => Deno.writeTextFileSync(go, ""));
    const results = await Promise.all(writers.map(async ({ tag, child }) => {
      const [acks, status, stderr] = await Promise.all([
        readAcks(child, undefined, onReady),
        child.status,
        new Response(child.stderr).text(),
      ]);
      return { tag, acks, status, stderr };
    }));
    for (const { tag, acks, status, stderr } of results) {
      assert.doesNotMatch(stderr, /locked|busy/i);
      assert.equal(status.code, 0, `${tag}: ${stderr}`);
      assert.equal(acks.size, count);
    }
    const db = new DatabaseSync(`${dir}/.flux/sessions.db`);
    try {
      assert.equal(integrity(db), "ok");
      for (const { tag, acks } of results) {
        const rows = db.prepare(
          "SELECT id FROM events WHERE json_extract(data, '$.tag') = ? ORDER BY id",
        ).all(tag) as Array<{ id: number }>;
        assert.deepEqual(rows.map((r) => r.id), [...acks.keys()].sort((a, b) => a - b));
      }
      // The writers really ran at once: their events interleave.
      const [a, b] = results.map((r) => [...r.acks.keys()]);
      assert.ok(Math.min(...a!) < Math.max(...b!) && Math.min(...b!) < Math.max(...a!));
    } finally {
      db.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
