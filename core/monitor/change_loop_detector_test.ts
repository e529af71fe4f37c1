import assert from "node:assert/strict";
import { ChangeLoopDetector } from "./change_loop_detector.ts";

Deno.test("ChangeLoopDetector warns once when the same files change after 5 runs in a row", () => {
  let now = 0;
  const d = new ChangeLoopDetector({ now: () => now });
  const warnings: string[] = [];
  for (let run = 0; run < 8; run++) {
    d.runStarted("tests");
    now += 500;
    d.runEnded("tests");
    now += 100;
    if (run === 3) assert.equal(warnings.length, 0, "four runs are not yet a loop");
    const w = d.onBatch(["report.xml"], ["tests"]);
    if (w) warnings.push(w);
    now += 100;
  }
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0]!,
    /^"report\.xml" changes after every run of the tests check.*monitors\.file_changes\.ignore/,
  );
});

Deno.test("ChangeLoopDetector stays quiet for edits between runs and for changing file sets", () => {
  let now = 0;
  const d = new ChangeLoopDetector({ now: () => now });
  for (let run = 0; run < 5; run++) {
    d.runStarted("tests");
    now += 500;
    d.runEnded("tests");
    now += 10_000; // the user edits long after the run
    assert.equal(d.onBatch(["app.py"], ["tests"]), null);
  }
  for (let run = 0; run < 5; run++) {
    d.runStarted("tests");
    d.runEnded("tests");
    assert.equal(d.onBatch([`file${run}.py`], ["tests"]), null, "different files each time");
  }
});
