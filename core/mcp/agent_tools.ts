/**
 * The tools an agent writes with: `flux_set_task` and `flux_record_note`. Both record events marked
 * `source: "agent"` with the agent's name, so the history never passes an agent's words off as the person's.
 */
import { type McpServer, z } from "../deps/mcp.ts";
import { EventType } from "../session/event_type.ts";
import { guarded, jsonResult, type ToolContext } from "./_tool_context.ts";

const MAX_TASK_CHARS = 500;
const MAX_NOTE_CHARS = 4000;

/** Registers the writing tools on `server`. */
export function registerAgentTools(server: McpServer, ctx: ToolContext): void {
  const { projectDir } = ctx;
  const annotations = { readOnlyHint: false, destructiveHint: false, openWorldHint: false };

  server.registerTool("flux_set_task", {
    description:
      "Records what you (the agent) are working on now as the session's current task; the developer sees it marked as set by the agent.",
    inputSchema: {
      task: z.string().min(1).max(MAX_TASK_CHARS).describe("The task in one line"),
    },
    annotations,
  }, ({ task }: { task: string }) =>
    guarded(projectDir, () => {
      ctx.sessions.loadLastSession();
      const id = ctx.sessions.recordEvent(EventType.TASK, {
        task: task.trim(),
        source: "agent",
        agent: ctx.agent(),
      });
      return jsonResult(projectDir, { recorded: true, event: id, current_task: task.trim() });
    }));

  server.registerTool("flux_record_note", {
    description:
      "Records a note from you (the agent) in the project's history, such as a decision or finding, so later sessions and agents can read it.",
    inputSchema: {
      note: z.string().min(1).max(MAX_NOTE_CHARS).describe("The note"),
    },
    annotations,
  }, ({ note }: { note: string }) =>
    guarded(projectDir, () => {
      ctx.sessions.loadLastSession();
      const id = ctx.sessions.recordEvent(EventType.MESSAGE, {
        role: "agent",
        content: note,
        source: "agent",
        agent: ctx.agent(),
      });
      return jsonResult(projectDir, { recorded: true, event: id });
    }));
}
