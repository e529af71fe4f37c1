import assert from "node:assert/strict";
import { sandboxRuntimeProblem } from "./sandbox_runtime.ts";

const sandboxMain = new URL("./sandbox_main.ts", import.meta.url).href;
const here = { standalone: false, denoPath: Deno.execPath(), sandboxMain };

Deno.test("sandboxRuntimeProblem() is undefined when deno and sandbox_main.ts are files", () => {
  assert.equal(sandboxRuntimeProblem(here), undefined);
});

Deno.test("sandboxRuntimeProblem() names a compiled binary as the cause, with the fix", () => {
  assert.equal(
    sandboxRuntimeProblem({ ...here, standalone: true }),
    `this Flux is a compiled binary, and a sandbox needs the deno runtime and Flux's sandbox_main.ts as files: run Flux from its source with "deno task flux", or install it with "deno task install"`,
  );
});

Deno.test("sandboxRuntimeProblem() names a missing deno binary, a missing or remote sandbox_main.ts", () => {
  assert.match(
    sandboxRuntimeProblem({ ...here, denoPath: "/nonexistent/deno" }) ?? "",
    /^the deno binary "\/nonexistent\/deno" that runs sandboxes is not there/,
  );
  assert.match(
    sandboxRuntimeProblem({ ...here, sandboxMain: "file:///nonexistent/sandbox_main.ts" }) ?? "",
    /^\/nonexistent\/sandbox_main\.ts is missing: reinstall Flux/,
  );
  assert.match(
    sandboxRuntimeProblem({ ...here, sandboxMain: "https://example.com/sandbox_main.ts" }) ?? "",
    /^Flux was loaded from https:\/\/example\.com\/sandbox_main\.ts, and a sandbox needs/,
  );
});
