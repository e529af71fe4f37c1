/**
 * One save is one "file changed" notice: a second event for the same file with the same content (the
 * editor sets the file's time or mode after writing, or writes it again unchanged) is held by the
 * cooldown and must not be told again when the cooldown ends.
 */
import assert from "node:assert/strict";
import { makeProject, until, watchProject } from "./_helpers.ts";

Deno.test("the same save gives no second file-changed notice after the cooldown; a new save does", async () => {
  const dir = await makeProject({ "auth.py": "x = 1\n", "utils.py": "y = 1\n" });
  const w = await watchProject(dir, { file_changes: {} }, { cooldownMs: 2000 });
  const files = () => w.notes.filter((n) => n.monitor === "file_changes").map((n) => n.title);
  try {
    await Deno.writeTextFile(`${dir}/auth.py`, "x = 2\n");
    await until(() => files().length >= 1, "the save's notice");
    assert.equal(files()[0], "📝 1 file changed: auth.py");
    // Within the cooldown: the same file's time changes (same content), then another file is saved.
    await Deno.utime(`${dir}/auth.py`, new Date(), new Date(Date.now() + 5000));
    await Deno.writeTextFile(`${dir}/auth.py`, "x = 2\n");
    await new Promise((r) => setTimeout(r, 200));
    await Deno.writeTextFile(`${dir}/utils.py`, "y = 2\n");
    await until(() => files().some((t) => t.includes("utils.py")), "the second save's notice");
    assert.deepEqual(files().slice(1), ["📝 1 file changed: utils.py"]);

    // A real change of the first file is news again.
    await Deno.writeTextFile(`${dir}/auth.py`, "x = 3\n");
    await until(() => files().length >= 3, "the new save's notice");
    assert.equal(files()[2], "📝 1 file changed: auth.py");
  } finally {
    await w.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
