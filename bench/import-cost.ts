/**
 * Child process of the cold-start benchmark: loads what the bare server loads (the SDK's
 * McpServer, its stdio transport and zod), then times one more import and prints its
 * cost as JSON on stdout. Usage: node dist/bench/import-cost.js SPECIFIER
 */
import { performance } from "node:perf_hooks";

const specifier = process.argv[2];
if (specifier === undefined) {
  process.stderr.write("Usage: node dist/bench/import-cost.js SPECIFIER\n");
  process.exit(2);
}

await import("@modelcontextprotocol/sdk/server/mcp.js");
await import("@modelcontextprotocol/sdk/server/stdio.js");
await import("zod");

const rssBefore = process.memoryUsage().rss;
const started = performance.now();
await import(specifier);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, rssBytes: process.memoryUsage().rss - rssBefore })}\n`);
