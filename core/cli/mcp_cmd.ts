/**
 * `flux mcp`: serves the project's session to a coding agent over the Model Context Protocol on stdin and
 * stdout (see docs/agents.md). It ends when the agent closes stdin, or on SIGINT/SIGTERM; workflows it
 * started are stopped first. Stdout carries only the protocol: every other line goes to stderr.
 */
import process from "node:process";
import type { Command } from "../deps/commander.ts";
import { StdioServerTransport } from "../deps/mcp.ts";
import { type GlobalOptions, resolveProjectDir, rootOf, UsageError } from "./cli_context.ts";
import { FluxMcpServer } from "../mcp/flux_mcp_server.ts";
import { loadMcpConfig } from "../mcp/mcp_config.ts";

/** Registers `flux mcp`. */
export function registerMcpCommand(program: Command): void {
  program.command("mcp")
    .description(
      "serve this project's session to coding agents (MCP over stdio; see docs/agents.md)",
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const root = rootOf(cmd);
      if (root.opts<GlobalOptions>().incognito) {
        throw new UsageError(
          "flux mcp reads the store that flux watch and the TUI record: run it without --incognito",
        );
      }
      Deno.exitCode = await runMcp(resolveProjectDir(root));
    });
}

/** Serves MCP on stdio for `projectDir` until stdin ends or a signal; resolves to the exit code. */
export async function runMcp(projectDir: string): Promise<number> {
  await loadMcpConfig(projectDir); // a malformed mcp: section is one line now, not a refusal later
  if (Deno.stdin.isTerminal()) {
    console.error(
      `flux mcp: serving ${projectDir} to a coding agent on stdin/stdout (see docs/agents.md; Ctrl-C stops)`,
    );
  }
  const server = new FluxMcpServer(projectDir);
  const done = Promise.withResolvers<void>();
  const stop = () => done.resolve();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, stop);
  process.stdin.on("end", stop);
  process.stdin.on("close", stop);
  server.server.server.onclose = stop;
  try {
    await server.connect(new StdioServerTransport());
    await done.promise;
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, stop);
    process.stdin.off("end", stop);
    process.stdin.off("close", stop);
    await server.close();
  }
  return 0;
}
