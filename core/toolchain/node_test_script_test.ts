import { deepEqual } from "node:assert/strict";
import { parseTestScript } from "./node_test_script.ts";

Deno.test("parseTestScript() keeps the runner's arguments and the script's variables", () => {
  deepEqual(parseTestScript("vitest run --typecheck"), {
    runner: "vitest",
    env: {},
    nodeArgs: [],
    args: ["run", "--typecheck"],
  });
  deepEqual(parseTestScript("NODE_ENV=test npx jest --coverage"), {
    runner: "jest",
    env: { NODE_ENV: "test" },
    nodeArgs: [],
    args: ["--coverage"],
  });
  deepEqual(parseTestScript("node --experimental-vm-modules node_modules/jest/bin/jest.js -i"), {
    runner: "jest",
    env: {},
    nodeArgs: ["--experimental-vm-modules"],
    args: ["-i"],
  });
});

Deno.test("parseTestScript() leaves a script that needs a shell or another program to the package manager", () => {
  for (const script of ["vitest run && tsc", "react-scripts test", "mocha", "jest $ARGS"]) {
    deepEqual(parseTestScript(script).runner, null, script);
  }
});
