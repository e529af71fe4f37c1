/** Shared set-up of the workflow tests: temp projects, the real plugin host, and the process table. */
import "../_trust_test_projects.ts";
import { openPluginRunner } from "../../core/workflow/open_plugin_runner.ts";
import {
  WorkflowExecutor,
  type WorkflowExecutorOptions,
} from "../../core/workflow/workflow_executor.ts";
import type { WorkflowDefinition } from "../../core/workflow/workflow_definition.ts";
import type { WorkflowPlan } from "../../core/workflow/workflow_plan.ts";
import type { WorkflowProgress, WorkflowResult } from "../../core/workflow/workflow_result.ts";

/** Root of the Flux checkout. */
export const FLUX_ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** A temp project; `files` are written into it (executable when the name ends in .sh or sits in bin/). */
export async function makeProject(files: Record<string, string> = {}): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_wf_" }));
  for (const [name, text] of Object.entries(files)) {
    const path = `${dir}/${name}`;
    await Deno.mkdir(path.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeTextFile(path, text);
    if (name.endsWith(".sh") || name.startsWith("bin/")) await Deno.chmod(path, 0o755);
  }
  return dir;
}

/** Stand-ins for programs a seed example calls (npm, curl, ruff, pytest, slack-cli): they echo their args. */
export function standIns(names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((n) => [`bin/${n}`, `#!/bin/sh\necho "stand-in ${n} $*"\n`]),
  );
}

/** What a run produced, with everything the executor reported. */
export interface RunCapture {
  result: WorkflowResult;
  progress: WorkflowProgress[];
  lines: { line: string; step: string }[];
}

/** Runs `workflow` in `dir` through the real plugin host; the host is closed afterwards. */
export async function runWorkflow(
  dir: string,
  workflow: WorkflowDefinition | WorkflowPlan,
  options: Partial<WorkflowExecutorOptions> = {},
): Promise<RunCapture> {
  const runner = await openPluginRunner(dir, {
    graceMs: options.graceMs ?? 500,
    onWarning: () => {},
  });
  const progress: WorkflowProgress[] = [];
  const lines: { line: string; step: string }[] = [];
  try {
    const executor = new WorkflowExecutor({
      projectDir: dir,
      runner,
      graceMs: 500,
      record: false,
      env: { PATH: `${dir}/bin:${Deno.env.get("PATH") ?? ""}` },
      onOutput: (line, step) => lines.push({ line, step }),
      ...options,
    });
    executor.addProgressCallback((p) => progress.push(p));
    const result = await executor.execute(workflow);
    return { result, progress, lines };
  } finally {
    await runner.close();
  }
}

/** The result record of step `name`. */
export function stepOf(result: WorkflowResult, name: string) {
  const found = result.results.find((r) => r.step === name);
  if (!found) {
    throw new Error(`No result for step "${name}" in ${result.results.map((r) => r.step)}`);
  }
  return found;
}

/** Lines of `ps` whose command line contains `needle`. */
export async function processesMatching(needle: string): Promise<string[]> {
  const out = await new Deno.Command("ps", { args: ["-eo", "pid,args"], stdout: "piped" }).output();
  return new TextDecoder().decode(out.stdout).split("\n")
    .filter((l) => l.includes(needle) && !l.includes("ps -eo"));
}

/** A number unique to this test process, to put in `sleep` arguments and find them in `ps`. */
export function uniqueSeconds(): string {
  return `${300 + Math.floor(Math.random() * 600)}.${Math.floor(Math.random() * 1000)}`;
}
