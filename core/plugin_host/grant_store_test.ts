import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { GrantStore } from "./grant_store.ts";

Deno.test("GrantStore stores, replaces and revokes grants without touching user_version", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux-grants-" });
  try {
    const store = new GrantStore(dir);
    assert.deepEqual(store.list(), []);
    await assert.rejects(Deno.stat(`${dir}/.flux/sessions.db`), "reading never creates the file");
    store.put({ name: "disk", dir: "/p/disk", hash: "aa", permissions: "{}" });
    store.put({ name: "disk", dir: "/p/disk", hash: "bb", permissions: "{}" });
    assert.equal(store.list().length, 1);
    assert.equal(store.get("disk")?.hash, "bb");
    const db = new DatabaseSync(`${dir}/.flux/sessions.db`);
    try {
      assert.deepEqual({ ...db.prepare("PRAGMA user_version").get() }, { user_version: 0 });
      assert.deepEqual({ ...db.prepare("PRAGMA journal_mode").get() }, { journal_mode: "wal" });
    } finally {
      db.close();
    }
    assert.equal(store.revoke("disk"), true);
    assert.equal(store.revoke("disk"), false);
    assert.equal(store.get("disk"), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
