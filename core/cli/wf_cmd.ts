/**
 * `flux wf`: list, show, run, validate, create from a template and export workflows
 * (`.flux/workflows.yaml` plus the built-in templates). See docs/workflows.md.
 */
import { requireTrust } from "./trust_cmd.ts";
import { say, warn } from "./say.ts";
import type { Command } from "../deps/commander.ts";
import { printJson, resolveProjectDir, rootOf, UsageError, useColor } from "./cli_context.ts";
import { openPluginRunner } from "../workflow/open_plugin_runner.ts";
import { stopGraceMs } from "../process/stop_grace.ts";
import { WorkflowManager } from "../workflow/workflow_manager.ts";
import { WorkflowExecutor } from "../workflow/workflow_executor.ts";
import { RunReporter, verdict } from "../workflow/run_reporter.ts";
import { describePlan } from "../workflow/describe_plan.ts";
import { formatDiagnostic, WorkflowSyntaxError } from "../workflow/workflow_diagnostic.ts";
import { parseWorkflowsText, readWorkflowsFile } from "../workflow/parse_workflows_text.ts";
import { buildWorkflowPlans } from "../workflow/build_workflow_plans.ts";
import { openNotifyDelivery } from "../workflow/notify_delivery.ts";
import { loadWorkflowSecrets } from "../workflow/load_workflow_secrets.ts";
import { redact, redactValue } from "../secrets/redact.ts";
import { recordWorkflowRun } from "../workflow/record_workflow_run.ts";
import { TEMPLATE_NAMES, workflowTemplates } from "../workflow/workflow_templates.ts";
import {
  clock,
  type FingerprintToSave,
  saveWorkflowRunTo,
  type StoredRun,
  WorkflowHistory,
} from "../workflow/workflow_history.ts";
import { planFingerprint } from "../workflow/step_fingerprint.ts";
import type { WorkflowPlan } from "../workflow/workflow_plan.ts";
import type { WorkflowResult } from "../workflow/workflow_result.ts";
import { SessionManager } from "../session/session_manager.ts";

interface RunOptions {
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
  force?: boolean;
  resume?: boolean;
  explain?: boolean;
}

/** Registers `flux wf` and its subcommands. */
/** What `flux wf new NAME` copies when no `--from` is given: the smallest useful workflow. */
const DEFAULT_TEMPLATE = "quick-check";

export function registerWorkflowCommand(program: Command): void {
  const wf = program.command("wf").alias("workflow")
    .description("one-command workflows: list, show, run, validate, new, export");

  wf.command("list").description("list workflows (.flux/workflows.yaml and built-in templates)")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const projectDir = resolveProjectDir(rootOf(cmd));
      const manager = new WorkflowManager(projectDir, await stepTypeOptions(projectDir));
      const loaded = await manager.load();
      const names = await manager.listWorkflows(loaded);
      const history = new WorkflowHistory(projectDir);
      const runs = history.lastRuns();
      history.close();
      const rows = names.map((name) => {
        const last = runs.get(name);
        return {
          name,
          source: loaded.sources.get(name) ?? "file",
          description: loaded.definitions.get(name)?.description ?? "",
          steps: loaded.definitions.get(name)?.steps?.length ?? 0,
          valid: loaded.plans.has(name),
          lastRun: last
            ? { status: last.status, finishedAt: new Date(last.finishedAt).toISOString() }
            : null,
        };
      });
      if (opts.json) return printJson(rows);
      for (const r of rows) {
        const note = r.valid
          ? r.description
          : `✗ has errors, cannot run${r.description ? ` (${r.description})` : ""}`;
        const last = runs.get(r.name);
        const ran = last
          ? `${last.status === "success" ? "✓ passed" : `✗ ${last.status.replace("_", " ")}`} ${
            clock(last.finishedAt)
          }`
          : "never ran";
        say(
          `${r.name.padEnd(24)} ${r.source.padEnd(8)} ${ran.padEnd(20)} ${note}`.trimEnd(),
        );
      }
      const errors = loaded.diagnostics.filter((d) => d.severity === "error").length;
      if (errors > 0) {
        warn(`flux: ${manager.shownFile} has ${errors} error(s): run "flux wf validate"`);
      }
    });

  wf.command("show").argument("<name>", "workflow name")
    .description("show a workflow's steps")
    .option("--json", "print JSON (the definition as written)")
    .action(async (name: string, opts: { json?: boolean }, cmd: Command) => {
      const { plan, projectDir } = await loadPlan(cmd, name);
      const secrets = (await loadWorkflowSecrets(projectDir, plan.secrets, plan.env)).values;
      if (opts.json) return printJson(redactValue(plan.definition, secrets));
      for (const line of describePlan(plan)) say(redact(line, secrets));
    });

  wf.command("run").argument("<name>", "workflow name")
    .description("run a workflow (exit 1 when it fails)")
    .option("--dry-run", "show what would run, run nothing")
    .option("--json", "print the result as JSON")
    .option("-q, --quiet", "do not print the steps' output")
    .option("--force", "run steps with sources: even when they are up to date")
    .option(
      "--resume",
      "rerun the last run from its first failed step, restoring the steps before it",
    )
    .option("--explain", "say for each step why it ran or was skipped")
    .action((name: string, opts: RunOptions, cmd: Command) => runWorkflow(cmd, name, opts));

  wf.command("why").argument("<name>", "workflow name")
    .description("say for each step of the last run of a workflow why it ran or was skipped")
    .option("--json", "print JSON")
    .action((name: string, opts: { json?: boolean }, cmd: Command) => {
      const projectDir = resolveProjectDir(rootOf(cmd));
      const history = new WorkflowHistory(projectDir);
      try {
        const last = history.lastRun(name);
        if (!last) {
          throw new UsageError(`No recorded run of "${name}": run "flux wf run ${name}" first`);
        }
        if (opts.json) return printJson(last);
        say(
          `Last run of '${name}' (${
            clock(last.finishedAt)
          }, ${last.status}): why each step ran or was skipped`,
        );
        for (const line of explainLines(last.steps)) say(line);
      } finally {
        history.close();
      }
    });

  wf.command("validate").argument("[file]", "workflows file (default .flux/workflows.yaml)")
    .description("check a workflows file; every problem is one line file:line:col (exit 2)")
    .option("--json", "print JSON")
    .action(async (file: string | undefined, opts: { json?: boolean }, cmd: Command) => {
      const projectDir = resolveProjectDir(rootOf(cmd));
      const shown = file ?? ".flux/workflows.yaml";
      const path = file === undefined ? `${projectDir}/${shown}` : file;
      const read = await readWorkflowsFile(path).catch(() => undefined);
      if (!read) throw new UsageError(`Cannot read "${shown}": pass an existing workflows file`);
      const parsed = parseWorkflowsText(read.text, shown, { size: read.size });
      const built = parsed.diagnostics.length > 0 ? undefined : buildWorkflowPlans(parsed.value, {
        file: shown,
        locate: parsed.locate,
        ...await stepTypeOptions(projectDir),
      });
      const diagnostics = [...parsed.diagnostics, ...(built?.diagnostics ?? [])];
      const errors = diagnostics.filter((d) => d.severity === "error").length;
      if (opts.json) {
        printJson({
          file: shown,
          valid: errors === 0,
          workflows: [...(built?.plans.keys() ?? [])],
          diagnostics,
        });
      } else {
        for (const d of diagnostics) warn(formatDiagnostic(d));
        if (errors === 0) say(`✅ ${shown}: ${built?.plans.size ?? 0} workflow(s) valid`);
      }
      if (errors > 0) Deno.exitCode = 2;
    });

  wf.command("new").argument("<name>", "name of the new workflow")
    .description("copy a built-in template into .flux/workflows.yaml")
    .option(
      "--from <template>",
      `template: ${TEMPLATE_NAMES.join(", ")} (default: ${DEFAULT_TEMPLATE})`,
    )
    .option("--force", "replace a workflow of that name")
    .action(async (name: string, opts: { from?: string; force?: boolean }, cmd: Command) => {
      const projectDir = resolveProjectDir(rootOf(cmd));
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
        throw new UsageError(
          `Workflow name "${name}" may only use letters, digits, ".", "_" and "-": pick another`,
        );
      }
      const from = opts.from ?? DEFAULT_TEMPLATE;
      const template = (await workflowTemplates(projectDir)).get(from);
      if (!template) {
        throw new UsageError(`No template "${from}": use one of ${TEMPLATE_NAMES.join(", ")}`);
      }
      const manager = new WorkflowManager(projectDir);
      const loaded = await manager.load();
      if (loaded.sources.get(name) === "file" && !opts.force) {
        throw new UsageError(
          `Workflow "${name}" already exists in ${manager.shownFile}: pick another name or pass --force`,
        );
      }
      await manager.saveWorkflow({ ...template, name }).catch(rethrowFileError);
      const chosen = opts.from === undefined
        ? `, the default template: pass --from to pick another`
        : "";
      say(`✅ Added workflow '${name}' (from ${from}${chosen}) to ${manager.shownFile}`);
    });

  wf.command("export").argument("<name>", "workflow name")
    .description("write an equivalent GitHub Actions workflow")
    .option("--github", "GitHub Actions (the only format for now)")
    .option(
      "-o, --output <file>",
      "where to write (default .github/workflows/<name>.yml; - for stdout)",
    )
    .action(async (name: string, opts: { github?: boolean; output?: string }, cmd: Command) => {
      if (!opts.github) throw new UsageError("Say which format: flux wf export NAME --github");
      const { plan, projectDir, manager } = await loadPlan(cmd, name);
      // Loaded here only: no other command needs the toolchain detectors or the TOML reader.
      const { detectToolchains } = await import("../toolchain/run_tool.ts");
      const { readCiSetup } = await import("../workflow/read_ci_setup.ts");
      const { exportGithubWorkflow } = await import("../workflow/export_github_workflow.ts");
      const toolchains = await detectToolchains(projectDir);
      const setup = await readCiSetup(projectDir);
      const fromFile = (await manager.load()).sources.get(name) === "file";
      const source = fromFile ? manager.shownFile : `Flux's built-in "${name}" template`;
      let yaml: string;
      try {
        yaml = exportGithubWorkflow(plan, { toolchains, source, setup });
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      if (opts.output === "-") return void Deno.stdout.writeSync(new TextEncoder().encode(yaml));
      const out = opts.output ?? `.github/workflows/${name}.yml`;
      const path = out.startsWith("/") ? out : `${projectDir}/${out}`;
      await Deno.mkdir(path.replace(/\/[^/]*$/, ""), { recursive: true });
      await Deno.writeTextFile(path, yaml);
      say(`✅ Wrote ${out}`);
    });
}

async function runWorkflow(cmd: Command, name: string, opts: RunOptions): Promise<void> {
  const root = rootOf(cmd);
  const projectDir = resolveProjectDir(root);
  const incognito = root.opts<{ incognito?: boolean }>().incognito ?? false;
  const warnings: string[] = [];
  const graceMs = readStopGrace();
  const runner = await openPluginRunner(projectDir, {
    graceMs,
    onWarning: (line) => warnings.push(line),
  });
  try {
    const { plan } = await loadPlan(cmd, name, {
      stepTypes: runner.stepTypes(),
      unavailableStepTypes: runner.unavailableStepTypes(),
    });
    for (const line of warnings) warn(`flux: ${line}`);
    if (opts.dryRun) {
      const secrets = (await loadWorkflowSecrets(projectDir, plan.secrets, plan.env)).values;
      if (opts.json) {
        return printJson({
          dryRun: true,
          workflow: plan.name,
          definition: redactValue(plan.definition, secrets),
          warnings: plan.warnings.map(formatDiagnostic),
        });
      }
      for (const w of plan.warnings) warn(`⚠️  ${formatDiagnostic(w)}`);
      for (const line of describePlan(plan)) say(redact(line, secrets));
      return say("(dry run: nothing was run)");
    }
    await requireTrust(cmd, projectDir, "flux wf run");
    if (!opts.json) { for (const w of plan.warnings) warn(`⚠️  ${formatDiagnostic(w)}`); }
    const tty = Deno.stdout.isTerminal() && !opts.json;
    const reporter = opts.json
      ? undefined
      : new RunReporter({ tty, color: useColor(), showOutput: !opts.quiet });
    const controller = new AbortController();
    const history = new WorkflowHistory(projectDir);
    const resumeFrom = opts.resume ? resumable(history, plan) : undefined;
    const delivery = openNotifyDelivery(projectDir, {
      onError: (line) => warn(`flux: ${line}`),
    });
    // The run's memory (fingerprints, steps for --resume) is kept by `remember` and written by `record`
    // with the run's event: the session store is opened once per run, not twice.
    let kept: { stored: StoredRun; fingerprints: FingerprintToSave[] } | undefined;
    const executor = new WorkflowExecutor({
      projectDir,
      runner,
      graceMs,
      onNotify: (n) => delivery.deliver(n),
      signal: controller.signal,
      record: (result) => recordRun(projectDir, result, kept),
      history,
      ...(incognito ? { record: false } : {
        remember: (stored: StoredRun, fingerprints: FingerprintToSave[]) => {
          kept = { stored, fingerprints };
        },
      }),
      ...(reporter ? { onOutput: reporter.output } : {}),
    });
    if (reporter) executor.addProgressCallback(reporter.progress);
    let interrupts = 0;
    const onSignal = () => {
      interrupts++;
      if (interrupts === 1) {
        try {
          warn("\nflux: stopping the workflow (Ctrl-C again to kill at once)");
        } catch {
          // The terminal is gone (SIGHUP): stop the workflow all the same.
        }
        controller.abort();
      } else {
        reporter?.stop();
        void executor.killNow().finally(() => Deno.exit(130));
      }
    };
    // A closed terminal or SSH session (SIGHUP) stops the run like Ctrl-C or SIGTERM.
    const signals: Deno.Signal[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const s of signals) Deno.addSignalListener(s, onSignal);
    try {
      const result = await executor.execute(plan, {
        force: opts.force ?? false,
        ...(resumeFrom ? { resumeFrom } : {}),
      });
      reporter?.finish(result);
      if (!opts.json) {
        for (const w of result.warnings.slice(plan.warnings.length)) warn(`⚠️  ${w}`);
      }
      if (opts.explain && !opts.json) {
        say("Why each step ran or was skipped:");
        for (
          const line of explainLines(
            result.results.map((r) => ({ ...r, name: r.step, why: r.result.why ?? "" })),
          )
        ) {
          say(line);
        }
      }
      if (opts.json) printJson(result);
      else if (!reporter) say(verdict(result));
      if (!result.success) Deno.exitCode = result.status === "cancelled" ? 130 : 1;
    } finally {
      for (const s of signals) Deno.removeSignalListener(s, onSignal);
      history.close();
      await delivery.close();
    }
  } finally {
    await runner.close();
  }
}

/**
 * Writes the run's memory, then its event, through one open store; each failure is one warning line and
 * does not stop the other write.
 */
function recordRun(
  projectDir: string,
  result: WorkflowResult,
  kept: { stored: StoredRun; fingerprints: FingerprintToSave[] } | undefined,
): void {
  const problem = (what: string, error: unknown) =>
    warn(`flux: could not ${what} in the session store: ${(error as Error).message}`);
  let store: SessionManager;
  try {
    store = new SessionManager(projectDir);
  } catch (error) {
    return problem("record the run", error);
  }
  try {
    if (kept) {
      try {
        store.withDatabase((db) => saveWorkflowRunTo(db, kept.stored, kept.fingerprints));
      } catch (error) {
        problem("keep the run's fingerprints", error);
      }
    }
    try {
      recordWorkflowRun(projectDir, result, { store });
    } catch (error) {
      problem("record the run", error);
    }
  } finally {
    store.close();
  }
}

/** The stop grace of `FLUX_STOP_GRACE_MS` (docs/workflows.md); a bad value is one line, exit 2. */
function readStopGrace(): number {
  try {
    return stopGraceMs(Deno.env.get("FLUX_STOP_GRACE_MS"));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The last run of `plan` when `--resume` may continue it; one line saying why not otherwise. */
function resumable(history: WorkflowHistory, plan: WorkflowPlan): StoredRun {
  const last = history.lastRun(plan.name);
  if (!last) {
    throw new UsageError(
      `Nothing to resume: "${plan.name}" has no recorded run; run it without --resume`,
    );
  }
  const at = clock(last.finishedAt);
  if (last.status === "success") {
    throw new UsageError(
      `Nothing to resume: the last run of "${plan.name}" (${at}) passed; run it without --resume`,
    );
  }
  if (last.definitionHash !== planFingerprint(plan)) {
    throw new UsageError(
      `Cannot resume "${plan.name}": its definition changed since the run at ${at}; run it without --resume`,
    );
  }
  return last;
}

/** `  ✓ build     ran: src/a.ts changed (...)`, one line per step, nested steps indented. */
function explainLines(
  steps: { name: string; status: string; why: string; parent?: string }[],
): string[] {
  const depth = (s: { parent?: string }): number => {
    const parent = steps.find((p) => p.name === s.parent);
    return parent ? 1 + depth(parent) : 0;
  };
  const width = Math.max(...steps.map((s) => s.name.length + 2 * depth(s)), 4);
  return steps.map((s) => {
    const mark = s.status === "success" ? "✓" : s.status === "skipped" ? "↷" : "✗";
    const name = `${"  ".repeat(depth(s))}${s.name}`.padEnd(width);
    return `  ${mark} ${name}  ${s.why || s.status}`;
  });
}

async function loadPlan(cmd: Command, name: string, types?: StepTypeOptions) {
  const projectDir = resolveProjectDir(rootOf(cmd));
  const manager = new WorkflowManager(projectDir, types ?? await stepTypeOptions(projectDir));
  const plan = await manager.getWorkflow(name).catch(rethrowFileError);
  if (!plan) {
    const names = await manager.listWorkflows();
    throw new UsageError(
      `No workflow "${name}": use one of ${names.join(", ")} (see flux wf list)`,
    );
  }
  return { plan, projectDir, manager };
}

interface StepTypeOptions {
  stepTypes: string[];
  unavailableStepTypes: Map<string, string>;
}

async function stepTypeOptions(projectDir: string): Promise<StepTypeOptions> {
  const runner = await openPluginRunner(projectDir, { onWarning: () => {} });
  try {
    return { stepTypes: runner.stepTypes(), unavailableStepTypes: runner.unavailableStepTypes() };
  } finally {
    await runner.close();
  }
}

/** Every error of the file, one line each, then exit 2. */
function rethrowFileError(error: unknown): never {
  if (error instanceof WorkflowSyntaxError) {
    for (const d of error.diagnostics) warn(formatDiagnostic(d));
    throw new UsageError(
      `${error.diagnostics.length} error(s) in ${error.file}: fix them and run again`,
    );
  }
  throw error;
}
