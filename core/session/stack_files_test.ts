import assert from "node:assert/strict";
import { stackFiles } from "./stack_files.ts";

Deno.test("stackFiles() finds project files in JavaScript, Python and Go traces, each once", () => {
  const js = `AssertionError: Values are not equal
    at assertEquals (https://deno.land/std/assert/mod.ts:190:9)
    at file:///work/app/src/auth_test.ts:14:3
    at validate (file:///work/app/src/auth.ts:42:11)
    at Object.<anonymous> (/work/app/node_modules/jest/index.js:3:1)
    at file:///work/app/src/auth_test.ts:14:3`;
  const py = `Traceback (most recent call last):
  File "/work/app/tests/test_login.py", line 12, in test_login
  File "/usr/lib/python3.11/unittest/case.py", line 57, in testPartExecutor
  File "app/login.py", line 7, in login`;
  const go = "    handler_test.go:31: expected 200, got 500";
  assert.deepEqual(stackFiles("/work/app", [js, py, go]), [
    "src/auth_test.ts:14",
    "src/auth.ts:42",
    "tests/test_login.py:12",
    "app/login.py:7",
    "handler_test.go:31",
  ]);
});

Deno.test("stackFiles() returns nothing for text without a file:line", () => {
  assert.deepEqual(stackFiles("/p", ["expected 3, got 4", "version 1.2:3 is fine"]), []);
});
