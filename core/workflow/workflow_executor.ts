/**
 * Runs a {@linkcode WorkflowPlan}: `condition`, `parallel` and `workflow` steps are control flow here; every
 * other step type is a plugin step run through the plugin host. Reports progress, masks secrets, stops
 * whole process groups on timeouts and cancellation, and records the run in the session store.
 */
import { requiredText } from "../api/required.ts";
import { lineRedactor, redact, redactValue } from "../secrets/redact.ts";
import { printable } from "../plugin_host/printable.ts";
import { type ConditionState, evaluateCondition } from "./condition_expression.ts";
import { buildWorkflowPlan } from "./build_workflow_plans.ts";
import { loadWorkflowSecrets } from "./load_workflow_secrets.ts";
import {
  findMarkedProcesses,
  killChildGroups,
  killMarked,
  reapMarked,
  stopMarked,
} from "./process_reaper.ts";
import { guardChildren, processMark } from "../process/child_watchdog.ts";
import { contextValues, runPluginStep } from "./_run_plugin_step.ts";
import type { StepRunner } from "./step_runner.ts";
import type { StepNotification } from "./notify_delivery.ts";
import {
  decide,
  type Run,
  seconds,
  type StepEnd,
  type StepScope,
  summarize,
} from "./_run_state.ts";
import type { WorkflowDefinition } from "./workflow_definition.ts";
import type { PlannedStep, WorkflowPlan } from "./workflow_plan.ts";
import type { StepRunRecord, WorkflowProgress, WorkflowResult } from "./workflow_result.ts";
import { explainGate } from "./_explain_gate.ts";
import { mayReuseMonitor, type MonitorVerdict, monitorVerdict } from "./_monitor_verdict.ts";
import { type FailureDetails, failureDetails } from "./failure_details.ts";
import { checkUpToDate, programsFromData, programsOf } from "./_up_to_date.ts";
import { cachedResolver, fingerprintOf, planFingerprint } from "./step_fingerprint.ts";
import {
  clock,
  type FingerprintToSave,
  type StoredRun,
  type StoredStep,
  type WorkflowHistory,
} from "./workflow_history.ts";
import { restorableSteps } from "./_resume.ts";
import { projectRootOf } from "../fs/find_project_root.ts";

/** Options for {@linkcode WorkflowExecutor}. */
export interface WorkflowExecutorOptions {
  /** The project; default: the project of the current folder (found as the CLI finds it). */
  projectDir?: string;
  /** Runs plugin steps; without it a `PluginHost` of `projectDir` is started and closed per run. */
  runner?: StepRunner;
  /** Cancels the run (Ctrl-C): running steps' process groups get SIGTERM, then SIGKILL. */
  signal?: AbortSignal;
  /** Milliseconds between SIGTERM and SIGKILL when a step is stopped. */
  graceMs?: number;
  /** Each line a step prints, secrets masked. */
  onOutput?: (line: string, step: string) => void;
  /** Called with the finished run (masked); defaults to recording it in the session store. */
  record?: ((result: WorkflowResult) => void | Promise<void>) | false;
  /** Called after each successful `notify` step (to send it to Slack, Discord, ...; masked). */
  onNotify?: (notification: StepNotification) => void | Promise<void>;
  /** Environment for every step, under the workflow's own `env`. */
  env?: Record<string, string>;
  /** Earlier runs and fingerprints: with it, steps with `sources:` are skipped while up to date. */
  history?: WorkflowHistory;
  /** Keeps the finished run and the fingerprints of the steps that succeeded (for the next run). */
  remember?: (run: StoredRun, fingerprints: FingerprintToSave[]) => void | Promise<void>;
}

/** Options of one {@linkcode WorkflowExecutor.execute} call. */
export interface ExecuteOptions {
  /** Run steps with `sources:` even when they are up to date. */
  force?: boolean;
  /**
   * The earlier run to resume: steps before its first failed step (and the branches of a failed parallel
   * step that succeeded) are not run again; their outcomes and outputs are restored from it.
   */
  resumeFrom?: StoredRun;
}

const defaults = { graceMs: 2000 } satisfies Partial<WorkflowExecutorOptions>;

/** Step types whose log lines are a program's own output, passed through as is. */
const PROGRAM_OUTPUT = new Set(["command", "tool"]);

/** Runs workflows; one executor can run several, one after the other or at once. */
export class WorkflowExecutor {
  #options: WorkflowExecutorOptions & typeof defaults & { projectDir: string };
  #callbacks: ((progress: WorkflowProgress) => void)[] = [];
  #active = new Set<string>();

  /**
   * `new WorkflowExecutor()` runs the workflows of the project of the current folder; pass a folder
   * (`new WorkflowExecutor("/project")`) or options (`{ projectDir, runner, onOutput, ... }`) for another.
   */
  constructor(options: WorkflowExecutorOptions | string = {}) {
    const given = typeof options === "string" ? { projectDir: options } : options;
    if (typeof given !== "object" || given === null) {
      throw new TypeError(
        'WorkflowExecutor takes a project folder or options: new WorkflowExecutor("/project")',
      );
    }
    const dir = given.projectDir === undefined ? Deno.cwd() : requiredText(
      given.projectDir,
      "WorkflowExecutor's projectDir",
      'new WorkflowExecutor("/project")',
    );
    // A subfolder of a project runs the project's workflows, as the CLI does from there.
    this.#options = { ...defaults, ...given, projectDir: projectRootOf(dir) };
  }

  /** The project whose workflows this executor runs (found from the current folder when not given). */
  get projectDir(): string {
    return this.#options.projectDir;
  }

  /** Calls `fn` when a step starts and when it ends. */
  addProgressCallback(fn: (progress: WorkflowProgress) => void): void {
    this.#callbacks.push(fn);
  }

  /**
   * Sends SIGKILL at once to everything the running workflows started (a second Ctrl-C), and to the
   * process group of every program this process started, and waits until the marked ones are gone.
   */
  async killNow(): Promise<void> {
    for (const mark of this.#active) killMarked(await findMarkedProcesses(mark));
    await killChildGroups();
    // SIGKILL is not instant: wait (at most a second) until they are gone, so none outlives the return.
    await Promise.all([...this.#active].map((mark) => reapMarked(mark, 0)));
  }

  /** Runs a workflow (a plan, or a definition that is validated first and throws `WorkflowSyntaxError`). */
  async execute(
    workflow: WorkflowPlan | WorkflowDefinition,
    options: ExecuteOptions = {},
  ): Promise<WorkflowResult> {
    const own = this.#options.runner
      ? undefined
      : await openDefaultRunner(this.#options.projectDir);
    const runner = this.#options.runner ?? own!;
    try {
      const plan = "definition" in workflow
        ? workflow as WorkflowPlan
        : buildWorkflowPlan(workflow, { stepTypes: runner.stepTypes() });
      const startedAt = Date.now();
      const shared = {
        force: options.force ?? false,
        restore: options.resumeFrom ? restorableSteps(options.resumeFrom) : new Map(),
        restoredFrom: options.resumeFrom?.finishedAt ?? 0,
        toSave: [] as FingerprintToSave[],
        resolveTool: cachedResolver(),
        seen: undefined as Pick<Run, "outcomes" | "secrets"> | undefined,
      };
      const result = await this.#run(
        plan,
        runner,
        this.#options.signal ?? new AbortController().signal,
        shared,
      );
      if (this.#options.remember) {
        try {
          const seen = shared.seen ?? { outcomes: new Map(), secrets: { values: [], env: {} } };
          await this.#options.remember(storedRun(plan, result, startedAt, seen), shared.toSave);
        } catch (error) {
          result.warnings.push(
            `Could not keep the run's fingerprints in the session store: ${
              (error as Error).message
            }`,
          );
        }
      }
      if (this.#options.record !== false) {
        const record = this.#options.record ?? ((r) => recordRun(this.#options.projectDir, r));
        try {
          await record(result);
        } catch (error) {
          result.warnings.push(
            `Could not record the run in the session store: ${(error as Error).message}`,
          );
        }
      }
      return result;
    } finally {
      await own?.close();
    }
  }

  async #run(
    plan: WorkflowPlan,
    runner: StepRunner,
    external: AbortSignal,
    shared: Pick<Run, "force" | "restore" | "restoredFrom" | "toSave" | "resolveTool"> & {
      seen?: Pick<Run, "outcomes" | "secrets"> | undefined;
    },
  ): Promise<WorkflowResult> {
    const secrets = await loadWorkflowSecrets(this.#options.projectDir, plan.secrets, {
      ...this.#options.env,
      ...plan.env,
    });
    const main = new AbortController();
    // Only steps start programs (through the runner): the watchdog starts before the first of them, and a
    // run in which no step ran (every step up to date) has nothing to look for when it ends.
    let stepsRan = false;
    const guarded: StepRunner = {
      stepTypes: () => runner.stepTypes(),
      runStep: (type, call) => {
        stepsRan = true;
        guardChildren();
        return runner.runStep(type, call);
      },
    };
    const run: Run = {
      plan,
      runner: guarded,
      started: performance.now(),
      external,
      main,
      timedOut: false,
      ok: true,
      phase: "steps",
      outcomes: new Map(),
      results: [],
      secrets,
      mark: `${processMark()}${crypto.randomUUID().slice(0, 8)}/`,
      force: shared.force,
      restore: shared.restore,
      restoredFrom: shared.restoredFrom,
      toSave: shared.toSave,
      resolveTool: shared.resolveTool,
      fingerprints: this.#options.history?.fingerprints(plan.name) ?? new Map(),
    };
    shared.seen = run;
    this.#active.add(run.mark);
    const onExternal = () => main.abort(external.reason);
    if (external.aborted) onExternal();
    external.addEventListener("abort", onExternal, { once: true });
    const timer = plan.timeoutMs === undefined ? undefined : setTimeout(() => {
      run.timedOut = true;
      main.abort(new DOMException("Workflow timed out", "TimeoutError"));
    }, plan.timeoutMs);
    try {
      await this.#runList(plan.steps, run, { signal: main.signal, top: 0 });
    } finally {
      clearTimeout(timer);
      external.removeEventListener("abort", onExternal);
    }
    if (main.signal.aborted && stepsRan) await reapMarked(run.mark, this.#options.graceMs);
    const cancelled = external.aborted;
    const mainOk = run.ok && !cancelled && !run.timedOut;
    const handlers = mainOk ? plan.onSuccess : plan.onFailure;
    let handlersOk = true;
    if (handlers.length > 0 && !cancelled) {
      run.phase = mainOk ? "on_success" : "on_failure";
      run.ok = true;
      run.timedOut = false;
      // `{prev_step_result}` in a handler: the failed step's output (on_failure), the last step's (on_success).
      const prev = mainOk ? lastStepEnd(run) : failedStepEnd(run);
      await this.#runList(handlers, run, {
        signal: external,
        top: plan.steps.length,
        ...(prev ? { prev } : {}),
      });
      handlersOk = run.ok && !external.aborted;
    }
    // Whatever a step left running (a `setsid` child, a daemon) ends with the run, however it ended.
    const left = stepsRan ? await stopMarked(run.mark, this.#options.graceMs) : [];
    this.#active.delete(run.mark);
    const result = summarize(run, { mainOk, handlersOk, cancelled });
    if (left.length > 0) {
      result.warnings.push(`Stopped ${left.length} process(es) that steps left running`);
    }
    return result;
  }

  async #runList(steps: PlannedStep[], run: Run, scope: StepScope): Promise<boolean> {
    let ok = true;
    let prev = scope.prev;
    for (const [i, step] of steps.entries()) {
      const top = scope.parent === undefined ? scope.top + i + 1 : scope.top;
      const { chainOk, output, success } = await this.#runStep(step, run, {
        ...scope,
        top,
        ...(prev ? { prev } : {}),
      });
      if (!chainOk) ok = false;
      prev = { output, success };
    }
    return ok;
  }

  async #runStep(step: PlannedStep, run: Run, scope: StepScope): Promise<StepEnd> {
    const started = performance.now();
    const record: StepRunRecord = {
      step: step.name,
      success: true,
      status: "skipped",
      type: step.type,
      phase: run.phase,
      elapsed: 0,
      result: {},
      ...(scope.parent === undefined ? {} : { parent: scope.parent }),
    };
    run.results.push(record);
    const restored = run.phase === "steps" ? run.restore.get(step.name) : undefined;
    if (restored) return this.#restore(record, restored, step, run, scope, started);
    const stopped = run.main.signal.aborted && run.phase === "steps";
    const state: ConditionState = {
      ok: run.ok,
      cancelled: stopped,
      outcome: (name) => {
        const status = run.outcomes.get(name)?.status;
        if (status === undefined) return undefined;
        return status === "success"
          ? "success"
          : status === "skipped" || status === "cancelled"
          ? "skipped"
          : "failed";
      },
    };
    const gate = decide(step, state);
    const failed = run.results.find((r) =>
      (r.status === "failed" || r.status === "timed_out") && !r.continued
    )?.step;
    const because = explainGate(step, { state, ...(failed ? { failed } : {}) }, gate.go);
    let output = "";
    if (!gate.go) {
      record.status = stopped ? "cancelled" : "skipped";
      record.success = !stopped;
      record.result.reason = gate.reason;
      record.result.why = `skipped: ${because || gate.reason}`;
      this.#finish(record, step, run, scope, started, "");
      return { chainOk: !stopped, output, success: false };
    }
    // Plugin steps time each attempt themselves; control-flow steps are timed here as a whole.
    const plugin = !["parallel", "condition", "workflow"].includes(step.type);
    const check = plugin && step.sources
      ? await checkUpToDate(
        step,
        this.#options.projectDir,
        run.fingerprints.get(step.name),
        run.resolveTool,
        run.force,
        contextValues({
          workflow: run.plan.name,
          projectDir: this.#options.projectDir,
          outcomes: run.outcomes,
          ...(scope.prev ? { prev: scope.prev } : {}),
        }),
      )
      : undefined;
    const resumed = run.restore.size > 0 && run.phase === "steps" && scope.parent === undefined
      ? "--resume runs it again; "
      : "";
    record.result.why = `ran: ${resumed}${
      [
        because,
        check?.why ?? (plugin && !because ? "it has no sources:, so it runs every time" : ""),
      ]
        .filter(Boolean).join("; ")
    }`;
    if (check) {
      record.result.fingerprint = {
        now: check.fingerprint,
        ...(check.previous ? { previous: check.previous.fingerprint } : {}),
      };
    }
    if (check?.upToDate && check.previous) {
      const since = check.previous.runAt;
      record.result.why = `skipped: ${check.why}`;
      record.result.reason = `up to date (sources unchanged since ${clock(since)})`;
      record.result.upToDateSince = since;
      record.elapsed = seconds(started);
      // Later steps see it as the success it was, with the output it had.
      run.outcomes.set(step.name, { status: "success", output: check.previous.output });
      this.#progress(
        run,
        scope,
        step.name,
        "skipped",
        record.elapsed,
        undefined,
        record.result.reason,
      );
      return { chainOk: true, output: check.previous.output, success: true };
    }
    const history = this.#options.history;
    const reused = history && plugin && !run.force && mayReuseMonitor(step)
      ? await monitorVerdict(history, this.#options.projectDir).catch(() => undefined)
      : undefined;
    if (reused) return this.#reuse(record, reused, step, run, scope, started);
    this.#progress(run, scope, step.name, "running");
    const timer = new AbortController();
    const timeout = step.timeoutMs === undefined || plugin
      ? undefined
      : setTimeout(() => timer.abort(), step.timeoutMs);
    // A step that runs although the run was stopped (`if: always()` or `cancelled()`) is clean-up, as on
    // GitHub: after a workflow timeout Ctrl-C still stops it; after Ctrl-C it runs (its own timeout
    // applies) and only a second Ctrl-C (`killNow()`) stops it.
    const base = !stopped
      ? scope.signal
      : run.external.aborted
      ? new AbortController().signal
      : run.external;
    const signal = timeout === undefined ? base : AbortSignal.any([base, timer.signal]);
    const child: StepScope = { ...scope, signal, parent: step.name };
    let success = false;
    try {
      if (step.type === "parallel") {
        const all = await Promise.all(step.parallel.map((c) => this.#runStep(c, run, child)));
        success = all.every((r) => r.chainOk);
      } else if (step.type === "condition") {
        const taken = evaluateCondition(
          step.branchCondition ?? { type: "literal", value: false },
          state,
        );
        record.result.branch = taken ? "then" : "else";
        success = await this.#runList(taken ? step.then : step.else, run, child);
      } else if (step.type === "workflow" && step.calls) {
        const sub = await this.#run(step.calls, run.runner, signal, {
          force: run.force,
          restore: new Map(),
          restoredFrom: 0,
          toSave: run.toSave,
          resolveTool: run.resolveTool,
        });
        for (const r of sub.results) run.results.push({ ...r, parent: r.parent ?? step.name });
        success = sub.success;
        output = sub.error ?? "";
        if (sub.error) record.result.error = sub.error;
      } else {
        // Line by line, so that a private key's body between its BEGIN and END lines is masked too.
        const masked = lineRedactor(run.secrets.values);
        const done = await runPluginStep(step, {
          runner: run.runner,
          projectDir: this.#options.projectDir,
          workflow: run.plan.name,
          signal,
          graceMs: this.#options.graceMs,
          env: { ...this.#options.env, ...run.secrets.env },
          outcomes: run.outcomes,
          ...(scope.prev ? { prev: scope.prev } : {}),
          mark: `${run.mark}${step.name}/`,
          // A program's own output (command and tool steps) is shown as is; what any other step type
          // says (a notify message, a plugin's log) is outside text and reaches the terminal inert.
          onLine: (line) =>
            this.#options.onOutput?.(
              masked(PROGRAM_OUTPUT.has(step.type) ? line : printable(line)),
              step.name,
            ),
        });
        success = done.success;
        output = done.value;
        if (done.timedOut && !success) timer.abort();
        if (success && step.type === "notify") {
          await this.#notify(step, run, redact(done.output, run.secrets.values));
        }
        record.result = {
          ...record.result,
          output: redact(done.output, run.secrets.values),
          attempts: done.attempts,
          ...(done.data === undefined ? {} : { data: redactValue(done.data, run.secrets.values) }),
          ...(done.error === undefined ? {} : { error: redact(done.error, run.secrets.values) }),
        };
      }
    } finally {
      clearTimeout(timeout);
    }
    record.status = success
      ? "success"
      : timer.signal.aborted
      ? "timed_out"
      : signal.aborted
      ? "cancelled"
      : "failed";
    if (record.status === "timed_out") {
      record.result.error = `Timed out after ${step.timeoutMs! / 1000}s`;
    }
    record.success = success;
    if (!success && step.continueOnError && record.status !== "cancelled") record.continued = true;
    if (!success && !record.continued) run.ok = false;
    if (success && check) await this.#keep(check, step, run, output, record.result.data);
    if (!success && plugin) {
      const details = failureDetails(record.result.data);
      if (details) {
        record.result.details = redactValue(details, run.secrets.values) as typeof details;
      }
      const said = typeof record.result.output === "string" ? record.result.output : "";
      const hint = record.status === "failed" ? sandboxHint(step, said) : undefined;
      if (hint) {
        record.result.details = { ...record.result.details ?? { kind: "output", lines: [] }, hint };
      }
    }
    this.#finish(record, step, run, scope, started, output);
    return { chainOk: success || record.continued === true, output, success };
  }

  /** A step that succeeded with `sources:`: its fingerprint is kept for the next run. */
  async #keep(
    check: Awaited<ReturnType<typeof checkUpToDate>>,
    step: PlannedStep,
    run: Run,
    output: string,
    data: unknown,
  ): Promise<void> {
    const programs = programsOf(step, programsFromData(data));
    const inputs = { ...check.inputs };
    if (programs.join("\0") !== check.programs.join("\0")) {
      inputs.tools = {};
      for (const p of programs) inputs.tools[p] = await run.resolveTool(p);
    }
    run.toSave.push({
      workflow: run.plan.name,
      step: step.name,
      fingerprint: fingerprintOf(inputs),
      inputs,
      programs,
      output: redact(output, run.secrets.values),
    });
  }

  /** A `run_tests` step takes the tests monitor's verdict on the same content, and says so. */
  #reuse(
    record: StepRunRecord,
    reused: MonitorVerdict,
    step: PlannedStep,
    run: Run,
    scope: StepScope,
    started: number,
  ): StepEnd {
    record.result.reusedMonitorRun = {
      startedAt: reused.startedAt,
      contentHash: reused.contentHash,
    };
    record.result.reason = reused.reason;
    record.result.output = reused.summary;
    record.elapsed = seconds(started);
    if (reused.success) {
      record.status = "skipped";
      record.success = true;
      record.result.why = `skipped: ${reused.why}`;
      run.outcomes.set(step.name, { status: "success", output: reused.summary });
      this.#progress(run, scope, step.name, "skipped", record.elapsed, undefined, reused.reason);
      return { chainOk: true, output: reused.summary, success: true };
    }
    record.status = "failed";
    record.success = false;
    record.result.error = `${reused.summary} (${reused.reason})`;
    record.result.why = `not run: ${reused.why}`;
    if (reused.details) record.result.details = reused.details;
    if (step.continueOnError) record.continued = true;
    else run.ok = false;
    run.outcomes.set(step.name, { status: "failed", output: reused.summary });
    this.#progress(
      run,
      scope,
      step.name,
      "failed",
      record.elapsed,
      record.result.error,
      undefined,
      reused.details,
    );
    return { chainOk: record.continued === true, output: reused.summary, success: false };
  }

  /** `--resume`: the step keeps the outcome and output it had in the resumed run. */
  #restore(
    record: StepRunRecord,
    restored: StoredStep,
    step: PlannedStep,
    run: Run,
    scope: StepScope,
    started: number,
  ): StepEnd {
    const at = clock(run.restoredFrom);
    record.status = "skipped";
    record.success = true;
    record.result.restored = true;
    record.result.reason = `restored from the run at ${at}`;
    record.result.why = `skipped: --resume restored it (${
      restored.outcome === "success" ? "it succeeded" : `it ended ${restored.outcome}`
    } in the run at ${at})`;
    record.elapsed = seconds(started);
    run.outcomes.set(step.name, { status: restored.outcome, output: restored.output });
    for (const inner of [...step.parallel, ...step.then, ...step.else]) {
      const kept = run.restore.get(inner.name);
      if (kept) run.outcomes.set(inner.name, { status: kept.outcome, output: kept.output });
    }
    this.#progress(
      run,
      scope,
      step.name,
      "skipped",
      record.elapsed,
      undefined,
      record.result.reason,
    );
    return { chainOk: true, output: restored.output, success: restored.outcome === "success" };
  }

  async #notify(step: PlannedStep, run: Run, message: string): Promise<void> {
    if (!this.#options.onNotify) return;
    const { level, channels } = step.params;
    const known = ["info", "success", "warning", "error"] as const;
    try {
      await this.#options.onNotify({
        workflow: run.plan.name,
        step: step.name,
        message,
        level: known.find((l) => l === level) ?? "info",
        ...(Array.isArray(channels) ? { channels: channels.map(String) } : {}),
      });
    } catch (error) {
      this.#options.onOutput?.(
        `⚠️ could not send the notification: ${(error as Error).message}`,
        step.name,
      );
    }
  }

  #finish(
    record: StepRunRecord,
    step: PlannedStep,
    run: Run,
    scope: StepScope,
    started: number,
    output: string,
  ) {
    record.elapsed = seconds(started);
    run.outcomes.set(step.name, { status: record.status, output });
    this.#progress(
      run,
      scope,
      step.name,
      record.status,
      record.elapsed,
      record.result.error,
      undefined,
      record.result.details,
    );
  }

  #progress(
    run: Run,
    scope: StepScope,
    name: string,
    status: WorkflowProgress["status"],
    duration?: number,
    error?: string,
    reason?: string,
    details?: FailureDetails,
  ): void {
    const progress: WorkflowProgress = {
      current_step: scope.top,
      total_steps: run.plan.steps.length,
      step_name: name,
      status,
      phase: run.phase,
      workflow: run.plan.name,
      elapsed: seconds(run.started),
      ...(duration === undefined ? {} : { duration }),
      ...(error === undefined || status === "success" ? {} : { error }),
      ...(reason === undefined ? {} : { reason }),
      ...(details === undefined ? {} : { details }),
    };
    for (const fn of this.#callbacks) {
      try {
        fn(progress);
      } catch {
        // A failing progress callback must not stop the run.
      }
    }
  }
}

async function openDefaultRunner(
  projectDir: string,
): Promise<StepRunner & { close(): Promise<void> | void }> {
  const { openPluginRunner } = await import("./open_plugin_runner.ts");
  return await openPluginRunner(projectDir);
}

async function recordRun(projectDir: string, result: WorkflowResult): Promise<void> {
  const { recordWorkflowRun } = await import("./record_workflow_run.ts");
  await recordWorkflowRun(projectDir, result);
}

/** What the history keeps of a finished run: each step's outcome and output as later steps saw them. */
function storedRun(
  plan: WorkflowPlan,
  result: WorkflowResult,
  startedAt: number,
  seen: Pick<Run, "outcomes" | "secrets">,
): StoredRun {
  return {
    workflow: plan.name,
    definitionHash: planFingerprint(plan),
    startedAt,
    finishedAt: Date.now(),
    status: result.status,
    steps: result.results.map((r) => {
      const outcome = seen.outcomes.get(r.step);
      return {
        name: r.step,
        type: r.type,
        phase: r.phase,
        status: r.status,
        outcome: outcome?.status ?? r.status,
        why: r.result.why ?? "",
        output: redact(outcome?.output ?? "", seen.secrets.values),
        ...(r.parent ? { parent: r.parent } : {}),
        ...(r.continued ? { continued: true } : {}),
      };
    }),
  };
}

/**
 * The step that failed the run (the first failure not continued past), as `{prev_step_result}` sees it
 * in an `on_failure` step: what it printed, stdout and stderr as shown (secrets masked), else its error.
 */
function failedStepEnd(run: Run): StepScope["prev"] {
  const failed = run.results.find((r) =>
    (r.status === "failed" || r.status === "timed_out") && !r.continued
  );
  if (!failed) return undefined;
  const output = (failed.result.output ?? "").replace(/\n+$/, "");
  return { output: output || (failed.result.error ?? ""), success: false };
}

/** The last top-level step's end, as `{prev_step_result}` sees it in an `on_success` step. */
function lastStepEnd(run: Run): StepScope["prev"] {
  const last = run.plan.steps.at(-1);
  const outcome = last ? run.outcomes.get(last.name) : undefined;
  if (!outcome) return undefined;
  return { output: outcome.output, success: outcome.status === "success" };
}

/**
 * What programs say when they cannot reach the network: no resolver, no route, and (the sandbox has a
 * loopback device of its own) nothing listening on 127.0.0.1.
 */
const NO_NETWORK =
  /name resolution|could not resolve|couldn't resolve|no such host|getaddrinfo|EAI_AGAIN|ENOTFOUND|ENETUNREACH|network is unreachable|temporary failure in name|connection refused|ECONNREFUSED/i;

/**
 * For a failed step confined to the OS sandbox without network whose output says a connection failed:
 * that it ran so, and the fix if it needs the network (the program itself only says "Temporary failure
 * in name resolution", and some retry for a minute before they say it).
 */
function sandboxHint(step: PlannedStep, output: string): string | undefined {
  if (!step.sandbox || step.sandbox.network || !NO_NETWORK.test(output)) return undefined;
  return `"${step.name}" ran in the OS sandbox without network: if it needs the network, ` +
    `add "network: true" to its sandbox: (flux help workflows, "sandbox:")`;
}
