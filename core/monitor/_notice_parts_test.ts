import assert from "node:assert/strict";
import { bullet } from "./_notice_parts.ts";

Deno.test("bullet() writes a lint issue as the seed does: file:line:col: CODE message", () => {
  const item = {
    file: "auth.py",
    line: 23,
    column: 1,
    name: "F401",
    message: "'validate_token' imported but unused",
  };
  assert.equal(bullet("lint", item), "auth.py:23:1: F401 'validate_token' imported but unused");
  const { column: _column, ...noColumn } = item;
  assert.equal(bullet("build", noColumn), "auth.py:23: F401 'validate_token' imported but unused");
});

Deno.test("bullet() writes a failed test as FAILED file::test - message", () => {
  assert.equal(
    bullet("tests", {
      file: "tests/test_auth.py",
      name: "tests/test_auth.py::test_login",
      message: "AssertionError\nmore",
    }),
    "FAILED tests/test_auth.py::test_login - AssertionError",
  );
});

Deno.test("bullet() writes a test compile error by its place, column included", () => {
  assert.equal(
    bullet("tests", {
      file: "uuid.go",
      line: 273,
      column: 19,
      message: "syntax error: unexpected +",
    }),
    "FAILED uuid.go:273:19 - syntax error: unexpected +",
  );
});
