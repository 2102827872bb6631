/** MCP sessions over stdio with the SDK's Client: the built CLI or the bare server as a child process. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { BARE_SERVER_PATH, CLI_PATH, cliEnvironment, peakRssBytes } from "./processes.js";

/** Maximum time a benchmark waits for one tool call. The 100,000-asset walk takes about half a minute on 2 cores. */
const CALL_TIMEOUT_MS = 10 * 60 * 1000;

/** Characters of the child's stderr kept for error messages. */
const STDERR_TAIL_CHARS = 4000;

export interface McpSession {
  pid: number;
  /** Calls a tool and throws when the result has isError set. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** The child's peak resident set size so far, in bytes. */
  peakRss(): number | undefined;
  /** The end of what the child wrote to stderr. */
  stderrTail(): string;
  close(): Promise<void>;
}

async function startSession(args: string[], env: Record<string, string>): Promise<McpSession> {
  const transport = new StdioClientTransport({ command: process.execPath, args, env, stderr: "pipe" });
  let stderrTail = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
  });

  const client = new Client({ name: "qualys-easm-mcp-bench", version: "1.0.0" });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error(`The server process did not start: ${args.join(" ")}`);

  return {
    pid,
    async call(name, toolArgs = {}) {
      const result = (await client.callTool({ name, arguments: toolArgs }, undefined, { timeout: CALL_TIMEOUT_MS })) as CallToolResult;
      if (result.isError) throw new Error(`Tool ${name} failed: ${toolText(result)}`);
      return result;
    },
    peakRss: () => peakRssBytes(pid),
    stderrTail: () => stderrTail,
    close: () => client.close(),
  };
}

/** Starts the built CLI against a gateway URL, with the benchmark credentials in its environment. */
export function startCliSession(gatewayUrl: string, extraArgs: string[] = []): Promise<McpSession> {
  return startSession([CLI_PATH, "--gateway-url", gatewayUrl, ...extraArgs], cliEnvironment());
}

/** Starts the bare SDK server (bench/bare-server.ts). */
export function startBareSession(): Promise<McpSession> {
  return startSession([BARE_SERVER_PATH], { PATH: process.env.PATH ?? "" });
}

/** Returns the text of a tool result's first content block, or "" when it has none. */
export function toolText(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === "text" ? first.text : "";
}
