import { deepEqual } from "node:assert/strict";
import { withoutWatch } from "./vitest_jest.ts";

Deno.test("withoutWatch() runs vitest once whatever the script's subcommand", () => {
  deepEqual(withoutWatch([], "vitest"), ["run"]);
  deepEqual(withoutWatch(["--typecheck"], "vitest"), ["run", "--typecheck"]);
  deepEqual(withoutWatch(["watch", "--typecheck"], "vitest"), ["run", "--typecheck"]);
  deepEqual(withoutWatch(["dev"], "vitest"), ["run"]);
  deepEqual(withoutWatch(["run", "--coverage"], "vitest"), ["run", "--coverage"]);
  deepEqual(withoutWatch(["--watch", "src"], "vitest"), ["run", "src"]);
});

Deno.test("withoutWatch() drops jest's watch flags and keeps the rest", () => {
  deepEqual(withoutWatch(["-i", "--watchAll"], "jest"), ["-i"]);
  deepEqual(withoutWatch([], "jest"), []);
});
