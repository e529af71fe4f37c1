import assert from "node:assert/strict";
import { type MonitorState, transition } from "./_transition.ts";

const now = new Date("2026-01-01T00:00:00Z");
const fail = (names: string[]) => ({
  status: "fail" as const,
  summary: `${names.length} failed`,
  items: names.map((name) => ({ name, message: "boom" })),
});
const ok = { status: "ok" as const, summary: "3 passed" };

function run(monitor: string, results: Parameters<typeof transition>[2][]) {
  let state: MonitorState | undefined;
  return results.map((r) => {
    const t = transition(monitor, state, r, now);
    state = t.next;
    return t;
  });
}

Deno.test("transition() announces passing -> failing -> passing once each", () => {
  const steps = run("tests", [ok, fail(["a"]), fail(["a"]), ok, ok]);
  assert.deepEqual(steps.map((s) => s.announce?.type), [
    undefined,
    "fail",
    undefined,
    "ok",
    undefined,
  ]);
  assert.deepEqual(steps.map((s) => s.event?.kind), [
    "state_change",
    "state_change",
    undefined,
    "state_change",
    undefined,
  ]);
  assert.equal(steps[1]?.event?.from, "ok");
  assert.equal(steps[1]?.event?.to, "fail");
});

Deno.test("transition() announces a changed set of failures and stays quiet on the same set", () => {
  const steps = run("tests", [ok, fail(["a"]), fail(["a", "b"]), fail(["b", "a"]), fail(["b"])]);
  assert.equal(steps[2]?.event?.kind, "state_change");
  assert.deepEqual(steps.map((s) => s.announce?.type), [
    undefined,
    "fail",
    "fail",
    undefined,
    "fail",
  ]);
});

Deno.test("transition() announces a failing first run and stays quiet on a passing one", () => {
  assert.deepEqual(run("tests", [fail(["a"])])[0]?.announce, { type: "fail", first: true });
  assert.equal(run("tests", [ok])[0]?.announce, undefined);
});

Deno.test("transition() announces only new lint issues", () => {
  const lint = (codes: string[]) => ({
    status: codes.length ? "fail" as const : "ok" as const,
    summary: `${codes.length} issues`,
    items: codes.map((name) => ({ name, file: "a.py", message: name })),
  });
  const steps = run("lint", [
    lint([]),
    lint(["F401"]),
    lint(["F401", "E501"]),
    lint(["E501"]),
    lint([]),
  ]);
  assert.deepEqual(steps[1]?.announce, {
    type: "new_items",
    first: false,
    items: [{ name: "F401", file: "a.py", message: "F401" }],
  });
  assert.deepEqual(
    steps[2]?.announce?.type === "new_items" && steps[2].announce.items.map((i) => i.name),
    ["E501"],
  );
  assert.equal(steps[3]?.announce, undefined, "a fixed issue alone is no news while others remain");
  assert.equal(steps[3]?.event?.kind, "state_change");
  assert.deepEqual(steps[4]?.announce, { type: "ok" });
});

Deno.test("transition() announces a changed git summary after the first run", () => {
  const git = (summary: string) => ({ status: "ok" as const, summary });
  const steps = run("git", [git("main: clean"), git("main: clean"), git("main: 1 uncommitted")]);
  assert.deepEqual(steps.map((s) => s.announce?.type), [undefined, undefined, "info"]);
  assert.equal(steps[0]?.event?.kind, "state_change");
});

Deno.test("transition() treats a remembered state as known: no re-announcement after restart", () => {
  const remembered: MonitorState = {
    status: "fail",
    summary: "1 failed",
    items: [{ name: "a", message: "boom" }],
    since: "x",
  };
  const t = transition("tests", remembered, fail(["a"]), now);
  assert.equal(t.announce, undefined);
  assert.equal(t.event, undefined);
  assert.equal(t.next.since, "x");
});

Deno.test("transition() takes the whole issue list from data.issues when items hold only new ones", () => {
  const issue = (name: string) => ({ name, file: "a.ts", message: name });
  const steps = run("lint", [
    { status: "fail", summary: "1 new", items: [issue("a")], data: { issues: [issue("a")] } },
    { status: "fail", summary: "0 new", items: [], data: { issues: [issue("a")] } },
    {
      status: "fail",
      summary: "1 new",
      items: [issue("b")],
      data: { issues: [issue("a"), issue("b")] },
    },
  ]);
  assert.equal(steps[1]?.event, undefined, "an unchanged list is no event");
  assert.deepEqual(steps[2]?.announce, { type: "new_items", items: [issue("b")], first: false });
  assert.equal(steps[2]?.next.items.length, 2);
});
