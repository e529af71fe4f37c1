import assert from "node:assert/strict";
import { makeProject, processesIn, until, watchProject } from "./_helpers.ts";

const TEST = "import subprocess\nimport time\n\nfrom delay import DELAY\n\n\ndef test_slow():\n" +
  '    subprocess.Popen(["sleep", "300"])\n    time.sleep(DELAY)\n    assert True\n';

Deno.test("a file change during a slow test run cancels the whole process group and restarts", async () => {
  const dir = await makeProject({
    "delay.py": "DELAY = 300\n",
    "tests/test_slow.py": TEST,
    "conftest.py": "",
  });
  const w = await watchProject(dir, { tests: { interval: 0, onChange: "restart" } });
  try {
    await until(
      () => processesIn(dir).some((p) => p.includes("sleep 300")),
      "the slow run and its child",
    );
    const stale = processesIn(dir).map((p) => Number(p.split(":")[0]));
    assert.ok(stale.length >= 2, `pytest and sleep run: ${stale.length}`);

    await Deno.writeTextFile(`${dir}/delay.py`, "DELAY = 0\n");
    await until(
      () =>
        w.events.some((e) => e.monitor === "tests" && e.kind === "state_change" && e.to === "ok"),
      "the restarted run to pass",
      60_000,
    );
    for (const pid of stale) {
      assert.ok(
        !processesIn(dir).some((p) => p.startsWith(`${pid}:`)),
        `stale process ${pid} is gone`,
      );
    }
    assert.deepEqual(w.notes, [], "the cancelled run reported nothing");
  } finally {
    await w.stop();
  }
  try {
    await until(() => processesIn(dir).length === 0, "no process left", 5000);
  } finally {
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, []);
  }
});

Deno.test("stop() during a run leaves no process behind", async () => {
  const dir = await makeProject({
    "delay.py": "DELAY = 300\n",
    "tests/test_slow.py": TEST,
    "conftest.py": "",
  });
  const w = await watchProject(dir, { tests: { interval: 0 } });
  try {
    await until(() => processesIn(dir).some((p) => p.includes("sleep 300")), "the slow run");
  } finally {
    await w.stop();
  }
  try {
    await until(() => processesIn(dir).length === 0, "no process left", 5000);
  } finally {
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, []);
  }
});

Deno.test("stop() during a run of a test that ignores SIGTERM leaves no process behind", async () => {
  const dir = await makeProject({
    "delay.py": "DELAY = 300\n",
    "tests/test_slow.py": TEST,
    // The test process (pytest itself, the group's leader) and its child shrug off SIGTERM.
    "conftest.py": "import signal\n\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n",
  });
  const w = await watchProject(dir, { tests: { interval: 0 } });
  try {
    await until(() => processesIn(dir).some((p) => p.includes("sleep 300")), "the slow run");
  } finally {
    await w.stop();
  }
  try {
    await until(() => processesIn(dir).length === 0, "no process left", 5000);
    const crashes = w.events.filter((e) => e.kind === "error" && /crash/.test(e.message ?? ""));
    assert.deepEqual(crashes, [], "the plugin let go of its run in time");
  } finally {
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, []);
  }
});
