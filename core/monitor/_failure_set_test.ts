import assert from "node:assert/strict";
import { failuresAlreadyTold } from "./_failure_set.ts";
import type { MonitorState } from "./_transition.ts";

const state = (status: MonitorState["status"], items: MonitorState["items"]): MonitorState => ({
  status,
  summary: "",
  items,
  since: "",
});
const build = state("fail", [{ file: "a.go", line: 4, column: 17, message: "undefined: x" }]);

Deno.test("failuresAlreadyTold() is true when every failure sits where another monitor told one", () => {
  const tests = state("fail", [{ file: "a.go", line: 4, column: 17, message: "undefined: x" }]);
  assert.equal(failuresAlreadyTold({ type: "fail", first: false }, tests, [build]), true);
  const vet = [{ file: "a.go", line: 4, column: 17, message: "undeclared name: x" }];
  assert.equal(
    failuresAlreadyTold({ type: "new_items", items: vet, first: false }, undefined, [build]),
    true,
  );
});

Deno.test("failuresAlreadyTold() is false for a new place, an unlocated failure, or a monitor now passing", () => {
  const other = state("fail", [
    { file: "a.go", line: 4, column: 17, message: "undefined: x" },
    { file: "a_test.go", line: 9, message: "bad" },
  ]);
  assert.equal(failuresAlreadyTold({ type: "fail", first: false }, other, [build]), false);
  const column = state("fail", [{ file: "a.go", line: 4, column: 3, message: "other" }]);
  assert.equal(failuresAlreadyTold({ type: "fail", first: false }, column, [build]), false);
  const unlocated = state("fail", [{ message: "go test failed: signal: killed" }]);
  assert.equal(failuresAlreadyTold({ type: "fail", first: false }, unlocated, [build]), false);
  const fixed = state("ok", build.items);
  assert.equal(failuresAlreadyTold({ type: "fail", first: false }, build, [fixed]), false);
  assert.equal(failuresAlreadyTold({ type: "ok" }, state("ok", []), [build]), false);
});
