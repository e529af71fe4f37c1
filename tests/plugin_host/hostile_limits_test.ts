/** Hostile plugins that hang, hoard memory, flood or crash; the core keeps ticking through each. */
import assert from "node:assert/strict";
import { FIXTURES, makeHost, makeProject, startTicker, trustAll, waitFor } from "./_helpers.ts";

/** True while `pid` is a live process (not gone, not a zombie). */
function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

Deno.test("a sandboxed plugin in an infinite loop is killed soon after its deadline", async () => {
  const temp = await makeProject(["sync-loop"]);
  // The cancel path is under test: the liveness window is wide so that, on a busy machine, a late
  // cancel-grace timer is not overtaken by the hung-plugin ping check (tested in liveness_test.ts).
  const { host, warnings } = makeHost(temp.project, {
    deadlines: { cancelGraceMs: 500, livenessMs: 60_000 },
    restart: { backoffMs: 60_000 },
  });
  const ticker = startTicker();
  try {
    await trustAll(host);
    // Started first: a call's deadline counts its (re)start too, and a sandbox that starts slower than
    // 300 ms would time the call out before the loop ever ran (an idle plugin is rightly left alive).
    await host.start("sync-loop");
    const pid = host.pidOf("sync-loop")!;
    assert.ok(pid !== undefined && alive(pid));
    const call = host.runMonitor("sync-loop", { timeoutMs: 300 });
    const started = performance.now();
    await assert.rejects(call, { message: 'Plugin "sync-loop" check(ctx) timed out after 300 ms' });
    // Needs about 0.5 s (the cancel grace); the loop would run forever. Timing targets live in the bench.
    await waitFor(() => !alive(pid), 30_000);
    assert.ok(performance.now() - started < 30_000, "killed (CPU back to idle)");
    assert.ok(
      warnings.some((w) => w.includes("did not stop within 500 ms after it was cancelled")),
    );
  } finally {
    await host.close();
    await temp.cleanup();
  }
  const { ticks, maxGapMs } = await ticker.stop();
  assert.ok(ticks > 10 && maxGapMs < 10_000, `core kept ticking (max gap ${maxGapMs} ms)`);
});

Deno.test("unbounded allocation kills only the sandbox, reported as out of memory", async () => {
  const temp = await makeProject(["alloc", "echo-monitor"]);
  // A synchronous allocation loop answers no liveness pings either: a wide window lets it reach the cap.
  const { host, warnings } = makeHost(temp.project, {
    limits: { heapMb: 64 },
    deadlines: { livenessMs: 60_000 },
  });
  const ticker = startTicker();
  try {
    await trustAll(host);
    await assert.rejects(host.runMonitor("alloc"), {
      message: 'Plugin "alloc" crashed: ran out of memory (heap cap 64 MB)',
    });
    assert.ok(warnings.some((w) => w.startsWith('Plugin "alloc" crashed (ran out of memory')));
    const other = await host.runMonitor("echo-monitor");
    assert.equal(other.status, "ok", "other plugins and the core are unaffected");
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("a plugin flooding the core with messages is stopped", async () => {
  const temp = await makeProject(["flood"]);
  const { host, warnings } = makeHost(temp.project, {
    limits: { maxMessagesPerSecond: 500 },
    restart: { backoffMs: 60_000 },
  });
  const ticker = startTicker();
  let received = 0;
  try {
    await trustAll(host);
    await assert.rejects(host.runMonitor("flood", { onLog: () => received++ }), {
      message: 'Plugin "flood" crashed: sent more than 500 messages in a second',
    });
    assert.ok(received <= 500, `at most the budget reached the core (${received})`);
    assert.ok(warnings.some((w) => w.includes("sent more than 500 messages in a second")));
  } finally {
    await host.close();
    await temp.cleanup();
  }
  const { ticks, maxGapMs } = await ticker.stop();
  assert.ok(ticks > 0 && maxGapMs < 10_000, `core kept ticking (max gap ${maxGapMs} ms)`);
});

Deno.test("a sandboxed plugin sending one message over the size limit is stopped", async () => {
  const temp = await makeProject(["big-message"]);
  const { host, warnings } = makeHost(temp.project, { limits: { maxMessageBytes: 100_000 } });
  const ticker = startTicker();
  try {
    await trustAll(host);
    const fits = await host.runMonitor("big-message", { options: { bytes: 90_000 } });
    assert.equal(fits.summary.length, 90_000);
    for (const bytes of [100_100, 400_000]) {
      await assert.rejects(host.runMonitor("big-message", { options: { bytes } }), {
        message: 'Plugin "big-message" crashed: sent a message over 100000 bytes',
      });
    }
    assert.ok(warnings.some((w) => w.includes("sent a message over 100000 bytes")));
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

for (const tier of ["builtin", "sandbox"] as const) {
  Deno.test(`a plugin that keeps crashing is disabled after 3 restarts (${tier})`, async () => {
    const temp = await makeProject(tier === "sandbox" ? ["crash-loop"] : []);
    const { host, warnings } = makeHost(
      temp.project,
      tier === "builtin" ? { builtinDirs: [FIXTURES] } : {},
    );
    const ticker = startTicker();
    try {
      await trustAll(host);
      await host.runMonitor("crash-loop").catch(() => {});
      await waitFor(() => warnings.some((w) => w.includes("is disabled")), 20_000);
      const restarts = warnings.filter((w) => w.startsWith('Plugin "crash-loop" crashed ('));
      assert.equal(restarts.length, 3);
      assert.match(restarts[0]!, /restarting in 50 ms$/);
      assert.match(restarts[2]!, /restarting in 200 ms$/);
      const disabled = warnings.find((w) => w.includes("is disabled"))!;
      assert.match(
        disabled,
        /^Plugin "crash-loop" is disabled: it crashed 4 times in 5 minutes \(last: /,
      );
      assert.ok(disabled.includes("boom"));
      await assert.rejects(host.runMonitor("crash-loop"), { message: disabled });
      assert.equal(host.list().find((p) => p.name === "crash-loop")?.disabled, disabled);
      await host.enable("crash-loop");
      assert.equal(host.list().find((p) => p.name === "crash-loop")?.disabled, undefined);
    } finally {
      await host.close();
      await temp.cleanup();
    }
    assert.ok((await ticker.stop()).ticks > 0);
  });
}

for (const tier of ["builtin", "sandbox"] as const) {
  Deno.test(`a plugin that calls Deno.exit() or close() is a crash at once, not at its deadline (${tier})`, async () => {
    const temp = await makeProject(tier === "sandbox" ? ["exits"] : []);
    const { host, warnings } = makeHost(
      temp.project,
      tier === "builtin" ? { builtinDirs: [FIXTURES] } : {},
    );
    const ticker = startTicker();
    try {
      await trustAll(host);
      for (const [how, called] of [["exit", "Deno.exit(3)"], ["close", "close()"]] as const) {
        const started = performance.now();
        await assert.rejects(host.runMonitor("exits", { options: { how }, timeoutMs: 60_000 }), {
          message: `Plugin "exits" crashed: called ${called}`,
        });
        assert.ok(performance.now() - started < 30_000, "reported long before the 60 s deadline");
        assert.ok(
          warnings.some((w) =>
            w.startsWith(`Plugin "exits" crashed (called ${called}): restarting`)
          ),
        );
        const again = await host.runMonitor("exits", { timeoutMs: 60_000 });
        assert.deepEqual(again, { status: "ok", summary: "still here" }, "restarted");
      }
    } finally {
      await host.close();
      await temp.cleanup();
    }
    assert.ok((await ticker.stop()).ticks > 0);
  });
}

Deno.test("a sandbox stuck in a loop exits when its core is killed hard", async () => {
  const temp = await makeProject(["sync-loop"]);
  const core = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${import.meta.dirname}/_hard_killed_core.ts`, temp.project],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    const reader = core.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("\n")) text += (await reader.read()).value ?? "";
    reader.releaseLock();
    const pid = Number(text.trim());
    assert.ok(alive(pid), "the sandbox runs");
    await new Promise((r) => setTimeout(r, 200)); // The plugin is now inside its loop.
    core.kill("SIGKILL");
    await core.status;
    await waitFor(() => !alive(pid), 30_000);
  } finally {
    await core.stdout.cancel().catch(() => {});
    await temp.cleanup();
  }
});

Deno.test("a built-in plugin can stop a timed-out program through runProcess", async () => {
  const temp = await makeProject();
  const { host } = makeHost(temp.project, { builtinDirs: [FIXTURES] });
  try {
    const started = performance.now();
    const result = await host.runMonitor("slow-program", { timeoutMs: 20_000 });
    assert.deepEqual(result, { status: "ok", summary: "timed out: true" });
    assert.ok(performance.now() - started < 25_000, "sleep 30 was stopped");
  } finally {
    await host.close();
    await temp.cleanup();
  }
});
