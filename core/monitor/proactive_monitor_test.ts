import assert from "node:assert/strict";
import { ProactiveMonitor } from "./proactive_monitor.ts";
import { MonitorType } from "./monitor_type.ts";
import type { MonitorRunner, RunMonitorOptions } from "./monitor_runner.ts";
import type { MonitorResult } from "../plugin_host/types.ts";
import type { Notification } from "../notify/notification.ts";
import { SessionManager } from "../session/session_manager.ts";
import { PluginCrashedError } from "../plugin_host/plugin_crashed_error.ts";

/**
 * An in-process host for the coordinator's logic: each monitor answers from `results[name]` (the current
 * entry); the file watcher's `onEvent` is exposed so the test can report saves. The real host and real
 * monitors are exercised in tests/monitor/.
 */
class ScriptedHost implements MonitorRunner {
  results: Record<string, MonitorResult> = {};
  calls: Array<{ name: string; signal?: AbortSignal }> = [];
  hold: Record<string, boolean> = {};
  /** How many of a monitor's next calls fail as if its plugin crashed under them. */
  crashes: Record<string, number> = {};
  onEvent: ((event: unknown) => void) | undefined;

  runMonitor(name: string, options: RunMonitorOptions): Promise<MonitorResult> {
    this.calls.push({ name, ...(options.signal ? { signal: options.signal } : {}) });
    if ((this.crashes[name] ?? 0) > 0) {
      this.crashes[name]!--;
      return Promise.reject(
        new PluginCrashedError(`Plugin "${name}" crashed: did not stop within 1000 ms`),
      );
    }
    if (this.hold[name]) {
      return new Promise((_, reject) =>
        options.signal?.addEventListener("abort", () => reject(new Error("aborted")))
      );
    }
    return Promise.resolve(this.results[name] ?? { status: "unknown", summary: "no result" });
  }

  startWatch(_name: string, options: { onEvent(event: unknown): void }) {
    this.onEvent = options.onEvent;
    queueMicrotask(() => options.onEvent({ ready: true })); // As the file_changes plugin does.
    return { stop: () => {} };
  }
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const passing: MonitorResult = { status: "ok", summary: "2 passed" };
const failing: MonitorResult = {
  status: "fail",
  summary: "1 failed, 1 passed",
  items: [{ name: "test_add", file: "test_math.py", line: 3, message: "assert 3 == 4" }],
};

function setup(extra: ConstructorParameters<typeof ProactiveMonitor>[1] = {}) {
  const host = new ScriptedHost();
  const monitor = new ProactiveMonitor("/nonexistent", {
    host,
    cooldownMs: 0,
    batchMs: 10,
    ...extra,
  });
  const notes: Notification[] = [];
  monitor.addNotificationCallback((_text, n) => {
    notes.push(n);
  });
  return { host, monitor, notes };
}

Deno.test("ProactiveMonitor notifies once per transition with the failed tests and an analysis", async () => {
  const { host, monitor, notes } = setup();
  host.results.tests = passing;
  monitor.enableMonitor(MonitorType.TESTS, { interval: 0 });
  await monitor.start();
  try {
    await until(() => host.calls.length === 1);
    host.results.tests = failing;
    host.onEvent?.({ files: ["test_math.py"] });
    await until(() => notes.length === 1);
    assert.equal(notes[0]?.title, "❌ Tests are now failing!");
    assert.deepEqual(notes[0]?.lines, ["FAILED test_math.py::test_add - assert 3 == 4"]);
    assert.equal(notes[0]?.analysis, "test_add (test_math.py:3): expected 4, got 3");
    host.onEvent?.({ files: ["test_math.py"] });
    await until(() => host.calls.length === 3);
    host.results.tests = passing;
    host.onEvent?.({ files: ["/nonexistent/math.py"] });
    await until(() => notes.length === 2);
    assert.equal(notes[1]?.title, "✅ Tests are now passing!");
    const status = monitor.getStatus();
    assert.equal(status.running, true);
    assert.deepEqual(status.monitors, ["tests"]);
    const kinds = monitor.history().map((e) => `${e.kind}:${e.from ?? ""}>${e.to ?? ""}`);
    assert.deepEqual(kinds.filter((k) => k.startsWith("state")), [
      "state:>ok",
      "state_change:unknown>ok",
      "state_change:ok>fail",
      "state_change:fail>ok",
    ]);
    assert.equal(status.total_events, monitor.history().length);
  } finally {
    await monitor.stop();
  }
  assert.equal(monitor.getStatus().running, false);
});

function failingTests(names: string[]): MonitorResult {
  return {
    status: "fail",
    summary: `${names.length} failed`,
    items: names.map((name) => ({ name, file: "test_x.py", message: `${name} broke` })),
  };
}

Deno.test("ProactiveMonitor treats the set of failures as the state: more, fixed, same", async () => {
  const { host, monitor, notes } = setup();
  const known = ["k1", "k2"];
  const more = Array.from({ length: 28 }, (_, i) => `new${i}`);
  host.results.tests = failingTests(known);
  monitor.enableMonitor(MonitorType.TESTS, { interval: 0 });
  await monitor.start();
  const save = async (result: MonitorResult) => {
    const calls = host.calls.length;
    host.results.tests = result;
    host.onEvent?.({ files: ["test_x.py"] });
    await until(() => host.calls.length === calls + 1);
    await new Promise((r) => setTimeout(r, 30));
  };
  try {
    await until(() => notes.length === 1);
    assert.equal(notes[0]?.title, "❌ Tests are failing!");
    await save(failingTests(known));
    assert.equal(notes.length, 1, "the same set is not told again");
    await save(failingTests([...known, ...more]));
    await until(() => notes.length === 2);
    assert.equal(notes[1]?.title, "❌ 28 more tests failing: new0, new1, new2 and 25 more");
    assert.equal(notes[1]?.lines.length, 28);
    assert.match(notes[1]?.analysis ?? "", /new0/);
    await save(failingTests(["k1", ...more]));
    await until(() => notes.length === 3);
    assert.equal(notes[2]?.title, "✅ 1 fixed, 29 still failing");
    assert.deepEqual(notes[2]?.lines, ["FAILED test_x.py::k2 - k2 broke"]);
    await save(failingTests(["k1", "new0", "new1", "new2"]));
    await until(() => notes.length === 4);
    assert.equal(notes[3]?.title, "✅ 25 fixed, 4 still failing");
    await save(failingTests(["k1", "new0", "new1", "new2"]));
    await save(passing);
    await until(() => notes.length === 5);
    assert.equal(notes[4]?.title, "✅ Tests are now passing!");
  } finally {
    await monitor.stop();
  }
});

Deno.test("ProactiveMonitor reports each monitor's current state once at start", async () => {
  const { host, monitor } = setup();
  host.results.tests = failingTests(["a"]);
  host.results.git = { status: "ok", summary: "main: clean" };
  monitor.enableMonitor(MonitorType.TESTS, { interval: 0 });
  monitor.enableMonitor(MonitorType.GIT, { interval: 0 });
  await monitor.start();
  try {
    await until(() => monitor.history().filter((e) => e.kind === "state").length === 2);
    host.onEvent?.({ files: ["test_x.py"] });
    await until(() => host.calls.length >= 3);
    await new Promise((r) => setTimeout(r, 30));
    const states = monitor.history().filter((e) => e.kind === "state");
    assert.deepEqual(states.map((e) => `${e.monitor}:${e.to}:${e.summary}`).sort(), [
      "git:ok:main: clean",
      "tests:fail:1 failed",
    ]);
    assert.deepEqual(states.find((e) => e.monitor === "tests")?.items?.map((i) => i.name), ["a"]);
  } finally {
    await monitor.stop();
  }
});

Deno.test("ProactiveMonitor re-checks only the monitors a changed file concerns", async () => {
  const { host, monitor } = setup();
  host.results.tests = passing;
  host.results.git = { status: "ok", summary: "main: clean" };
  monitor.enableMonitor(MonitorType.TESTS, { interval: 0 });
  monitor.enableMonitor(MonitorType.GIT, { interval: 0, watch: ["**/*.md"] });
  await monitor.start();
  try {
    await until(() => host.calls.length === 2);
    host.onEvent?.({ files: ["src/app.py", "src/util.py", ".flux/sessions.db"] });
    await until(() => host.calls.length === 3);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(host.calls.map((c) => c.name).sort(), ["git", "tests", "tests"]);
    const change = monitor.history().find((e) => e.kind === "file_change");
    assert.deepEqual(change?.files, ["src/app.py", "src/util.py"], "one batch, .flux ignored");
  } finally {
    await monitor.stop();
  }
});

Deno.test("ProactiveMonitor cancels a stale run when files change again", async () => {
  const { host, monitor } = setup();
  host.hold.tests = true;
  monitor.enableMonitor(MonitorType.TESTS, { interval: 0, onChange: "restart" });
  await monitor.start();
  try {
    await until(() => host.calls.length === 1);
    host.onEvent?.({ files: ["a.py"] });
    await until(() => host.calls.length === 2);
    assert.equal(host.calls[0]?.signal?.aborted, true);
    assert.equal(host.calls[1]?.signal?.aborted, false);
  } finally {
    await monitor.stop();
  }
  assert.equal(host.calls[1]?.signal?.aborted, true, "stop cancels the run in progress");
});

Deno.test("ProactiveMonitor uses the built-in analysis when the model fails", async () => {
  const { host, monitor, notes } = setup({
    llm: { analyze: () => Promise.reject(new Error("model down")) },
  });
  host.results.tests = failing;
  monitor.enableMonitor(MonitorType.TESTS, { interval: 0 });
  await monitor.start();
  try {
    await until(() => notes.length === 1);
    assert.equal(notes[0]?.title, "❌ Tests are failing!");
    assert.equal(notes[0]?.analysis, "test_add (test_math.py:3): expected 4, got 3");
  } finally {
    await monitor.stop();
  }
});

Deno.test("ProactiveMonitor remembers states in the session store across a restart", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_pm_" });
  try {
    for (const round of [1, 2]) {
      const session = new SessionManager(dir, { retentionDays: 0 });
      const { host, monitor, notes } = setup({ session });
      host.results.tests = failing;
      monitor.enableMonitor(MonitorType.TESTS, { interval: 0 });
      await monitor.start();
      await until(() => host.calls.length === 1);
      await new Promise((r) => setTimeout(r, 30));
      await monitor.stop();
      assert.equal(notes.length, round === 1 ? 1 : 0, `round ${round}`);
      if (round === 2) {
        const types = session.recentEvents({ session: "all" }).map((e) => e.type);
        assert.ok(types.includes("monitor_state"));
        assert.ok(types.includes("test_run"));
        assert.ok(types.includes("error"));
        assert.ok(types.includes("notification"));
        assert.equal(session.currentSession().state.testStatus?.failed, 1);
      }
      session.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ProactiveMonitor holds a recovery inside the cooldown and delivers it when it ends", async () => {
  const { host, monitor, notes } = setup({ cooldownMs: 400 });
  const at: number[] = [];
  monitor.addNotificationCallback(() => {
    at.push(Date.now());
  });
  host.results.tests = passing;
  monitor.enableMonitor(MonitorType.TESTS, { interval: 0 });
  await monitor.start();
  try {
    await until(() => host.calls.length === 1);
    host.results.tests = failing;
    monitor.recheck("tests");
    await until(() => notes.length === 1);
    host.results.tests = passing;
    monitor.recheck("tests");
    await until(() => host.calls.length === 3);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(notes.length, 1, "held during the cooldown");
    await until(() => notes.length === 2);
    assert.equal(notes[1]?.title, "✅ Tests are now passing!");
    assert.ok((at[1] ?? 0) - (at[0] ?? 0) >= 390, "not before the cooldown ends");
  } finally {
    await monitor.stop();
  }
});

Deno.test("ProactiveMonitor records changed files as file_edit events in the session", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_pm_files_" });
  const session = new SessionManager(dir, { retentionDays: 0 });
  try {
    const { host, monitor, notes } = setup({ session });
    monitor.enableMonitor(MonitorType.FILE_CHANGES);
    await monitor.start();
    try {
      host.onEvent?.({ files: ["auth.py"] });
      await until(() => notes.length === 1);
      assert.equal(notes[0]?.title, "📝 1 file changed: auth.py");
    } finally {
      await monitor.stop();
    }
    assert.deepEqual(session.currentSession().state.activeFiles, ["auth.py"]);
  } finally {
    session.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ProactiveMonitor says once, as an error event, why a monitor cannot give a verdict", async () => {
  const { host, monitor, notes } = setup();
  const missing: MonitorResult = {
    status: "unknown",
    summary: "No lint tool is installed (tried ruff, pylint): install one to enable this check",
  };
  host.results.lint = missing;
  monitor.enableMonitor(MonitorType.LINT, { interval: 0 });
  await monitor.start();
  try {
    await until(() => host.calls.length === 1);
    host.onEvent?.({ files: ["app.py"] });
    await until(() => host.calls.length === 2);
    host.results.lint = { status: "ok", summary: "no lint issues" };
    host.onEvent?.({ files: ["app.py"] });
    await until(() => host.calls.length === 3);
    host.results.lint = missing;
    host.onEvent?.({ files: ["app.py"] });
    await until(() => host.calls.length === 4);
    await until(() => monitor.history().filter((e) => e.kind === "error").length === 2);
    const errors = monitor.history().filter((e) => e.kind === "error").map((e) => e.message);
    assert.deepEqual(errors, [`lint: ${missing.summary}`, `lint: ${missing.summary}`]);
    assert.deepEqual(notes, []);
  } finally {
    await monitor.stop();
  }
});

Deno.test("ProactiveMonitor.checkNow() runs the check again and answers with its state, changed or not", async () => {
  const { host, monitor, notes } = setup();
  host.results.tests = passing;
  monitor.enableMonitor(MonitorType.TESTS, { interval: 0 });
  await monitor.start();
  try {
    await until(() => monitor.getStatus().states.tests !== undefined);
    const calls = host.calls.length;
    const same = await monitor.checkNow(MonitorType.TESTS);
    assert.equal(host.calls.length, calls + 1, "one more run of the monitor");
    assert.deepEqual([same?.status, same?.summary], ["ok", "2 passed"]);
    host.results.tests = failing;
    const changed = await monitor.checkNow(MonitorType.TESTS);
    assert.deepEqual([changed?.status, changed?.items.map((i) => i.name)], ["fail", ["test_add"]]);
    await until(() => notes.some((n) => n.monitor === "tests"));
    assert.equal(await monitor.checkNow("lint"), undefined, "a monitor that is not enabled");
  } finally {
    await monitor.stop();
  }
  assert.equal(await monitor.checkNow(MonitorType.TESTS), undefined, "after stop");
});

Deno.test("ProactiveMonitor asks a check once more when its plugin crashed under it, so the verdict is not lost", async () => {
  const { host, monitor, notes } = setup();
  host.results.tests = passing;
  monitor.enableMonitor(MonitorType.TESTS, { interval: 0 });
  await monitor.start();
  try {
    await until(() => host.calls.length === 1);
    // The save's check is caught in a crash (another call's kill, as after a cancelled check that
    // did not let go): the restarted plugin is asked again and the failure is told.
    host.results.tests = failing;
    host.crashes.tests = 1;
    host.onEvent?.({ files: ["test_math.py"] });
    await until(() => notes.length === 1);
    assert.equal(notes[0]?.title, "❌ Tests are now failing!");
    assert.equal(host.calls.length, 3);
    assert.deepEqual(monitor.history().filter((e) => e.kind === "error"), []);
    // Twice in a row is a plugin in trouble: said once as an error, and not asked again and again.
    host.results.tests = passing;
    host.crashes.tests = 2;
    host.onEvent?.({ files: ["test_math.py"] });
    await until(() => monitor.history().some((e) => e.kind === "error"));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(host.calls.length, 5);
    const errors = monitor.history().filter((e) => e.kind === "error").map((e) => e.message);
    assert.deepEqual(errors, [
      'Monitor "tests" failed: Plugin "tests" crashed: did not stop within 1000 ms',
    ]);
    assert.equal(notes.length, 1, "no verdict was made up from a crashed check");
  } finally {
    await monitor.stop();
  }
});

Deno.test("ProactiveMonitor says a new failure when the run confirming it fails, instead of dropping the check", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_confirm_" });
  const session = new SessionManager(dir);
  const { host, monitor, notes } = setup({ session });
  const reruns: string[] = [];
  const runMonitor = host.runMonitor.bind(host);
  // The confirmation runs crash (twice: the coordinator asks a crashed plugin once more).
  host.runMonitor = (name, options) => {
    const stage = (options.options?.stage as { name?: string } | undefined)?.name;
    if (stage !== "rerun") return runMonitor(name, options);
    reruns.push(name);
    return Promise.reject(new PluginCrashedError(`Plugin "${name}" crashed: it exited`));
  };
  host.results.tests = {
    ...failing,
    data: {
      cases: [
        { id: "test_math.py::test_add", outcome: "failed", message: "assert 3 == 4" },
        { id: "test_math.py::test_sub", outcome: "passed" },
      ],
    },
  };
  try {
    monitor.enableMonitor(MonitorType.TESTS, { interval: 0 });
    await monitor.start();
    await until(() => notes.length > 0);
    assert.ok(reruns.length > 0, "a confirmation run was asked for");
    assert.match(notes[0]?.title ?? "", /Tests are (now )?failing/);
  } finally {
    await monitor.stop();
    session.close();
    await Deno.remove(dir, { recursive: true });
  }
});
