/**
 * A monitor plugin dropped into the project's plugins/ runs once trusted, with no config edit: under
 * `flux watch --json`, `flux watch --only NAME`; `monitors.NAME.enabled: false` still turns it off, and
 * an untrusted one is named with the command that trusts it.
 */
import assert from "node:assert/strict";
import { makeProject, REPO } from "./_helpers.ts";
import { runProcess } from "../../core/process/run_process.ts";

const MANIFEST = JSON.stringify({
  name: "todo-count",
  kind: "monitor",
  entry: "mod.ts",
  description: "Fixture drop-in: fails with a fixed summary",
  interval: 60,
  permissions: { read: ["."] },
});
// Fails until done.flag exists, so each watch below sees a new state (a restored one is not announced).
const ENTRY = `export default {
  check(ctx) {
    try {
      Deno.statSync(ctx.projectDir + "/done.flag");
      return { status: "ok", summary: "no TODOs left" };
    } catch {
      return { status: "fail", summary: "3 TODOs left", items: [{ message: "TODO in a.ts" }] };
    }
  },
};
`;

function flux(dir: string, ...args: string[]) {
  return runProcess(
    Deno.execPath(),
    [
      "run",
      "-A",
      "--quiet",
      "--config",
      `${REPO}/deno.json`,
      `${REPO}/main.ts`,
      "--project",
      dir,
      ...args,
    ],
    { env: { NO_COLOR: "1" }, timeoutMs: 120_000 },
  );
}

type Event = Record<string, unknown>;

/** `flux watch --json ARGS` until `done(events)` (default: an event of `todo-count`) or 60 s, then SIGINT. */
async function watchEvents(
  dir: string,
  args: string[],
  done = (events: Event[]) => events.some((e) => e.monitor === "todo-count" && e.kind !== "error"),
): Promise<Event[]> {
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
      ...args,
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const events: Record<string, unknown>[] = [];
  const timer = setTimeout(() => child.kill("SIGINT"), 60_000);
  let buffered = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    buffered += chunk;
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      events.push(JSON.parse(buffered.slice(0, newline)));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
    if (done(events)) {
      child.kill("SIGINT");
      break;
    }
  }
  clearTimeout(timer);
  await child.status;
  return events;
}

Deno.test("a dropped-in monitor runs under flux watch once trusted, with no config edit", async () => {
  const dir = await makeProject({
    "plugins/todo-count/plugin.json": MANIFEST,
    "plugins/todo-count/mod.ts": ENTRY,
  });
  try {
    // Untrusted: not run, and named with the command that trusts it.
    const untrusted = await watchEvents(
      dir,
      ["--only", "todo-count"],
      (events) => events.some((e) => e.monitor === "plugins"),
    );
    const notice = untrusted.find((e) => e.kind === "error");
    assert.equal(
      notice?.message,
      'Monitor "todo-count" is not trusted yet, so it does not run: run "flux plugins trust todo-count" to review it',
    );
    const trust = await flux(dir, "plugins", "trust", "todo-count", "--yes");
    assert.equal(trust.code, 0, trust.stderr);

    // Trusted: it runs alone with --only, and with the built-ins, with no config edit.
    const expected: [string[], string][] = [
      [["--only", "todo-count"], "3 TODOs left"],
      [[], "no TODOs left"],
    ];
    for (const [args, summary] of expected) {
      const events = await watchEvents(dir, args);
      const state = events.find((e) => e.monitor === "todo-count" && e.kind !== "error");
      assert.ok(
        state,
        `no todo-count event with ${JSON.stringify(args)}: ${JSON.stringify(events)}`,
      );
      assert.equal(state.summary, summary);
      await Deno.writeTextFile(`${dir}/done.flag`, "");
    }

    // monitors.enabled still decides: a list without it turns it off.
    await Deno.remove(`${dir}/done.flag`);
    await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "monitors:\n  enabled: [git]\n");
    const off = await watchEvents(dir, [], (events) => events.some((e) => e.monitor === "git"));
    assert.equal(off.some((e) => e.monitor === "todo-count"), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
