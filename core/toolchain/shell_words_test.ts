import { deepEqual, equal } from "node:assert/strict";
import { shellWords, splitEnvPrefix } from "./shell_words.ts";

Deno.test("shellWords() splits words and honours quotes and backslashes", () => {
  deepEqual(shellWords("vitest run --typecheck"), ["vitest", "run", "--typecheck"]);
  deepEqual(shellWords(`jest -t 'a b' "c \\"d\\"" e\\ f`), ["jest", "-t", "a b", 'c "d"', "e f"]);
  deepEqual(shellWords("  "), []);
  deepEqual(shellWords(`x ""`), ["x", ""]);
});

Deno.test("shellWords() gives null when the line needs a shell", () => {
  for (
    const line of ["a && b", "a; b", "a | b", "a > out", "echo $(x)", "jest src/*.js", `"open`]
  ) {
    equal(shellWords(line), null, line);
  }
});

Deno.test("splitEnvPrefix() takes NAME=value words, after cross-env too", () => {
  deepEqual(splitEnvPrefix(["NODE_ENV=test", "TZ=UTC", "jest", "A=1"]), {
    env: { NODE_ENV: "test", TZ: "UTC" },
    rest: ["jest", "A=1"],
  });
  deepEqual(splitEnvPrefix(["cross-env", "X=1", "vitest"]), { env: { X: "1" }, rest: ["vitest"] });
});
