import assert from "node:assert/strict";
import { CooldownGate, type GateNotice } from "./cooldown_gate.ts";
import { FakeClock } from "./_fake_clock.ts";

function setup(merge?: (a: string[], b: string[]) => string[]) {
  const clock = new FakeClock();
  const delivered: Array<{ at: number; notice: GateNotice<string[]> }> = [];
  const gate = new CooldownGate<string[]>({
    cooldownMs: 10_000,
    clock,
    deliver: (notice) => delivered.push({ at: clock.now(), notice }),
    ...(merge ? { merge } : {}),
  });
  return { clock, delivered, gate };
}

Deno.test("CooldownGate.offer() delivers the first notice at once", () => {
  const { gate, delivered } = setup();
  gate.offer({ monitor: "tests", key: "fail", payload: ["a"] });
  assert.equal(delivered.length, 1);
  assert.equal(delivered[0]?.at, 0);
});

Deno.test("CooldownGate.offer() delivers the latest state when the cooldown ends", () => {
  const { gate, delivered, clock } = setup();
  gate.offer({ monitor: "tests", key: "fail", payload: ["1"] });
  clock.advance(2_000);
  gate.offer({ monitor: "tests", key: "ok", payload: ["2"] });
  clock.advance(1_000);
  assert.equal(delivered.length, 1, "nothing is sent during the cooldown");
  clock.advance(7_000);
  assert.equal(delivered.length, 2);
  assert.equal(delivered[1]?.at, 10_000);
  assert.equal(delivered[1]?.notice.key, "ok");
});

Deno.test("CooldownGate.offer() skips a held state equal to the one last delivered", () => {
  const { gate, delivered, clock } = setup();
  gate.offer({ monitor: "tests", key: "fail", payload: [] });
  gate.offer({ monitor: "tests", key: "ok", payload: [] });
  gate.offer({ monitor: "tests", key: "fail", payload: [] });
  clock.advance(20_000);
  assert.deepEqual(delivered.map((d) => d.notice.key), ["fail"]);
});

Deno.test("CooldownGate.offer() keeps monitors apart", () => {
  const { gate, delivered } = setup();
  gate.offer({ monitor: "tests", key: "fail", payload: [] });
  gate.offer({ monitor: "lint", key: null, payload: ["E1"] });
  assert.equal(delivered.length, 2);
});

Deno.test("CooldownGate.offer() merges additive notices held during a cooldown", () => {
  const { gate, delivered, clock } = setup((a, b) => [...a, ...b]);
  gate.offer({ monitor: "file_changes", key: null, payload: ["a.py"] });
  gate.offer({ monitor: "file_changes", key: null, payload: ["b.py"] });
  gate.offer({ monitor: "file_changes", key: null, payload: ["c.py"] });
  clock.advance(10_000);
  assert.deepEqual(delivered.map((d) => d.notice.payload), [["a.py"], ["b.py", "c.py"]]);
});

Deno.test("CooldownGate.flush() delivers held notices at once", () => {
  const { gate, delivered } = setup();
  gate.offer({ monitor: "tests", key: "fail", payload: [] });
  gate.offer({ monitor: "tests", key: "ok", payload: [] });
  gate.flush();
  assert.deepEqual(delivered.map((d) => d.notice.key), ["fail", "ok"]);
  assert.deepEqual(gate.pending(), []);
});
