/** What every MCP tool and resource of `flux mcp` shares: the project, its store, the watch and the output rule. */
import type { CallToolResult } from "../deps/mcp.ts";
import type { TokenCounter } from "../ai/token_counter.ts";
import { redact } from "../secrets/redact.ts";
import { readSessionConfig } from "../session/session_config.ts";
import type { SessionManager } from "../session/session_manager.ts";
import type { TrustCheck } from "./workspace_trust.ts";
import type { StoreWatch } from "./store_watch.ts";

/** The server's shared state. */
export interface ToolContext {
  projectDir: string;
  sessions: SessionManager;
  watch: StoreWatch;
  tokenizer: () => Promise<TokenCounter>;
  trust: TrustCheck;
  /** The connected agent's name, from its `initialize` request. */
  agent: () => string;
  /** Aborted when the server shuts down: running workflows stop. */
  shutdown: AbortSignal;
}

/**
 * The declared secrets of the project, read again for every answer: a secret declared after an event was
 * recorded is still never handed to an agent.
 */
export function projectSecrets(projectDir: string): string[] {
  return readSessionConfig(projectDir).secrets;
}

/** A tool result holding `text`, every known token shape and declared secret masked. */
export function textResult(projectDir: string, text: string): CallToolResult {
  return { content: [{ type: "text", text: redact(text, projectSecrets(projectDir)) }] };
}

/** A tool result holding `value` as pretty JSON, masked. */
export function jsonResult(projectDir: string, value: unknown): CallToolResult {
  return textResult(projectDir, JSON.stringify(value, null, 2));
}

/** A refusal or failure the agent reads: one line, masked. */
export function errorResult(projectDir: string, line: string): CallToolResult {
  return { ...textResult(projectDir, line), isError: true };
}

/** Runs a tool body; a thrown error becomes one masked line instead of a protocol error. */
export async function guarded(
  projectDir: string,
  fn: () => CallToolResult | Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    try {
      return errorResult(projectDir, message);
    } catch {
      return { content: [{ type: "text", text: redact(message) }], isError: true };
    }
  }
}
