/**
 * Runs {@linkcode FluxMcpServer} on stdin/stdout until the agent closes stdin or a signal arrives; workflows
 * it started are stopped first. Stdout carries only the protocol: every other line goes to stderr.
 */
import process from "node:process";
import { StdioServerTransport } from "../deps/mcp.ts";
import { FluxMcpServer } from "./flux_mcp_server.ts";
import { loadMcpConfig } from "./mcp_config.ts";

/** Serves MCP on stdio for `projectDir` until stdin ends or a signal; resolves to the exit code. */
export async function serveMcpStdio(projectDir: string): Promise<number> {
  await loadMcpConfig(projectDir); // a malformed mcp: section is one line now, not a refusal later
  if (Deno.stdin.isTerminal()) {
    console.error(
      `flux mcp: serving ${projectDir} to a coding agent on stdin/stdout (see flux help agents; Ctrl-C stops)`,
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
