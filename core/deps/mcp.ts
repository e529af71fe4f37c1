/**
 * The one place Flux imports the Model Context Protocol SDK (`npm:@modelcontextprotocol/sdk`, the official
 * TypeScript SDK) and its schema library zod: the server Flux runs as `flux mcp`, and the client its tests
 * and benchmark drive it with.
 */
export { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
export { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
export { Client } from "@modelcontextprotocol/sdk/client/index.js";
export { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
export { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
export {
  type CallToolResult,
  ResourceUpdatedNotificationSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
export { z } from "zod";
