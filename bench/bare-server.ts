/**
 * The baseline for the cold-start and per-call benchmarks: an MCP server over stdio built
 * from the SDK alone, with one tool that echoes its input. It has no gateway client, no
 * logger and no configuration, so it shows what the SDK and Node cost by themselves.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "bench-bare-server", version: "1.0.0" });

server.registerTool(
  "echo",
  { description: "Returns its text argument.", inputSchema: { text: z.string() } },
  async ({ text }) => ({ content: [{ type: "text", text }] }),
);

process.stdin.once("end", () => process.exit(0));
await server.connect(new StdioServerTransport());
