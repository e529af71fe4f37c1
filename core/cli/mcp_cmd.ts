/**
 * `flux mcp`: serves the project's session to a coding agent over the Model Context Protocol on stdin and
 * stdout (see flux help agents). It ends when the agent closes stdin, or on SIGINT/SIGTERM; workflows it
 * started are stopped first. Stdout carries only the protocol: every other line goes to stderr.
 */
import type { Command } from "../deps/commander.ts";
import { type GlobalOptions, resolveProjectDir, rootOf, UsageError } from "./cli_context.ts";

/** Registers `flux mcp`. */
export function registerMcpCommand(program: Command): void {
  program.command("mcp")
    .description(
      "serve this project's session to coding agents (MCP over stdio; see flux help agents)",
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const root = rootOf(cmd);
      if (root.opts<GlobalOptions>().incognito) {
        throw new UsageError(
          "flux mcp reads the store that flux watch and the TUI record: run it without --incognito",
        );
      }
      const projectDir = resolveProjectDir(root);
      // The SDK loads only when an agent starts `flux mcp`, not with every other command.
      const { serveMcpStdio } = await import("../mcp/serve_mcp_stdio.ts");
      Deno.exitCode = await serveMcpStdio(projectDir);
    });
}
