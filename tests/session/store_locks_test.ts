/**
 * A process that holds the session store keeps SQLite's POSIX locks on it while its file watcher runs and
 * other Flux processes write: on Linux, closing any descriptor of a file drops every lock the process holds
 * on it, and a lost lock lets another process delete the live -wal and -shm files.
 */
import assert from "node:assert/strict";
import { openSessionDb } from "../../core/session/open_session_db.ts";
import { watchFiles } from "../../core/toolchain/watch_files.ts";

const REPO = new URL("../../", import.meta.url).pathname;

/** The inodes on which process `pid` holds POSIX locks (from /proc/locks). */
function lockedInodes(pid: number): Set<number> {
  const inodes = new Set<number>();
  for (const line of Deno.readTextFileSync("/proc/locks").split("\n")) {
    const f = line.trim().split(/\s+/);
    // "1: POSIX  ADVISORY  READ 1234 fe:00:5678 128 128"
    if (f[1] === "POSIX" && Number(f[4]) === pid) inodes.add(Number(f[5]?.split(":")[2]));
  }
  return inodes;
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
      for (const i of held) assert.ok(lockedInodes(Deno.pid).has(i), "SQLite holds its locks");
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
      const now = lockedInodes(Deno.pid);
      for (const i of held) assert.ok(now.has(i), `the lock on inode ${i} is still held`);
      controller.abort();
      await watching;
    } finally {
      controller.abort();
      db.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
