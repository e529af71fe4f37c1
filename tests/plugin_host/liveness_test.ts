/**
 * Liveness, not only deadlines: the host pings each plugin every second; one that answers no ping for
 * the liveness window is hung (a synchronous loop) and is killed and reported long before its call's
 * deadline, while a plugin awaiting a long program keeps answering and is never killed for being slow.
 */
import assert from "node:assert/strict";
import { makeHost, makeProject, trustAll, waitFor } from "./_helpers.ts";

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

Deno.test("a sandboxed plugin spinning in while (true) is killed as hung and reported, well before its deadline", async () => {
  const temp = await makeProject(["sync-loop"]);
  const { host, warnings } = makeHost(temp.project, { restart: { backoffMs: 60_000 } });
  try {
    await trustAll(host);
    const started = performance.now();
    // A deadline of 10 minutes: what stops the loop must be liveness.
    const call = host.runMonitor("sync-loop", { timeoutMs: 600_000 });
    await waitFor(() => host.pidOf("sync-loop") !== undefined);
    const pid = host.pidOf("sync-loop")!;
    await assert.rejects(
      call,
      /^PluginCrashedError: Plugin "sync-loop" crashed: stopped answering for \d s \(hung\)$/,
    );
    const seconds = (performance.now() - started) / 1000;
    await waitFor(() => !alive(pid), 10_000);
    // The liveness window is 3 s (5 s with start-up is the target); 10x that on a busy machine.
    assert.ok(seconds < 50, `killed after ${seconds.toFixed(1)} s`);
    assert.ok(
      warnings.some((w) =>
        /^Plugin "sync-loop" crashed \(stopped answering for \d s \(hung\)\)/.test(w)
      ),
      warnings.join("\n"),
    );
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

Deno.test("a plugin awaiting a 20 s program with a 5 s liveness window is not killed", async () => {
  const temp = await makeProject(["awaits-child"]);
  const { host, warnings } = makeHost(temp.project, { deadlines: { livenessMs: 5_000 } });
  try {
    await trustAll(host);
    const result = await host.runMonitor("awaits-child", { options: { seconds: 20 } });
    assert.deepEqual(result, { status: "ok", summary: "sleep exited 0" });
    assert.deepEqual(warnings, []);
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

Deno.test("a working plugin is not killed as hung while the host itself stalls longer than the liveness window", async () => {
  const temp = await makeProject(["awaits-child"]);
  const { host, warnings } = makeHost(temp.project);
  try {
    await trustAll(host);
    const call = host.runMonitor("awaits-child", { options: { seconds: 8 } });
    await new Promise((r) => setTimeout(r, 2500));
    // The host's thread blocked 4.5 s (the liveness window is 3 s), as a SQLite busy wait on a store
    // another process is writing, or a busy machine, blocks it: the plugin's answers wait unread meanwhile.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 4500);
    assert.deepEqual(await call, { status: "ok", summary: "sleep exited 0" });
    assert.deepEqual(warnings, []);
  } finally {
    await host.close();
    await temp.cleanup();
  }
});
