import assert from "node:assert/strict";
import { MonitorLoop, type OnChangePolicy } from "./monitor_loop.ts";
import { FakeClock } from "./_fake_clock.ts";

/** A loop whose runs wait for the test to finish them, recording starts and aborts. */
function setup(onChange: OnChangePolicy, intervalMs = 5000) {
  const clock = new FakeClock();
  const log: string[] = [];
  const pending: Array<() => void> = [];
  const loop = new MonitorLoop({
    intervalMs,
    onChange,
    clock,
    run: (signal) =>
      new Promise<void>((resolve) => {
        const n = log.filter((l) => l.startsWith("start")).length + 1;
        log.push(`start${n}`);
        signal.addEventListener("abort", () => {
          log.push(`abort${n}`);
          resolve();
        });
        pending.push(resolve);
      }),
  });
  const finishAll = async () => {
    for (const fn of pending.splice(0)) fn();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { clock, log, loop, finishAll };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

Deno.test("MonitorLoop.trigger() cancels a stale run and restarts with the restart policy", async () => {
  const { log, loop, finishAll } = setup("restart");
  loop.start();
  loop.trigger();
  loop.trigger();
  await tick();
  assert.deepEqual(log, ["start1", "abort1", "start2"]);
  await finishAll();
  await loop.stop();
});

Deno.test("MonitorLoop.trigger() queues one more run with the queue policy", async () => {
  const { log, loop, finishAll } = setup("queue");
  loop.start();
  loop.trigger();
  loop.trigger();
  await tick();
  assert.deepEqual(log, ["start1"]);
  await finishAll();
  assert.deepEqual(log, ["start1", "start2"]);
  await finishAll();
  assert.deepEqual(log, ["start1", "start2"], "two triggers during a run make one more run");
  await loop.stop();
});

Deno.test("MonitorLoop runs again after the interval of quiet", async () => {
  const { clock, log, loop, finishAll } = setup("restart", 5000);
  loop.start();
  await finishAll();
  clock.advance(4999);
  assert.equal(log.length, 1);
  clock.advance(1);
  assert.deepEqual(log, ["start1", "start2"]);
  await finishAll();
  await loop.stop();
  clock.advance(10_000);
  assert.equal(log.length, 2, "nothing runs after stop");
});

Deno.test("MonitorLoop.stop() aborts the run in progress and waits for it", async () => {
  const { log, loop } = setup("queue");
  loop.start();
  await loop.stop();
  assert.deepEqual(log, ["start1", "abort1"]);
  assert.equal(loop.busy, false);
});

Deno.test("MonitorLoop.checkNow() runs at once when idle and resolves when that run ends", async () => {
  const { log, loop, finishAll } = setup("restart");
  loop.start();
  await finishAll();
  let done = false;
  const check = loop.checkNow().then(() => done = true);
  await tick();
  assert.deepEqual(log, ["start1", "start2"]);
  assert.equal(done, false);
  await finishAll();
  await check;
  assert.equal(done, true);
  await loop.stop();
});

Deno.test("MonitorLoop.checkNow() waits for the run in progress instead of cancelling it", async () => {
  const { log, loop, finishAll } = setup("restart");
  loop.start();
  let done = false;
  const check = loop.checkNow().then(() => done = true);
  await tick();
  assert.deepEqual(log, ["start1"], "no second run, no abort");
  // A file change meanwhile restarts the run: the request follows to the run that replaces it.
  loop.trigger();
  await tick();
  assert.deepEqual(log, ["start1", "abort1", "start2"]);
  assert.equal(done, false, "the superseded run is not the verdict");
  await finishAll();
  await check;
  assert.equal(done, true);
  await loop.stop();
});

Deno.test("MonitorLoop.checkNow() resolves when the loop stops", async () => {
  const { loop } = setup("restart");
  loop.start();
  const check = loop.checkNow();
  await loop.stop();
  await check;
  assert.equal(await loop.checkNow(), undefined, "a stopped loop answers at once");
});
