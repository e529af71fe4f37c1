import assert from "node:assert/strict";
import { makeProject, processesIn, REPO, until, writeFiles } from "./_helpers.ts";
import { WebhookOutbox } from "../../core/notify/webhook_outbox.ts";

const GOOD = "def add(a, b):\n    return a + b\n";
const TESTS = "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n";

/** `flux watch --json` as a real subprocess; lines of stdout are parsed as they come. */
function spawnWatch(dir: string, ...extra: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      "--config",
      `${REPO}/deno.json`,
      `${REPO}/main.ts`,
      "watch",
      "--json",
      ...extra,
      "--project",
      dir,
    ],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  const lines: string[] = [];
  const events: Array<Record<string, unknown>> = [];
  const read = (async () => {
    let buf = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        events.push(JSON.parse(line));
      }
    }
  })();
  const stderr = new Response(child.stderr).text();
  return { child, lines, events, read, stderr };
}

Deno.test("flux watch --json prints state changes and notifications, delivers to Slack after a 429, stops on SIGINT", async () => {
  const hits: Array<{ at: number; text: string }> = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.json() as { text: string };
    hits.push({ at: Date.now(), text: body.text });
    return hits.length === 1
      ? new Response("rate limited", { status: 429, headers: { "retry-after": "1" } })
      : new Response("ok");
  });
  const url = `http://127.0.0.1:${server.addr.port}/services/T0/B0/SECRETHOOKTOKEN`;
  const dir = await makeProject({
    "calc.py": GOOD,
    "tests/test_calc.py": TESTS,
    "conftest.py": "",
  });
  await writeFiles(dir, {
    ".flux/config.yaml":
      `monitors:\n  cooldown: 1\n  tests:\n    strategy: full\nnotify:\n  slack:\n    webhook_url: "${url}"\n`,
  });
  const w = spawnWatch(dir, "--only", "tests");
  try {
    await until(
      () => w.events.some((e) => e.kind === "state_change" && e.to === "ok"),
      "first passing run",
    );
    await Deno.writeTextFile(`${dir}/calc.py`, GOOD.replace("a + b", "a - b"));
    await until(() => w.events.some((e) => e.kind === "notification"), "the notification line");
    await until(() => hits.length >= 2, "the retried webhook post", 20_000);

    const change = w.events.find((e) => e.kind === "state_change" && e.to === "fail")!;
    assert.equal(change.monitor, "tests");
    assert.equal(change.from, "ok");
    assert.equal(typeof change.time, "string");
    assert.match(String(change.summary), /1 failed/);
    assert.deepEqual(change.items, [{
      message: "assert -1 == 3",
      file: "tests/test_calc.py",
      line: 5,
      name: "tests/test_calc.py::test_add",
    }]);
    const note = w.events.find((e) => e.kind === "notification")!;
    assert.equal(note.title, "❌ Tests are now failing!");

    assert.ok(hits[1]!.at - hits[0]!.at >= 1000, "nothing sent before Retry-After");
    assert.match(hits[1]!.text, /❌ Tests are now failing!/);
    assert.match(hits[1]!.text, /test_add/);
    assert.equal(hits.length, 2);

    w.child.kill("SIGINT");
    const status = await w.child.status;
    assert.equal(status.code, 0);
    await w.read;
    assert.ok(!w.lines.join("\n").includes("SECRETHOOKTOKEN"), "the webhook URL is never printed");
    const outbox = new WebhookOutbox(dir);
    assert.deepEqual(await outbox.entries(), [], "nothing left undelivered");
    outbox.close();
  } finally {
    try {
      w.child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await w.child.status;
    await w.read.catch(() => {});
    await w.stderr;
    await server.shutdown();
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, [], "no process left behind");
  }
});

Deno.test("flux watch stops cleanly on SIGTERM with no process left", async () => {
  const dir = await makeProject({
    "deno.json": "{}\n",
    "mod.ts": "export const a = 1;\n",
    "mod_test.ts":
      'import { a } from "./mod.ts";\nDeno.test("a", () => {\n  if (a !== 1) throw new Error("a");\n});\n',
  });
  const w = spawnWatch(dir);
  try {
    await until(() => w.events.filter((e) => e.kind === "state_change").length >= 3, "first runs");
    w.child.kill("SIGTERM");
    assert.equal((await w.child.status).code, 0);
    await w.read;
    for (const e of w.events) {
      assert.ok(typeof e.time === "string" && typeof e.monitor === "string", JSON.stringify(e));
      assert.ok(
        ["state", "state_change", "file_change", "notification", "error"].includes(String(e.kind)),
      );
    }
    assert.match(await w.stderr, /^$/);
  } finally {
    try {
      w.child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await w.child.status;
    await w.read.catch(() => {});
    await w.stderr.catch(() => "");
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, []);
  }
});

Deno.test("flux watch --only rejects an unknown monitor with one line and exit 2", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      "--config",
      `${REPO}/deno.json`,
      `${REPO}/main.ts`,
      "watch",
      "--only",
      "tests,coverage",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 2);
  assert.equal(
    new TextDecoder().decode(out.stderr),
    'flux: Unknown monitor "coverage" in --only: use tests, build, lint, file_changes, git\n',
  );
});
