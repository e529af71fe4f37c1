/**
 * `flux watch --json > flux.log` with the log inside the project: the watcher must not report Flux's own
 * writes (it would record and print them forever), while a real edit is still reported.
 */
import assert from "node:assert/strict";
import { makeProject, REPO, until } from "./_helpers.ts";

Deno.test("flux watch --json > flux.log inside the project never reports its own output", async () => {
  const dir = await makeProject({ "app.py": "x = 1\n" });
  const log = `${dir}/flux.log`;
  const flux = [
    Deno.execPath(),
    "run",
    "-A",
    "--quiet",
    "--config",
    `${REPO}/deno.json`,
    `${REPO}/main.ts`,
  ]
    .map((a) => `'${a}'`).join(" ");
  const child = new Deno.Command("sh", {
    args: ["-c", `exec ${flux} watch --json --project '${dir}' > '${log}' 2> '${dir}/flux.err'`],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  const lines = () => {
    try {
      return Deno.readTextFileSync(log).split("\n").filter((l) => l !== "");
    } catch {
      return []; // the shell has not created it yet
    }
  };
  try {
    // Every monitor's first verdict is written to the log (each one a write the watcher would see).
    await until(
      () => lines().some((l) => l.includes('"monitor":"tests"')),
      "the first test run",
      60_000,
    );
    await Deno.writeTextFile(`${dir}/app.py`, "x = 2\n");
    await until(
      () => lines().some((l) => l.includes('"file_change"')),
      "the edit reported",
      60_000,
    );
    // Quiet for a while: with its own output reported, the log would keep growing by itself.
    await new Promise((r) => setTimeout(r, 3000));
    const before = lines().length;
    await new Promise((r) => setTimeout(r, 3000));
    const after = lines();
    const changes = after.filter((l) => l.includes('"file_change"')).map((l) =>
      JSON.parse(l).files
    );
    assert.deepEqual(changes, [["app.py"]], "only the real edit is a change");
    assert.equal(after.length, before, "the log does not grow by itself");
  } finally {
    child.kill("SIGINT");
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});
