/**
 * End-to-end: a TUI (tmux) and `flux watch --json` on one project run one set of monitors. The pytest
 * fixture logs each session it starts in a git-ignored folder, so the test counts the runner's real
 * invocations; the store is read for the events recorded. Then the owner is killed with SIGKILL and the
 * other process takes over and reports the next transition.
 */
import assert from "node:assert/strict";
import { hasTmux, TmuxTerminal } from "./tmux_terminal.ts";
import { atomicSave, git, makeProject, processesIn, REPO, until } from "../monitor/_helpers.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";

const tmux = await hasTmux();
const GOOD = "def add(a, b):\n    return a + b\n";
const BAD = GOOD.replace("a + b", "a - b");
/** Each pytest session appends its arguments; a rerun of failing tests names them (with "::"). */
const CONFTEST = `import os


def pytest_sessionstart(session):
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(os.path.join(here, "runs"), exist_ok=True)
    with open(os.path.join(here, "runs", "log"), "a") as log:
        log.write(" ".join(str(a) for a in session.config.args) + "\\n")
`;
/** Generous: a busy machine runs pytest and starts Flux many times slower than an idle one. */
const WAIT = 180_000;

/** `flux watch --json` as a real subprocess, stdout events and stderr lines gathered as they come. */
function spawnWatch(dir: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", `${REPO}/deno.json`, `${REPO}/main.ts`, "watch"]
      .concat(["--json", "--project", dir]),
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  const events: Array<Record<string, unknown>> = [];
  const errors: string[] = [];
  const lines = async (stream: ReadableStream<Uint8Array>, each: (line: string) => void) => {
    let buf = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        each(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    }
  };
  const read = Promise.all([
    lines(child.stdout, (line) => events.push(JSON.parse(line))),
    lines(child.stderr, (line) => errors.push(line)),
  ]);
  return { child, events, errors, read };
}

function fullRuns(dir: string): number {
  const log = (() => {
    try {
      return Deno.readTextFileSync(`${dir}/runs/log`);
    } catch {
      return "";
    }
  })();
  // A whole run names no test (its argument list is empty, or a folder); a rerun names test ids.
  return log.split("\n").slice(0, -1).filter((line) => !line.includes("::")).length;
}

/** The tests monitor's recorded states, oldest first. */
function recordedStates(dir: string): string[] {
  const store = new SessionManager(dir);
  try {
    return store.recentEvents({ types: [EventType.MONITOR_STATE], session: "all", limit: 100 })
      .filter((e) => e.data.monitor === "tests").map((e) => String(e.data.to));
  } finally {
    store.close();
  }
}

const changes = (events: Array<Record<string, unknown>>, to: string) =>
  events.filter((e) => e.monitor === "tests" && e.kind === "state_change" && e.to === to);

Deno.test({
  name:
    "a TUI and flux watch on one project run each check once; after kill -9 of the owner the other takes over",
  ignore: !tmux,
  fn: async () => {
    const dir = await makeProject({
      "calc.py": GOOD,
      "tests/test_calc.py":
        "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
      "conftest.py": CONFTEST,
      ".gitignore": "runs/\n",
      ".flux/config.yaml":
        "monitors:\n  enabled: [tests, file_changes]\n  cooldown: 1\n  tests:\n    strategy: full\n    interval: 0\n",
    });
    await git(dir, "init", "-q");
    const term = await TmuxTerminal.open({ projectDir: dir, columns: 120, rows: 40 });
    let watch: ReturnType<typeof spawnWatch> | undefined;
    try {
      await term.waitFor(/tests\s+ok/, WAIT);
      assert.equal(fullRuns(dir), 1, "the TUI ran the suite once");

      watch = spawnWatch(dir);
      const w = watch;
      await until(
        () => w.errors.some((l) => /attached to the monitors/.test(l)),
        "watch to attach",
        WAIT,
      );
      await until(
        () => w.events.some((e) => e.monitor === "tests" && e.kind === "state" && e.to === "ok"),
        "the owner's state in flux watch",
        WAIT,
      );
      assert.equal(fullRuns(dir), 1, "attaching ran nothing");

      atomicSave(dir, "calc.py", BAD);
      await until(() => changes(w.events, "fail").length > 0, "the transition in flux watch", WAIT);
      // The row may still say "running" while the new failure is confirmed by rerunning it.
      await term.waitFor(
        (screen) => /Tests are now failing/.test(screen) && /tests\s+fail/.test(screen),
        WAIT,
      );
      assert.equal(fullRuns(dir), 2, "one whole run for the save, not one per process");
      assert.deepEqual(recordedStates(dir), ["ok", "fail"], "one set of events in the store");
      assert.ok(
        w.events.some((e) => e.kind === "notification" && e.title === "❌ Tests are now failing!"),
        "flux watch shows the same notification",
      );

      const owner = await term.programPid();
      assert.ok(owner, "the TUI's pid");
      Deno.kill(owner, "SIGKILL");
      await term.waitFor(/FLUX-EXITED 137/, WAIT);
      await until(
        () => w.errors.some((l) => /running them here now/.test(l)),
        "the takeover",
        WAIT,
      );
      await until(() => fullRuns(dir) >= 3, "the new owner's first run", WAIT);

      atomicSave(dir, "calc.py", GOOD);
      await until(() => changes(w.events, "ok").length > 0, "the next transition", WAIT);
      assert.equal(changes(w.events, "fail").length, 1, "the failure is not reported again");
      assert.equal(changes(w.events, "ok").length, 1);
      assert.deepEqual(recordedStates(dir), ["ok", "fail", "ok"], "recorded once, nothing lost");

      w.child.kill("SIGINT");
      assert.equal((await w.child.status).code, 0);
      await w.read;
    } finally {
      if (watch) {
        try {
          watch.child.kill("SIGKILL");
        } catch {
          // exited already
        }
        await watch.child.status;
        await watch.read.catch(() => {});
      }
      await term.kill();
      await until(() => processesIn(dir).length === 0, "every process to end", 30_000)
        .catch(() => {});
      const left = processesIn(dir);
      await Deno.remove(dir, { recursive: true });
      assert.deepEqual(left, [], "nothing Flux started outlives it");
    }
  },
});
