import assert from "node:assert/strict";
import { lineChanges } from "./line_changes.ts";

Deno.test("lineChanges() counts added and removed lines as git diff --numstat does", () => {
  assert.deepEqual(lineChanges("a\nb\nc\n", "a\nb\nc\n"), { added: 0, removed: 0 });
  assert.deepEqual(lineChanges("a\nb\nc\n", "a\nB\nc\n"), { added: 1, removed: 1 });
  assert.deepEqual(lineChanges("a\nc\n", "a\nb\nc\n"), { added: 1, removed: 0 });
  assert.deepEqual(lineChanges("a\nb\nc\nd\n", "a\nd\n"), { added: 0, removed: 2 });
  assert.deepEqual(lineChanges("", "x\ny\n"), { added: 2, removed: 0 });
  assert.deepEqual(lineChanges("x\ny\n", ""), { added: 0, removed: 2 });
});

Deno.test("lineChanges() finds the shortest script when lines move", () => {
  // b moved from second to last: one removal and one addition, not four changes.
  assert.deepEqual(lineChanges("a\nb\nc\nd\n", "a\nc\nd\nb\n"), { added: 1, removed: 1 });
  // A reformatted object: 1 line becomes 3.
  assert.deepEqual(
    lineChanges("const x = {a: 1, b: 2};\n", "const x = {\n  a: 1,\n  b: 2,\n};\n"),
    { added: 4, removed: 1 },
  );
});

Deno.test("lineChanges() counts a missing final newline as a changed last line", () => {
  assert.deepEqual(lineChanges("a\nb", "a\nb\n"), { added: 1, removed: 1 });
  assert.deepEqual(lineChanges("a\nb ", "a\nb\n"), { added: 1, removed: 1 });
});
