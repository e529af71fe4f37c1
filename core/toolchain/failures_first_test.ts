import assert from "node:assert/strict";
import { failuresFirst } from "./failures_first.ts";

Deno.test("failuresFirst() puts the failing tests' files first, then changed test files, then the rest", () => {
  const select = {
    files: ["tests/test_a.py", "tests/test_b.py", "tests/test_c.py", "tests/test_d.py"],
  };
  assert.deepEqual(
    failuresFirst(select, ["tests/test_c.py::test_x"], ["tests/test_d.py", "lib/m.py"]).files,
    ["tests/test_c.py", "tests/test_d.py", "tests/test_a.py", "tests/test_b.py"],
  );
});

Deno.test("failuresFirst() keeps a selection without files, or with one, as it is", () => {
  const related = { related: ["src/a.ts"] };
  assert.equal(failuresFirst(related, ["src/a.test.ts::adds"], []), related);
  const one = { files: ["src/a_test.ts"] };
  assert.equal(failuresFirst(one, [], []), one);
});
