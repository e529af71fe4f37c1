/**
 * `flux_run_workflow`: an agent runs one workflow, only when the project is trusted and the user wrote
 * `mcp.allow_run: true` in `.flux/config.yaml`. Each step's start and end reach the agent as MCP progress
 * notifications; the run is recorded as coming from the agent; a stopped server or a cancelled request stops
 * the run's processes.
 */
import { type McpServer, z } from "../deps/mcp.ts";
import { redact } from "../secrets/redact.ts";
import { EventType } from "../session/event_type.ts";
import { openPluginRunner } from "../workflow/open_plugin_runner.ts";
import { WorkflowManager } from "../workflow/workflow_manager.ts";
import { WorkflowExecutor } from "../workflow/workflow_executor.ts";
import { loadWorkflowSecrets } from "../workflow/load_workflow_secrets.ts";
import { workflowEventData } from "../workflow/record_workflow_run.ts";
import type { WorkflowResult } from "../workflow/workflow_result.ts";
import { loadMcpConfig } from "./mcp_config.ts";
import {
  errorResult,
  guarded,
  jsonResult,
  projectSecrets,
  type ToolContext,
} from "./_tool_context.ts";

/** What the SDK hands a tool besides its arguments (the part this tool uses). */
interface ToolExtra {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number };
  sendNotification(notification: {
    method: "notifications/progress";
    params: { progressToken: string | number; progress: number; message?: string };
  }): Promise<void>;
}

/** Milliseconds between the last progress notification and the result (see where it is used). */
const PROGRESS_SETTLE_MS = 50;
/** The last lines of a step's output handed back. */
const OUTPUT_TAIL_LINES = 20;

/** Registers `flux_run_workflow` on `server`. */
export function registerRunWorkflowTool(server: McpServer, ctx: ToolContext): void {
  const { projectDir } = ctx;
  server.registerTool("flux_run_workflow", {
    description:
      "Runs one Flux workflow by name and returns each step's outcome; progress arrives as notifications. Refused unless the user allowed agents to run workflows.",
    inputSchema: { name: z.string().min(1).describe("Workflow name, as flux_workflows lists it") },
    annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
  }, ({ name }: { name: string }, extra: ToolExtra) =>
    guarded(projectDir, async () => {
      const refusal = await refusalReason(ctx);
      if (refusal) return errorResult(projectDir, refusal);
      const runner = await openPluginRunner(projectDir, { onWarning: () => {} });
      const stop = new AbortController();
      const onStop = () => stop.abort();
      ctx.shutdown.addEventListener("abort", onStop);
      extra.signal.addEventListener("abort", onStop);
      try {
        const manager = new WorkflowManager(projectDir, {
          stepTypes: runner.stepTypes(),
          unavailableStepTypes: runner.unavailableStepTypes(),
        });
        const plan = await manager.getWorkflow(name);
        if (!plan) {
          const names = await manager.listWorkflows();
          return errorResult(projectDir, `No workflow "${name}": use one of ${names.join(", ")}`);
        }
        const secrets = [
          ...(await loadWorkflowSecrets(projectDir, plan.secrets, plan.env)).values,
          ...projectSecrets(projectDir),
        ];
        const output = new Map<string, string[]>();
        const executor = new WorkflowExecutor({
          projectDir,
          runner,
          signal: stop.signal,
          onOutput: (line, step) => {
            const lines = output.get(step) ?? [];
            lines.push(line);
            if (lines.length > OUTPUT_TAIL_LINES) lines.shift();
            output.set(step, lines);
          },
          record: (result) => {
            ctx.sessions.loadLastSession();
            ctx.sessions.recordEvent(EventType.WORKFLOW, {
              ...workflowEventData(result),
              source: "agent",
              agent: ctx.agent(),
            });
          },
        });
        const token = extra._meta?.progressToken;
        let progress = 0;
        // In order, and all written before the result: a client drops progress that arrives after it.
        let sent = Promise.resolve();
        executor.addProgressCallback((p) => {
          if (token === undefined) return;
          const where = `step ${p.current_step}/${p.total_steps} "${p.step_name}"`;
          const message = p.status === "running"
            ? `${where} running`
            : `${where} ${p.status} in ${(p.duration ?? 0).toFixed(1)}s${
              p.error ? `: ${p.error}` : ""
            }`;
          const params = {
            progressToken: token,
            progress: ++progress,
            message: redact(message, secrets),
          };
          sent = sent.then(() =>
            extra.sendNotification({ method: "notifications/progress", params })
          )
            .catch(() => {});
        });
        const result = await executor.execute(plan);
        await sent;
        // The SDK's client handles a notification a microtask after it reads it, but a response at once,
        // and forgets the request's progress handler then: progress read in the same chunk as the result is
        // dropped. A short pause lets the client read the progress first.
        if (progress > 0) await new Promise((resolve) => setTimeout(resolve, PROGRESS_SETTLE_MS));
        return jsonResult(
          projectDir,
          JSON.parse(redact(JSON.stringify(summary(result, output)), secrets)),
        );
      } finally {
        ctx.shutdown.removeEventListener("abort", onStop);
        extra.signal.removeEventListener("abort", onStop);
        await runner.close();
      }
    }));
}

/** Why an agent may not run workflows here, or `null` when it may. */
async function refusalReason(ctx: ToolContext): Promise<string | null> {
  const config = await loadMcpConfig(ctx.projectDir);
  const trust = await ctx.trust(ctx.projectDir);
  const reasons: string[] = [];
  if (!trust.trusted) reasons.push(`the project is not trusted (${trust.reason})`);
  if (!config.allowRun) {
    reasons.push(
      "the user has not allowed it: they can set `mcp: { allow_run: true }` in .flux/config.yaml",
    );
  }
  return reasons.length === 0
    ? null
    : `flux_run_workflow refused: ${
      reasons.join("; and ")
    }. Ask the developer to run it with "flux wf run NAME"`;
}

function summary(result: WorkflowResult, output: Map<string, string[]>) {
  return {
    workflow: result.workflow,
    status: result.status,
    success: result.success,
    elapsed_seconds: result.elapsed,
    ...(result.error ? { error: result.error } : {}),
    steps: result.results.map((r) => ({
      name: r.step,
      status: r.status,
      elapsed_seconds: r.elapsed,
      ...(r.result.error ? { error: r.result.error } : {}),
      ...(output.get(r.step)?.length ? { output_tail: output.get(r.step)?.join("\n") } : {}),
    })),
  };
}
