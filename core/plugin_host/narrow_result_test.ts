import assert from "node:assert/strict";
import { narrowMonitorResult, narrowStepResult } from "./narrow_result.ts";

Deno.test("narrowMonitorResult() keeps a good result and drops item fields of the wrong type", () => {
  assert.deepEqual(
    narrowMonitorResult("m", {
      status: "fail",
      summary: "2 failed",
      items: [{ message: "boom", file: "a.ts", line: 3, column: 17, name: "t1" }, {
        message: "x",
        file: 7,
        line: "9",
        column: 2,
      }, { message: "y", line: 4, column: -1 }],
      data: { n: 2 },
    }),
    {
      status: "fail",
      summary: "2 failed",
      items: [
        { message: "boom", file: "a.ts", line: 3, column: 17, name: "t1" },
        { message: "x" },
        { message: "y", line: 4 },
      ],
      data: { n: 2 },
    },
  );
});

Deno.test("narrowMonitorResult() rejects a bad result with one line naming the field", () => {
  const cases: [unknown, string][] = [
    [null, "expected { status, summary }"],
    [{ status: "green", summary: "" }, '"status" must be "ok", "fail" or "unknown"'],
    [{ status: "ok" }, '"summary" must be a string'],
    [{ status: "ok", summary: "", items: {} }, '"items" must be a list'],
    [{ status: "ok", summary: "", items: [{ message: "a" }, { file: "b" }] }, '"items[1].message"'],
  ];
  for (const [value, detail] of cases) {
    assert.throws(() => narrowMonitorResult("m", value), (error: Error) => {
      assert.ok(error.message.startsWith('Plugin "m" returned a bad check result: '));
      assert.ok(error.message.includes(detail), error.message);
      assert.ok(!error.message.includes("\n"));
      return true;
    });
  }
});

Deno.test("narrowStepResult() keeps success, output and data and names a bad field", () => {
  assert.deepEqual(narrowStepResult("s", { success: true, output: null, data: [1] }), {
    success: true,
    data: [1],
  });
  assert.throws(() => narrowStepResult("s", { success: "yes" }), {
    message: 'Plugin "s" returned a bad run result: "success" must be true or false',
  });
  assert.throws(() => narrowStepResult("s", { success: false, output: 1 }), {
    message: 'Plugin "s" returned a bad run result: "output" must be a string',
  });
});
