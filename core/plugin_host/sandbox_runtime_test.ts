import assert from "node:assert/strict";
import { sandboxRuntimeProblem } from "./sandbox_runtime.ts";

const sandboxMain = new URL("./sandbox_main.ts", import.meta.url).href;
const here = { standalone: false, denoPath: Deno.execPath(), sandboxMain, workerOptions: true };

Deno.test("sandboxRuntimeProblem() is undefined when deno and sandbox_main.ts are files", () => {
  assert.equal(sandboxRuntimeProblem(here), undefined);
});

Deno.test("sandboxRuntimeProblem() lets a compiled binary start sandboxes without deno (it re-launches itself)", () => {
  const compiled = { ...here, standalone: true, denoPath: "/nonexistent/deno" };
  assert.equal(sandboxRuntimeProblem(compiled), undefined);
  const problem = sandboxRuntimeProblem({ ...compiled, workerOptions: false }) ?? "";
  assert.match(
    problem,
    /^this compiled Flux was built without the "worker-options" unstable feature/,
  );
  assert.ok(!problem.includes("deno runtime"), problem);
  assert.ok(!problem.includes("sandbox_main.ts"), problem);
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
