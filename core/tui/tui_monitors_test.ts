import assert from "node:assert/strict";
import { PluginHost } from "../plugin_host/plugin_host.ts";
import { type MonitorUpdate, TuiMonitors } from "./tui_monitors.ts";

const NAMES = ["lint", "build", "git", "tests", "file_changes"];

/**
 * Five trivial built-in monitors (real workers through a real plugin host) in a temp folder. `widening`:
 * the tests monitor has three stages, and the file watcher reports a save of `a.ts` once, 300 ms after
 * it is ready.
 */
async function setup(
  failing = "",
  widening = false,
): Promise<{ dir: string; host: PluginHost }> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-tui-monitors-" }));
  for (const name of NAMES) {
    await Deno.mkdir(`${dir}/builtins/${name}`, { recursive: true });
    await Deno.writeTextFile(
      `${dir}/builtins/${name}/plugin.json`,
      JSON.stringify({
        name,
        kind: "monitor",
        entry: "mod.ts",
        description: `Test monitor ${name}`,
        interval: 60,
        permissions: { read: ["."], write: [], run: [], net: [], env: [] },
        ...(widening && name === "tests"
          ? { stages: ["failed", "affected", "full"], watch: ["**/*.ts"] }
          : {}),
      }),
    );
    await Deno.writeTextFile(
      `${dir}/builtins/${name}/mod.ts`,
      // `runs` lives in the worker: it counts the checks one worker has done.
      `let runs = 0;
export default {
  check: () => ${
        name === failing
          ? "{ throw new Error(`failed check ${++runs}`); }"
          : `({ status: "ok", summary: "${name} ok", data: { runs: ++runs } })`
      },
  async watch(ctx) {
    ctx.emit({ ready: true });${
        widening ? '\n    setTimeout(() => ctx.emit({ files: ["a.ts"] }), 300);' : ""
      }
    await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
  },
};\n`,
    );
  }
  await Deno.mkdir(`${dir}/project`);
  const host = new PluginHost(`${dir}/project`, { builtinDirs: [`${dir}/builtins`] });
  return { dir, host };
}

/** A second host on the same monitors, with every check it runs itself listed in `checks`. */
function countingHost(dir: string): { host: PluginHost; checks: string[] } {
  const host = new PluginHost(`${dir}/project`, { builtinDirs: [`${dir}/builtins`] });
  const checks: string[] = [];
  const runMonitor = host.runMonitor.bind(host);
  host.runMonitor = (name, options) => {
    checks.push(name);
    return runMonitor(name, options);
  };
  return { host, checks };
}

/** How many `type` updates of `monitor` (tests by default) `seen` holds. */
function runs(
  seen: MonitorUpdate[],
  type: "run_started" | "run_finished",
  monitor = "tests",
): number {
  return seen.filter((u) => u.type === type && u.monitor === monitor).length;
}

/**
 * Two TuiMonitors on one project, each with its own plugin host: the second host counts the checks it
 * runs itself (`ownChecks`). Both are stopped and everything removed afterwards.
 */
async function withTwoTuis(
  fn: (t: {
    a: TuiMonitors;
    b: TuiMonitors;
    seenA: MonitorUpdate[];
    seenB: MonitorUpdate[];
    ownChecks: string[];
  }) => Promise<void>,
): Promise<void> {
  const { dir, host } = await setup();
  const { host: second, checks: ownChecks } = countingHost(dir);
  const settings = { enabled: NAMES, monitors: {} };
  const a = new TuiMonitors(`${dir}/project`, { host, settings });
  const b = new TuiMonitors(`${dir}/project`, { host: second, settings });
  try {
    await fn({ a, b, seenA: [], seenB: [], ownChecks });
  } finally {
    await b.stop();
    await a.stop();
    await host.close();
    await second.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error("Timed out waiting for the monitors"));
      setTimeout(poll, 20);
    };
    poll();
  });
}

Deno.test("TuiMonitors.start() runs file_changes and tests first, then the others one at a time", async () => {
  const { dir, host } = await setup();
  const monitors = new TuiMonitors(`${dir}/project`, {
    host,
    settings: { enabled: NAMES, monitors: {} },
  });
  const started: string[] = [];
  const onUpdate = (update: MonitorUpdate) => {
    if (update.type === "run_started") started.push(update.monitor);
  };
  try {
    await host.discover();
    await monitors.start(onUpdate);
    // Those still waiting for their turn count as enabled (the panel lists them at once).
    assert.deepEqual(monitors.enabled(), [...NAMES].sort());
    await waitFor(() => new Set(started).size === 4);
    assert.equal(started[0], "tests");
    assert.deepEqual(started.slice(1).sort(), ["build", "git", "lint"]);
  } finally {
    await monitors.stop();
    await host.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("TuiMonitors.stop(name) before that monitor's turn keeps it from starting", async () => {
  const { dir, host } = await setup();
  const monitors = new TuiMonitors(`${dir}/project`, {
    host,
    settings: { enabled: NAMES, monitors: {} },
  });
  const started: string[] = [];
  try {
    await host.discover();
    await monitors.start((update) => {
      if (update.type === "run_started") started.push(update.monitor);
    });
    await monitors.stop("git"); // git is last in line: still waiting
    assert.ok(!monitors.enabled().includes("git"));
    await waitFor(() => new Set(started).size === 3);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // well past git's turn
    assert.deepEqual([...new Set(started)].sort(), ["build", "lint", "tests"]);
  } finally {
    await monitors.stop();
    await host.close();
    await Deno.remove(dir, { recursive: true });
  }
});

const KEEPING = [
  { name: "lets a monitor's worker go after its check", release: true, interval: 0, fresh: true },
  {
    name: "keeps workers with releaseIdleWorkers: false",
    release: false,
    interval: 0,
    fresh: false,
  },
  {
    name: "keeps the worker of a monitor checking every 5 s",
    release: true,
    interval: 5,
    fresh: false,
  },
];

for (const { name, release, interval, fresh } of KEEPING) {
  Deno.test(`TuiMonitors ${name}`, async () => {
    const { dir, host } = await setup();
    const monitors = new TuiMonitors(`${dir}/project`, {
      host,
      settings: { enabled: NAMES, monitors: interval ? { tests: { interval } } : {} },
      releaseIdleWorkers: release,
    });
    const runs: unknown[] = [];
    const onUpdate = (update: MonitorUpdate) => {
      if (update.type === "run_finished" && update.monitor === "tests") {
        runs.push((update.result.data as { runs?: unknown } | undefined)?.runs);
      }
    };
    try {
      await host.discover();
      await monitors.start(onUpdate, "tests");
      await waitFor(() => runs.length === 1);
      await monitors.stop("tests");
      await monitors.start(onUpdate, "tests"); // enabling again checks at once
      await waitFor(() => runs.length === 2);
      // A fresh worker counts from 1 again; a kept one remembers the first check.
      assert.deepEqual(runs, fresh ? [1, 1] : [1, 2]);
    } finally {
      await monitors.stop();
      await host.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("TuiMonitors runs every stage of one widening check in one worker, then lets it go", async () => {
  const { dir, host } = await setup("", true);
  const monitors = new TuiMonitors(`${dir}/project`, {
    host,
    settings: { enabled: NAMES, monitors: {} },
  });
  const runs: unknown[] = [];
  const stages: (string | undefined)[] = [];
  const onUpdate = (update: MonitorUpdate) => {
    if (update.type === "run_finished" && update.monitor === "tests") {
      runs.push((update.result.data as { runs?: unknown } | undefined)?.runs);
      stages.push(update.stage);
    }
  };
  try {
    await host.discover();
    await monitors.start(onUpdate);
    // The first check runs the whole suite only (nothing changed yet); the save runs all three stages.
    // On a busy machine the save can come before the first check ends: that check is then cancelled
    // (its worker kept, as after any failed call) and the save's check is the only one.
    await waitFor(() => stages.slice(-3).join() === "failed,affected,full");
    // Each end of a call says its stage, so a screen counts tests from the whole check only.
    assert.deepEqual(
      stages,
      stages.length === 4 ? ["full", "failed", "affected", "full"] : [
        "failed",
        "affected",
        "full",
      ],
    );
    // A worker counts its checks: one worker kept through the save's three stages (a fresh one when
    // the first check ended first).
    const first = Number(runs.at(-3));
    assert.deepEqual(runs.slice(-3), [first, first + 1, first + 2]);
    if (stages.length === 4) assert.deepEqual(runs, [1, 1, 2, 3]);
    await monitors.stop("tests");
    await monitors.start(onUpdate, "tests");
    const before = runs.length;
    await waitFor(() => runs.length === before + 1);
    assert.equal(runs.at(-1), 1, "the worker was let go after the widening check");
  } finally {
    await monitors.stop();
    await host.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("TuiMonitors keeps the worker of a monitor whose check failed (the host counts its failures)", async () => {
  const { dir, host } = await setup("tests");
  const monitors = new TuiMonitors(`${dir}/project`, {
    host,
    settings: { enabled: NAMES, monitors: {} },
  });
  const failures: string[] = [];
  const onUpdate = (update: MonitorUpdate) => {
    if (update.type === "run_failed" && update.monitor === "tests") failures.push(update.message);
  };
  try {
    await host.discover();
    await monitors.start(onUpdate, "tests");
    await waitFor(() => failures.length === 1);
    await monitors.stop("tests");
    await monitors.start(onUpdate, "tests");
    await waitFor(() => failures.length === 2);
    assert.match(failures[0] ?? "", /failed check 1/);
    assert.match(failures[1] ?? "", /failed check 2/);
  } finally {
    await monitors.stop();
    await host.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a second TuiMonitors on the project shows the first one's monitors and takes over when it stops", async () => {
  await withTwoTuis(async ({ a, b, seenA, seenB, ownChecks }) => {
    const said = (seen: MonitorUpdate[], text: RegExp) =>
      seen.some((u) => u.type === "notification" && text.test(u.notification.title));
    await a.start((u) => seenA.push(u));
    assert.equal(a.role(), "owner");
    await waitFor(() => runs(seenA, "run_finished") > 0);
    await b.start((u) => seenB.push(u));
    assert.equal(b.role(), "client");
    assert.equal(b.owner()?.pid, Deno.pid);
    assert.ok(said(seenB, /monitors run in pid \d+ \(flux \(TUI\)\): shown here/));
    assert.ok(runs(seenB, "run_finished") > 0, "the snapshot carries the last check");
    await assert.rejects(() => b.stop("tests"), /stop "tests" there, or \/unwatch/);
    assert.equal(ownChecks.length, 0, "an attached TUI runs nothing");

    await a.stop();
    await waitFor(() => b.role() === "owner");
    assert.ok(said(seenB, /ended: they run in this TUI now/));
    const before = runs(seenB, "run_finished");
    await waitFor(() => runs(seenB, "run_finished") > before, 60_000);
    assert.ok(ownChecks.includes("tests"), "after the takeover its own host runs the checks");
    assert.ok(b.enabled().includes("tests"));
  });
});

Deno.test("TuiMonitors.checkNow() starts an off monitor, waits for its check, and runs it again when asked again", async () => {
  const { dir, host } = await setup();
  const monitors = new TuiMonitors(`${dir}/project`, {
    host,
    settings: { enabled: NAMES, monitors: {} },
  });
  const runs: string[] = [];
  const onUpdate = (update: MonitorUpdate) => {
    if (update.type === "run_started") runs.push(update.monitor);
  };
  try {
    await host.discover();
    const first = await monitors.checkNow("lint", onUpdate);
    assert.deepEqual(first, { status: "ok", summary: "lint ok", items: [], started: true });
    assert.deepEqual(runs, ["lint"], "the start's own check is the verdict: no second run");
    assert.deepEqual(monitors.enabled(), ["lint"]);
    const again = await monitors.checkNow("lint", onUpdate);
    assert.equal(again.started, false);
    assert.deepEqual(runs, ["lint", "lint"], "asked again, it runs again");
    await assert.rejects(
      () => monitors.checkNow("file_changes", onUpdate),
      /"file_changes" watches files and has no check to run/,
    );
  } finally {
    await monitors.stop();
    await host.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("/test in a TUI attached to another one asks the owner, which runs the check once for both", async () => {
  await withTwoTuis(async ({ a, b, seenA, seenB, ownChecks }) => {
    await a.start((u) => seenA.push(u));
    await waitFor(() => runs(seenA, "run_finished") > 0);
    await b.start((u) => seenB.push(u));
    assert.equal(b.role(), "client");
    const ownerRuns = runs(seenA, "run_started");
    const clientSaw = runs(seenB, "run_started");
    const answer = await b.checkNow("tests", (u) => seenB.push(u));
    assert.deepEqual(answer, { status: "ok", summary: "tests ok", items: [], started: false });
    assert.equal(runs(seenA, "run_started"), ownerRuns + 1, "the owner ran the check");
    await waitFor(() => runs(seenB, "run_started") > clientSaw); // its progress reached the client too
    assert.deepEqual(ownChecks, [], "the attached TUI ran nothing itself");
    await assert.rejects(
      () => b.checkNow("file_changes", () => {}),
      /"file_changes" watches files and has no check to run/,
    );
  });
});
