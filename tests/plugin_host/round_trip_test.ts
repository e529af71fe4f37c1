import assert from "node:assert/strict";
import { FIXTURES, makeHost, makeProject, trustAll } from "./_helpers.ts";

for (const tier of ["builtin", "sandbox"] as const) {
  Deno.test(`runMonitor() and runStep() round-trip fixture plugins in the ${tier} tier`, async () => {
    const temp = await makeProject(tier === "sandbox" ? ["echo-monitor", "echo-step"] : []);
    const { host, warnings } = makeHost(
      temp.project,
      tier === "builtin" ? { builtinDirs: [FIXTURES] } : {},
    );
    try {
      await Deno.writeTextFile(`${temp.project}/hello.txt`, "world\n");
      await trustAll(host);
      const found = host.list().find((p) => p.name === "echo-monitor");
      assert.equal(found?.tier, tier);
      const progress: string[] = [];
      const logs: string[] = [];
      const ok = await host.runMonitor("echo-monitor", {
        options: { a: 1 },
        onProgress: (t) => progress.push(t),
        onLog: (t) => logs.push(t),
      });
      assert.deepEqual(ok, { status: "ok", summary: "hello.txt says world", items: [] });
      assert.deepEqual(progress, ["reading hello.txt"]);
      assert.deepEqual(logs, ['options {"a":1}']);
      const failed = await host.runMonitor("echo-monitor", { options: { status: "fail" } });
      assert.equal(failed.status, "fail");
      assert.deepEqual(failed.items, [{ message: "asked to fail", file: "hello.txt", line: 1 }]);

      assert.ok(host.stepTypes().includes("echo"));
      const step = await host.runStep("echo", { options: { x: 2 } });
      assert.deepEqual(step, {
        success: true,
        output: 'echo {"x":2}',
        data: { projectDir: temp.project },
      });
      assert.equal((await host.runStep("echo", { options: { fail: true } })).success, false);
      assert.deepEqual(warnings, []);
    } finally {
      await host.close();
      await temp.cleanup();
    }
  });

  Deno.test(`startWatch() streams events until stop() in the ${tier} tier`, async () => {
    const temp = await makeProject(tier === "sandbox" ? ["echo-monitor"] : []);
    const { host } = makeHost(temp.project, tier === "builtin" ? { builtinDirs: [FIXTURES] } : {});
    try {
      await trustAll(host);
      const events: unknown[] = [];
      const watch = await host.startWatch("echo-monitor", { onEvent: (e) => events.push(e) });
      while (events.length < 3) await new Promise((r) => setTimeout(r, 20));
      await watch.stop();
      await new Promise((r) => setTimeout(r, 100));
      const count = events.length;
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(events.length, count, "no events after stop()");
      assert.deepEqual(events.slice(0, 3), [{ tick: 1 }, { tick: 2 }, { tick: 3 }]);
    } finally {
      await host.close();
      await temp.cleanup();
    }
  });
}

Deno.test("runMonitor() keeps one worker alive between calls", async () => {
  const temp = await makeProject(["echo-monitor"]);
  const { host } = makeHost(temp.project);
  try {
    await trustAll(host);
    await host.runMonitor("echo-monitor");
    const pid = host.pidOf("echo-monitor");
    assert.ok(pid !== undefined);
    await host.runMonitor("echo-monitor");
    assert.equal(host.pidOf("echo-monitor"), pid);
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

Deno.test("runMonitor() rejects an unknown plugin with one line", async () => {
  const temp = await makeProject();
  const { host } = makeHost(temp.project);
  try {
    await assert.rejects(host.runMonitor("nope"), {
      message: 'No plugin named "nope": see flux plugins list',
    });
    await assert.rejects(host.runStep("nope"), /No step plugin provides step_type "nope"/);
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

Deno.test("close() leaves no sandbox behind, even one still starting", async () => {
  const temp = await makeProject(["echo-monitor", "echo-step"]);
  const { host } = makeHost(temp.project);
  try {
    await trustAll(host);
    const launching = host.runMonitor("echo-monitor").catch((error: Error) => error.message);
    await new Promise((r) => setTimeout(r, 5)); // Its sandbox is being set up or spawned.
    const notYet = host.runStep("echo").catch((error: Error) => error.message);
    await host.close();
    assert.match(String(await launching), /closed/);
    assert.match(String(await notYet), /closed/);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(sandboxesOf(temp.project), []);
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

/** Pids of live processes whose command line names `project` (its sandboxes' --allow-read). */
function sandboxesOf(project: string): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`);
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const zombie = stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
      if (cmdline.includes(project) && !zombie) pids.push(Number(entry.name));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

Deno.test("a sandbox that cannot start (no deno binary) is one line naming the cause, not a crash", async () => {
  const temp = await makeProject(["echo-monitor"]);
  const { host, warnings } = makeHost(temp.project, { denoPath: `${temp.root}/no-deno-here` });
  try {
    await trustAll(host);
    const expected =
      `Cannot start plugin "echo-monitor" in a sandbox: the deno binary "${temp.root}/no-deno-here" that runs sandboxes is not there: install Deno or pass denoPath`;
    for (let i = 0; i < 5; i++) {
      await assert.rejects(host.runMonitor("echo-monitor"), { message: expected });
    }
    assert.deepEqual(
      warnings,
      [],
      "a refusal to start is not a crash: never restarted or disabled",
    );
    assert.equal(host.list().find((p) => p.name === "echo-monitor")?.disabled, undefined);
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

for (const tier of ["builtin", "sandbox"] as const) {
  Deno.test(`a result that cannot cross to the core is a one-line call error, and the plugin stays up (${tier})`, async () => {
    const temp = await makeProject(tier === "sandbox" ? ["bad-value"] : []);
    const { host, warnings } = makeHost(
      temp.project,
      tier === "builtin" ? { builtinDirs: [FIXTURES] } : {},
    );
    try {
      await trustAll(host);
      const expected: [string, string | RegExp][] = [[
        "function",
        /^Plugin "bad-value" failed: its result cannot be carried \(.+ could not be cloned\.\)$/,
      ]];
      if (tier === "sandbox") {
        expected.push(
          [
            "bigint",
            'Plugin "bad-value" failed: its result cannot be sent as JSON (Do not know how to serialize a BigInt)',
          ],
          [
            "cycle",
            'Plugin "bad-value" failed: its result cannot be sent as JSON (Converting circular structure to JSON)',
          ],
        );
      }
      for (const [kind, message] of expected) {
        await assert.rejects(host.runMonitor("bad-value", { options: { kind } }), (e: Error) => {
          if (typeof message === "string") assert.equal(e.message, message);
          else assert.match(e.message, message);
          return true;
        });
      }
      assert.equal((await host.runMonitor("bad-value")).summary, "plain");
      assert.deepEqual(warnings.filter((w) => w.includes("bad-value")), [], "no crash, no restart");
    } finally {
      await host.close();
      await temp.cleanup();
    }
  });
}
