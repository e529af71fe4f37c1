/** The protocol floor for `deno task bench mcp`: an MCP SDK server over stdio with one tool that echoes. */
import { McpServer, StdioServerTransport, z } from "../core/deps/mcp.ts";

const server = new McpServer({ name: "echo", version: "1.0.0" });
server.registerTool(
  "echo",
  { description: "Echoes its text", inputSchema: { text: z.string() } },
  ({ text }: { text: string }) => ({ content: [{ type: "text", text }] }),
);
await server.connect(new StdioServerTransport());
