/**
 * A real project that already carries known failures: the set of failures is the state. `flux watch
 * --json` reports the current state once at start, then "❌ 28 more tests failing", then "✅ 27 fixed, 3
 * still failing", and nothing when a save leaves the set as it was.
 */
import assert from "node:assert/strict";
import { makeProject, REPO, until } from "./_helpers.ts";

/** A pytest run takes about a second; on a machine shared by a whole test suite it can take a minute. */
const PATIENCE_MS = 240_000;

const KNOWN =
  "def test_known_a():\n    assert 1 == 2\n\n\ndef test_known_b():\n    assert 'a' == 'b'\n";

/** The newest modification time of the reports Flux has pytest write under .flux/tmp (0 when none). */
function newestReport(dir: string): number {
  let newest = 0;
  const walk = (folder: string) => {
    for (const entry of Deno.readDirSync(folder)) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory) walk(path);
      else newest = Math.max(newest, Deno.statSync(path).mtime?.getTime() ?? 0);
    }
  };
  try {
    walk(`${dir}/.flux/tmp`);
  } catch {
    // Not there yet.
  }
  return newest;
}

function moreTests(failing: number): string {
  return Array.from(
    { length: 28 },
    (_, i) => `def test_more_${i}():\n    assert ${i < failing ? `${i} == -1` : "True"}\n`,
  ).join("\n\n");
}

Deno.test("flux watch --json: the current state at start, then only growth and fixes of the failure set", async () => {
  const dir = await makeProject({
    "pytest.ini": "[pytest]\n",
    "tests/test_known.py": KNOWN,
    // The whole suite each time: this is about the failure set, not the early stages (tests/testloop/).
    ".flux/config.yaml": "monitors:\n  cooldown: 1\n  tests:\n    strategy: full\n",
  });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      "--config",
      `${REPO}/deno.json`,
      `${REPO}/main.ts`,
      "--project",
      dir,
      "watch",
      "--json",
      "--only",
      "tests",
    ],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  const events: Array<Record<string, unknown>> = [];
  const read = (async () => {
    let buf = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        events.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
      }
    }
  })();
  const stderr = new Response(child.stderr).text();
  const titles = () => events.filter((e) => e.kind === "notification").map((e) => e.title);
  const runs = () => events.filter((e) => e.kind === "state" || e.kind === "state_change").length;
  try {
    await until(() => events.some((e) => e.kind === "state"), "the state at start", PATIENCE_MS);
    const state = events.find((e) => e.kind === "state")!;
    assert.equal(state.monitor, "tests");
    assert.equal(state.to, "fail");
    assert.equal((state.items as unknown[]).length, 2);
    await until(() => titles().length === 1, "the first notification", PATIENCE_MS);
    assert.equal(titles()[0], "❌ Tests are failing!");

    await Deno.writeTextFile(`${dir}/tests/test_more.py`, moreTests(28));
    await until(() => titles().length === 2, "the growth notification", PATIENCE_MS);
    assert.match(String(titles()[1]), /^❌ 28 more tests failing: test_more_\d+, /);

    await Deno.writeTextFile(`${dir}/tests/test_more.py`, moreTests(1));
    await until(() => titles().length === 3, "the fixes notification", PATIENCE_MS);
    assert.equal(titles()[2], "✅ 27 fixed, 3 still failing");

    // The same failures after another save: pytest runs again (its report is rewritten), nothing is said.
    const before = runs();
    const reportsAt = newestReport(dir);
    await Deno.writeTextFile(`${dir}/tests/test_known.py`, `${KNOWN}\n# a comment\n`);
    await until(() => newestReport(dir) > reportsAt, "pytest's run after the save", PATIENCE_MS);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(runs(), before, "no state change for the same set");
    assert.equal(titles().length, 3);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await read;
    await stderr;
    await Deno.remove(dir, { recursive: true });
  }
});
