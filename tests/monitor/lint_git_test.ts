import assert from "node:assert/strict";
import { git, makeProject, processesIn, titles, until, watchProject } from "./_helpers.ts";

Deno.test("a lint issue introduced and fixed gives one warning naming the rule, then one all-clear", async () => {
  const clean = "export const answer = 42;\n";
  const dir = await makeProject({ "deno.json": "{}\n", "mod.ts": clean });
  const w = await watchProject(dir, { lint: { interval: 0 } });
  try {
    await until(
      () => w.events.some((e) => e.monitor === "lint" && e.to === "ok"),
      "first clean lint run",
    );
    await Deno.writeTextFile(`${dir}/mod.ts`, `${clean}let spare = 1;\nexport { spare };\n`);
    await until(() => w.notes.length >= 1, "the lint notification");
    const warning = w.notes[0]!;
    assert.equal(warning.title, "⚠️  1 new lint issue");
    assert.equal(warning.listTitle, "Issues:");
    assert.equal(warning.lines[0], "mod.ts:2:5: prefer-const `spare` is never reassigned");
    // deno lint's JSON does not say which issues its --fix can fix: no fix command is promised.
    assert.equal(warning.analysis, "prefer-const (mod.ts:2): `spare` is never reassigned");
    const change = w.events.find((e) =>
      e.monitor === "lint" && e.kind === "state_change" && e.to === "fail"
    );
    assert.equal(change?.new_items?.[0]?.name, "prefer-const");

    await Deno.writeTextFile(`${dir}/mod.ts`, clean);
    await until(() => w.notes.length >= 2, "the all-clear");
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(titles(w.notes, "lint"), ["⚠️  1 new lint issue", "✅ Lint issues fixed"]);
  } finally {
    await w.stop();
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, []);
  }
});

Deno.test("a git change is announced, and so is the commit that cleans it", async () => {
  const dir = await makeProject({ ".gitignore": ".flux/\n", "notes.txt": "one\n" });
  await git(dir, "init", "-q", "-b", "main");
  await git(dir, "add", "-A");
  await git(dir, "commit", "-qm", "first");
  const w = await watchProject(dir, { git: { interval: 0 } });
  try {
    await until(
      () => w.events.some((e) => e.monitor === "git" && e.kind === "state_change"),
      "first git run",
    );
    const first = w.events.find((e) => e.monitor === "git")?.summary ?? "";
    assert.match(first, /main/);
    await Deno.writeTextFile(`${dir}/notes.txt`, "one\ntwo\n");
    await until(() => w.notes.length >= 1, "the git notification");
    assert.match(w.notes[0]?.title ?? "", /^🌿 Git: main.*1 uncommitted/);
    // The commit happens inside .git/, which the coordinator watches for the git monitor (no polling here).
    await git(dir, "commit", "-qam", "second");
    await until(() => w.notes.length >= 2, "the clean-again notification");
    assert.equal(w.notes[1]?.title, `🌿 Git: ${first}`);
  } finally {
    await w.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
