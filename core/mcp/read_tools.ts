/**
 * The tools that read what Flux knows: `flux_context`, `flux_test_status`, `flux_monitors`,
 * `flux_recent_events`, `flux_search` and `flux_workflows`. They read the store a running `flux watch` or TUI
 * writes; none of them starts a monitor or a program.
 */
import { type McpServer, z } from "../deps/mcp.ts";
// The SDK's argument types do not resolve under Deno's npm types, so each callback names its arguments; the
// SDK validates them against the zod schema before the callback runs.
import { redact } from "../secrets/redact.ts";
import { EventType, isEventType } from "../session/event_type.ts";
import { describeEvent } from "../session/describe_event.ts";
import { MIN_CONTEXT_TOKENS, recountContext } from "../session/fit_ai_context.ts";
import type { BudgetedAiContext } from "../session/session_types.ts";
import { openPluginRunner } from "../workflow/open_plugin_runner.ts";
import { WorkflowManager } from "../workflow/workflow_manager.ts";
import { timeAgo } from "../session/time_ago.ts";
import { guarded, jsonResult, projectSecrets, type ToolContext } from "./_tool_context.ts";
import { testStatusView } from "./session_views.ts";

/** The budget of `flux_context` when the agent names none. */
export const DEFAULT_CONTEXT_TOKENS = 4000;
const MAX_CONTEXT_TOKENS = 200_000;
const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;

/** Registers the read tools on `server`. */
export function registerReadTools(server: McpServer, ctx: ToolContext): void {
  const { projectDir } = ctx;

  server.registerTool("flux_context", {
    description:
      "The developer's session ranked for you as JSON: current task, failing tests with messages and stack files, files changed since the last green run, errors, then activity; fits max_tokens.",
    inputSchema: {
      max_tokens: z.number().int().min(MIN_CONTEXT_TOKENS).max(MAX_CONTEXT_TOKENS).optional()
        .describe(`Token budget for the whole JSON answer (default ${DEFAULT_CONTEXT_TOKENS})`),
    },
    annotations: READ_ONLY,
  }, ({ max_tokens }: { max_tokens?: number }) =>
    guarded(projectDir, async () => {
      const context = await budgetedContext(ctx, max_tokens ?? DEFAULT_CONTEXT_TOKENS);
      return { content: [{ type: "text", text: JSON.stringify(context) }] };
    }));

  server.registerTool(
    "flux_test_status",
    {
      description:
        "The tests monitor's last verdict: counts, each failing test with file:line and message, when it ran, and which files changed since.",
      annotations: READ_ONLY,
    },
    () =>
      guarded(projectDir, () => jsonResult(projectDir, testStatusView(ctx.sessions, ctx.watch))),
  );

  server.registerTool("flux_monitors", {
    description:
      "Every Flux monitor's last recorded state (tests, build, lint, git, ...): ok, fail or unknown, its summary, items and since when.",
    annotations: READ_ONLY,
  }, () =>
    guarded(projectDir, () => {
      const monitors = ctx.watch.monitors();
      return jsonResult(projectDir, {
        monitors,
        note: monitors.length > 0
          ? "As recorded by a running flux watch or TUI; flux mcp runs no monitors itself"
          : "No monitor state recorded yet: start `flux watch` (or `flux`) in this project",
      });
    }));

  server.registerTool(
    "flux_recent_events",
    {
      description:
        "Events recorded in the current session, oldest first, optionally of one type and since a time (ISO time or an age like 30m, 2h, 1d).",
      inputSchema: {
        type: z.enum(Object.values(EventType) as [EventType, ...EventType[]]).optional()
          .describe("Only events of this type"),
        since: z.string().optional().describe("ISO time, or an age such as 90s, 30m, 2h, 1d"),
        limit: z.number().int().min(1).max(500).optional().describe(
          "Most events returned (default 50)",
        ),
      },
      annotations: READ_ONLY,
    },
    ({ type, since, limit }: { type?: string; since?: string; limit?: number }) =>
      guarded(projectDir, () => {
        const from = since === undefined ? undefined : parseSince(since);
        const session = ctx.sessions.loadLastSession();
        if (!session) {
          return jsonResult(projectDir, { events: [], note: "No session recorded yet" });
        }
        const events = ctx.sessions.recentEvents({
          session: session.id,
          limit: limit ?? 50,
          ...(type !== undefined && isEventType(type) ? { types: [type] } : {}),
          ...(from ? { since: from } : {}),
        });
        return jsonResult(projectDir, {
          session: session.id,
          events: events.map((e) => ({
            id: e.id,
            time: e.timestamp.toISOString(),
            type: e.type,
            summary: describeEvent(e.type, e.data),
            data: e.data,
          })),
        });
      }),
  );

  server.registerTool("flux_search", {
    description:
      "Full-text search of the project's whole recorded history (commands, errors, test runs, notes, messages); every word must match, as a prefix.",
    inputSchema: {
      query: z.string().min(1).describe("Words to find"),
      limit: z.number().int().min(1).max(200).optional().describe(
        "Most hits returned (default 20)",
      ),
    },
    annotations: READ_ONLY,
  }, ({ query, limit }: { query: string; limit?: number }) =>
    guarded(projectDir, () => {
      const hits = ctx.sessions.searchEvents(query, { limit: limit ?? 20 });
      return jsonResult(projectDir, {
        query,
        hits: hits.map((e) => ({
          session: e.sessionId,
          time: e.timestamp.toISOString(),
          type: e.type,
          summary: describeEvent(e.type, e.data),
          data: e.data,
        })),
      });
    }));

  server.registerTool("flux_workflows", {
    description:
      "The project's Flux workflows (.flux/workflows.yaml and built-in templates) with description, steps, whether each is valid, and how it last ended.",
    annotations: READ_ONLY,
  }, () =>
    guarded(projectDir, async () => {
      const runner = await openPluginRunner(projectDir, { onWarning: () => {} });
      try {
        const manager = new WorkflowManager(projectDir, {
          stepTypes: runner.stepTypes(),
          unavailableStepTypes: runner.unavailableStepTypes(),
        });
        const loaded = await manager.load();
        const now = new Date();
        const workflows = (await manager.listWorkflows()).map((name) => {
          const last = ctx.watch.lastWorkflowRun(name);
          const definition = loaded.definitions.get(name);
          return {
            name,
            source: loaded.sources.get(name) ?? "file",
            description: definition?.description ?? "",
            steps: definition?.steps?.length ?? 0,
            valid: loaded.plans.has(name),
            last_run: last
              ? {
                status: last.data.status ?? (last.data.success ? "success" : "failed"),
                at: last.timestamp.toISOString(),
                ago: timeAgo(last.timestamp, now),
                elapsed_seconds: last.data.elapsed ?? null,
                ...(typeof last.data.error === "string" ? { error: last.data.error } : {}),
              }
              : null,
          };
        });
        return jsonResult(projectDir, { workflows });
      } finally {
        await runner.close();
      }
    }));
}

/**
 * The token-budget context with secrets masked. Masking can change the count, so the count is taken again
 * after it, and the context is fitted to a smaller budget in the rare case it no longer fits.
 */
export async function budgetedContext(
  ctx: ToolContext,
  maxTokens: number,
): Promise<BudgetedAiContext> {
  const tokenizer = await ctx.tokenizer();
  const secrets = projectSecrets(ctx.projectDir);
  let budget = maxTokens;
  for (;;) {
    ctx.sessions.loadLastSession();
    const fitted = ctx.sessions.getContextForAi({ maxTokens: budget, tokenizer });
    const text = JSON.stringify(fitted);
    const masked = redact(text, secrets);
    if (masked === text) return fitted;
    const context = recountContext(JSON.parse(masked) as BudgetedAiContext, tokenizer);
    context.budget.max_tokens = maxTokens;
    const used = recountContext(context, tokenizer).budget.used_tokens;
    if (used <= maxTokens || budget <= MIN_CONTEXT_TOKENS) return context;
    budget = Math.max(MIN_CONTEXT_TOKENS, budget - (used - maxTokens) - 8);
  }
}

/** An ISO time or an age (`90s`, `30m`, `2h`, `1d`) as a moment. */
export function parseSince(text: string, now = new Date()): Date {
  const age = /^\s*(\d+)\s*(s|m|h|d)\s*$/.exec(text);
  if (age) {
    const unit =
      { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[age[2] as "s" | "m" | "h" | "d"];
    return new Date(now.getTime() - Number(age[1]) * unit);
  }
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    throw new Error(`"since" must be an ISO time or an age such as 30m, 2h or 1d, not "${text}"`);
  }
  return new Date(time);
}
