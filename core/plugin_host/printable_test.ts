import assert from "node:assert/strict";
import { printable } from "./printable.ts";

Deno.test("printable() shows escape sequences, carriage returns and bidi overrides as text", () => {
  assert.equal(printable("\x1b]52;c;ZXZpbA==\x07done"), "\\x1b]52;c;ZXZpbA==\\x07done");
  assert.equal(printable("\x1b[2Aover\rwrite\x9b"), "\\x1b[2Aover\\x0dwrite\\x9b");
  assert.equal(printable("abc\u202edef"), "abc\\u202edef");
});

Deno.test("printable() keeps newlines, tabs and ordinary Unicode", () => {
  assert.equal(printable("line 1\n\tline 2 … ✓ é 漢"), "line 1\n\tline 2 … ✓ é 漢");
});
