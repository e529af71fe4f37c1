/**
 * A process that holds the session store keeps SQLite's POSIX locks on it while its file watcher runs and
 * other Flux processes write: on Linux, closing any descriptor of a file drops every lock the process holds
 * on it, and a lost lock lets another process delete the live -wal and -shm files.
 */
import assert from "node:assert/strict";
import { openSessionDb } from "../../core/session/open_session_db.ts";
import { watchFiles } from "../../core/toolchain/watch_files.ts";

const REPO = new URL("../../", import.meta.url).pathname;

/**
 * The inodes of files under `dir` on which this process holds POSIX locks, from the `lock:` lines of
 * `/proc/self/fdinfo/N` of each descriptor that points under `dir` (the kernel lists there the locks this
 * process holds on that file). Not from `/proc/locks`: that table lists every process's locks, is read one
 * page per read(2), and lines move between pages as other processes lock and unlock, so a read now and then
 * skips a lock that is held (4 of 5,000 reads on a busy machine; the next read has it again).
 * Reading `/proc/self/fd` and `fdinfo` opens nothing under `dir`.
 */
function lockedInodes(dir: string): Map<number, string[]> {
  const locks = new Map<number, string[]>();
  for (const entry of Deno.readDirSync("/proc/self/fd")) {
    let info: string;
    try {
      if (!Deno.readLinkSync(`/proc/self/fd/${entry.name}`).startsWith(`${dir}/`)) continue;
      info = Deno.readTextFileSync(`/proc/self/fdinfo/${entry.name}`);
    } catch {
      continue; // closed meanwhile
    }
    for (const line of info.split("\n")) {
      // "lock:\t1: POSIX  ADVISORY  READ 1234 fe:00:5678 128 128"
      const f = line.trim().split(/\s+/);
      if (f[0] !== "lock:" || f[2] !== "POSIX") continue;
      const ino = Number(f[6]?.split(":")[2]);
      locks.set(ino, [...locks.get(ino) ?? [], line.trim()]);
    }
  }
  return locks;
}

function inoOrGone(path: string): string {
  try {
    return `inode ${Deno.statSync(path).ino}`;
  } catch {
    return "gone";
  }
}

Deno.test({
  name: "the file watcher never drops the locks of the store this process holds open",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_locks_" }));
    const file = `${dir}/.flux/sessions.db`;
    const db = openSessionDb(file);
    const controller = new AbortController();
    try {
      db.prepare("SELECT count(*) FROM sessions").get();
      const ino = (p: string) => Deno.statSync(p).ino!;
      const held = [ino(file), ino(`${file}-shm`)];
      for (const i of held) {
        assert.ok(lockedInodes(dir).has(i), `SQLite holds its lock on inode ${i}`);
      }
      const ready = Promise.withResolvers<void>();
      const watching = watchFiles(dir, () => {}, {
        signal: controller.signal,
        onReady: ready.resolve,
      });
      await ready.promise;
      // Another Flux process writes events (each its own commit, then a checkpoint at close): the WAL,
      // the shared memory and the database file all change under the watcher.
      const writer = `
        import { SessionManager } from "${REPO}core/session/session_manager.ts";
        const s = new SessionManager(${JSON.stringify(dir)});
        s.startNewSession();
        for (let i = 0; i < 50; i++) s.recordEvent("command", { command: "echo " + i });
        s.close();`;
      for (let round = 0; round < 3; round++) {
        const out = await new Deno.Command(Deno.execPath(), {
          args: ["eval", writer],
          stdout: "null",
          stderr: "piped",
        }).output();
        assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      }
      await Deno.writeTextFile(`${dir}/after.txt`, "x");
      await new Promise((r) => setTimeout(r, 500));
      const now = lockedInodes(dir);
      const files = [file, `${file}-shm`, `${file}-wal`]
        .map((p) => `${p.slice(dir.length + 1)} ${inoOrGone(p)}`).join(", ");
      const detail = `held at start: ${held.join(", ")}; now: ${files}; locks: ${
        JSON.stringify([...now])
      }`;
      for (const i of held) {
        assert.ok(now.has(i), `the lock on inode ${i} is still held (${detail})`);
      }
      controller.abort();
      await watching;
    } finally {
      controller.abort();
      db.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
