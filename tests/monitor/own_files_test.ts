import assert from "node:assert/strict";
import { PluginHost } from "../../core/plugin_host/plugin_host.ts";
import { git, makeProject, processesIn, until, watchProject } from "./_helpers.ts";

Deno.test("Flux's own files (.flux/tmp reports, lint state, bytecode) never show as git changes or file changes", async () => {
  // No .gitignore in the project and no session store (so no .flux/.gitignore written by the store).
  const dir = await makeProject({
    "deno.json": "{}\n",
    "mod.ts": "export const answer = 42;\n",
    "mod_test.ts":
      'import { answer } from "./mod.ts";\nDeno.test("answer", () => {\n  if (answer !== 42) throw new Error("no");\n});\n',
    "calc.py": "def add(a, b):\n    return a + b\n",
  });
  await git(dir, "init", "-q", "-b", "main");
  await git(dir, "add", "-A");
  await git(dir, "commit", "-qm", "first");
  const w = await watchProject(dir, {
    tests: { interval: 0 },
    lint: { interval: 0 },
    build: { interval: 0, options: { tool: "compileall" } },
    git: { interval: 0 },
    file_changes: {},
  });
  try {
    const ran = (name: string) =>
      w.events.some((e) => e.monitor === name && e.kind === "state_change");
    await until(
      () => ["tests", "lint", "build", "git"].every(ran),
      "the first run of each monitor",
    );
    // The runs wrote their reports, the lint state and bytecode under .flux/tmp by now.
    const written: string[] = [];
    for await (const entry of Deno.readDir(`${dir}/.flux/tmp`)) written.push(entry.name);
    assert.ok(written.includes("lint_state.json"), `lint state written: ${written.join(", ")}`);
    // The git monitor, run now that those files exist, and every git state seen while watching.
    const host = new PluginHost(dir);
    try {
      await host.discover();
      assert.equal((await host.runMonitor("git")).summary, "main: clean");
    } finally {
      await host.close();
    }
    const gitStates = w.events.filter((e) => e.monitor === "git" && e.kind === "state_change");
    assert.deepEqual(gitStates.map((e) => e.summary), ["main: clean"]);
    const changed = w.events.filter((e) => e.kind === "file_change").flatMap((e) => e.files ?? []);
    assert.deepEqual(changed, [], "no file change reported for Flux's own writes");
    const status = await new Deno.Command("git", {
      args: ["status", "--porcelain"],
      cwd: dir,
      stdout: "piped",
    }).output();
    assert.equal(new TextDecoder().decode(status.stdout), "", "git sees nothing new");
  } finally {
    await w.stop();
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, []);
  }
});
