/**
 * A self-sustaining change loop under a real `flux watch`: the project's own test writes a file into the
 * project on every run, the watcher sees it change, which starts the tests again, forever. Flux must say so
 * once, naming the file and how to ignore it.
 */
import assert from "node:assert/strict";
import { makeProject, REPO, until } from "./_helpers.ts";

Deno.test("flux watch warns once when a check's own run changes a watched file every time", async () => {
  const dir = await makeProject({
    "app.py": "def add(a, b):\n    return a + b\n",
    // Each run writes a new stamp into the project, as a tool that keeps a report next to the code does.
    "test_app.py": "import time\nfrom app import add\n\n\ndef test_add():\n" +
      "    with open('stamp.py', 'w') as f:\n        f.write('STAMP = ' + repr(time.time()) + '\\n')\n" +
      "    assert add(1, 2) == 3\n",
    "pyproject.toml": '[project]\nname = "loop"\nversion = "0.1.0"\n',
  });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      `${REPO}/main.ts`,
      "--project",
      dir,
      "watch",
      "--json",
      "--only",
      "tests",
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const lines: string[] = [];
  const reading = (async () => {
    let rest = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      rest += chunk;
      const parts = rest.split("\n");
      rest = parts.pop() ?? "";
      lines.push(...parts.filter((l) => l !== ""));
    }
  })();
  const stderr = new Response(child.stderr).text();
  const events = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const loopWarnings = () =>
    events().filter((e) =>
      e.kind === "error" && String(e.message).includes("after every run of the")
    );
  const runs = () => events().filter((e) => e.monitor === "tests" && e.kind !== "state").length;
  try {
    // The detector needs five runs in a row followed by the same change: minutes on a busy machine.
    await until(() => loopWarnings().length > 0, "the change-loop warning", 300_000);
    const [warning] = loopWarnings();
    assert.match(
      String(warning!.message),
      /^"stamp\.py" changes after every run of the tests check/,
    );
    assert.match(
      String(warning!.message),
      /monitors\.file_changes\.ignore in \.flux\/config\.yaml/,
    );
    assert.equal(warning!.monitor, "file_changes");
    // The loop goes on (nothing stops the user's tool), but it is said once: wait for two more runs.
    const seen = runs();
    await until(() => runs() >= seen + 2, "two more runs of the loop", 300_000);
    assert.equal(loopWarnings().length, 1, lines.join("\n"));
  } finally {
    child.kill("SIGINT");
    await child.status;
    await reading;
    const err = await stderr;
    await Deno.remove(dir, { recursive: true });
    assert.ok(!err.includes("Uncaught"), err);
  }
});
