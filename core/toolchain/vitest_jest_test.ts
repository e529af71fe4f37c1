import { deepEqual, ok } from "node:assert/strict";
import { jestInvocation, parseJestReport, vitestInvocation, withoutWatch } from "./vitest_jest.ts";
import type { ToolContext } from "./tool_adapter.ts";

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

Deno.test("a run of Flux's keeps coverage out of the project: off for a selection, beside the report in the background", () => {
  const base = { projectDir: "/p", reportFile: "/p/.flux/tmp/r", fix: false };
  const own = { env: {}, nodeArgs: [], args: ["run", "--coverage"] };
  const vitestArgs = (ctx: ToolContext) => vitestInvocation(ctx, own).args;
  const jestArgs = (ctx: ToolContext) => jestInvocation(ctx, { ...own, args: ["--coverage"] }).args;
  const select = { files: ["a.test.ts"] };
  ok(vitestArgs({ ...base, select }).includes("--coverage.enabled=false"));
  ok(jestArgs({ ...base, select }).includes("--coverage=false"));
  ok(
    vitestArgs({ ...base, background: true }).includes(
      "--coverage.reportsDirectory=/p/.flux/tmp/r.coverage",
    ),
  );
  ok(
    jestArgs({ ...base, background: true }).includes("--coverageDirectory=/p/.flux/tmp/r.coverage"),
  );
  // Asked for (a workflow step): coverage as the script has it.
  ok(!vitestArgs(base).some((a) => a.startsWith("--coverage.")));
  deepEqual(jestArgs(base).filter((a) => a.startsWith("--coverage")), ["--coverage"]);
});

Deno.test("a script's own coverage folder or switch is replaced by Flux's, never given twice (vitest and jest refuse that)", () => {
  const base = { projectDir: "/p", reportFile: "/p/.flux/tmp/r", fix: false };
  const given = (args: string[], prefix: string) => args.filter((a) => a.startsWith(prefix));
  const vitestArgs = (args: string[], ctx: ToolContext) =>
    vitestInvocation(ctx, { env: {}, nodeArgs: [], args }).args;
  const jestArgs = (args: string[], ctx: ToolContext) =>
    jestInvocation(ctx, { env: {}, nodeArgs: [], args }).args;
  const background = { ...base, background: true };
  for (
    const own of [["--coverage.reportsDirectory=mine"], ["--coverage.reportsDirectory", "mine"]]
  ) {
    const args = vitestArgs(["run", "--coverage", ...own], background);
    deepEqual(given(args, "--coverage.reportsDirectory"), [
      "--coverage.reportsDirectory=/p/.flux/tmp/r.coverage",
    ]);
    ok(!args.includes("mine"));
  }
  // vitest would write the coverage it measured into the config as its new thresholds.
  deepEqual(
    given(
      vitestArgs(["run", "--coverage.thresholds.autoUpdate", "true"], background),
      "--coverage.thresholds.autoUpdate",
    ),
    ["--coverage.thresholds.autoUpdate=false"],
  );
  const select = { ...base, select: { files: ["a.test.ts"] } };
  for (const own of [["--coverage.enabled"], ["--coverage.enabled=true"]]) {
    deepEqual(given(vitestArgs(["run", ...own], select), "--coverage.enabled"), [
      "--coverage.enabled=false",
    ]);
  }
  const jest = jestArgs(["--coverage", "--coverageDirectory", "mine"], background);
  deepEqual(given(jest, "--coverageDirectory"), ["--coverageDirectory=/p/.flux/tmp/r.coverage"]);
  ok(!jest.includes("mine"));
  // The launcher hides as many words as the script's own arguments, now one fewer pair.
  deepEqual(jest.slice(2, 4), ["1", "--coverage"]);
});

Deno.test("a runner that crashed before its report says its error, not node's version line", () => {
  const verdict = parseJestReport({
    code: 1,
    stdout: "",
    stderr:
      'node:internal/errors:496\n    ErrorCaptureStackTrace(err);\n    ^\n\nTypeError [ERR_INVALID_ARG_TYPE]: The "paths[1]" argument must be of type string\n    at resolve (node:path:1097:7)\n\nNode.js v20.20.2\n',
    report: null,
    projectDir: "/p",
    fix: false,
  }, "jest");
  deepEqual(
    verdict.summary,
    'jest did not run: TypeError [ERR_INVALID_ARG_TYPE]: The "paths[1]" argument must be of type string',
  );
});
