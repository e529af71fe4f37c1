/**
 * The library API (`mod.ts`) as the product document calls it. Every exported class and function, called
 * with nothing, either works or fails at once with a one-line TypeError naming what is missing and how
 * the call looks: never "Cannot read properties of undefined" nor "NotFound: realpath 'undefined'" from
 * deep inside. New exports are walked automatically.
 */
import assert from "node:assert/strict";
import * as flux from "../../mod.ts";

function isClass(value: unknown): boolean {
  return typeof value === "function" && /^class\s/.test(Function.prototype.toString.call(value));
}

/** Calls `value` with no arguments (with `new` for a class); resolves to the error, or undefined. */
async function callBare(value: (...args: unknown[]) => unknown): Promise<unknown> {
  try {
    const made = isClass(value) ? new (value as unknown as new () => unknown)() : value();
    const result = made instanceof Promise ? await made : made;
    const closable = result as { close?: () => unknown } | undefined;
    if (typeof closable?.close === "function" && !(result instanceof Error)) await closable.close();
    return undefined;
  } catch (error) {
    return error;
  }
}

Deno.test("every export of mod.ts called with nothing works or says in one line what is missing", async () => {
  const functions = Object.entries(flux).filter(([, v]) => typeof v === "function");
  assert.ok(functions.length > 50, `mod.ts exports ${functions.length} functions and classes`);
  const bad: string[] = [];
  for (const [name, value] of functions) {
    const error = await callBare(value as (...args: unknown[]) => unknown);
    if (error === undefined) continue;
    const message = error instanceof Error ? error.message : String(error);
    const says = error instanceof TypeError && !message.includes("\n") &&
      /^\w+'s .+ is missing\b.*: call .*\b/.test(message);
    if (!says) bad.push(`${name}: ${(error as Error).name}: ${message.split("\n")[0]}`);
  }
  assert.deepEqual(bad, []);
});

Deno.test("new WorkflowExecutor() takes the project of the current folder; a folder or options name another", async () => {
  const bare = new flux.WorkflowExecutor();
  assert.equal(bare.projectDir, flux.projectRootOf(Deno.cwd()));
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-api-" }));
  try {
    await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
    await Deno.mkdir(`${dir}/src`);
    assert.equal(new flux.WorkflowExecutor(`${dir}/src`).projectDir, dir, "root discovery");
    assert.equal(new flux.WorkflowExecutor({ projectDir: dir }).projectDir, dir);
    assert.throws(
      () => new flux.WorkflowExecutor({ projectDir: "" }),
      new TypeError(
        `WorkflowExecutor's projectDir is missing (got an empty string): call new WorkflowExecutor("/project")`,
      ),
    );

    // The document's calls: manager, executor with a progress callback, execute, the result's shape.
    const manager = new flux.WorkflowManager(dir);
    assert.ok((await manager.listWorkflows()).includes("quick-check"));
    const executor = new flux.WorkflowExecutor(dir);
    const seen: string[] = [];
    executor.addProgressCallback((p) =>
      seen.push(`[${p.current_step}/${p.total_steps}] ${p.step_name}`)
    );
    const result = await executor.execute({
      name: "my-workflow",
      description: "Custom workflow",
      steps: [{ name: "step1", step_type: flux.StepType.COMMAND, command: 'echo "Done"' }],
    });
    assert.equal(result.success, true);
    assert.equal(result.workflow, "my-workflow");
    assert.ok(seen.includes("[1/1] step1"), seen.join(", "));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("new SessionManager() and new ProactiveMonitor() name the missing project in one line", () => {
  assert.throws(
    () => new (flux.SessionManager as unknown as new () => unknown)(),
    new TypeError(
      `SessionManager's projectDir is missing (got undefined): call new SessionManager("/project")`,
    ),
  );
  assert.throws(
    () => new (flux.ProactiveMonitor as unknown as new () => unknown)(),
    /^TypeError: ProactiveMonitor's projectDir is missing \(got undefined\)/,
  );
});
