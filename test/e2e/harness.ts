/**
 * Drives the built CLI (dist/src/cli.js) over stdio with the SDK's Client, against a
 * sandbox gateway that the test starts in its own process, so the test can read every
 * request the gateway received and inject faults.
 */
import { existsSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema, type CallToolResult, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { startSandbox, type SandboxGateway, type SandboxOptions } from "../../src/sandbox/index.js";

export const CLI_PATH = "dist/src/cli.js";
export const SANDBOX_USER = "analyst";
export const SANDBOX_PASSWORD = "S3cret-Passw0rd!for-tests";

export interface CliSession {
  client: Client;
  sandbox: SandboxGateway;
  /** Every line the server wrote to stderr so far. */
  stderr: () => string;
  call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
  close: () => Promise<void>;
}

export interface CliSessionOptions {
  sandbox?: SandboxOptions;
  args?: string[];
  env?: Record<string, string>;
  /** When set, the client declares elicitation and responds to each request with this function. */
  elicit?: (message: string) => ElicitResult;
}

/** Starts a sandbox and the built CLI pointed at it, and connects an MCP client. */
export async function startCliSession(options: CliSessionOptions = {}): Promise<CliSession> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build before the end-to-end tests`);
  const sandbox = await startSandbox({ username: SANDBOX_USER, password: SANDBOX_PASSWORD, ...options.sandbox });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_PATH, "--gateway-url", sandbox.url, "--log-level", "debug", ...(options.args ?? [])],
    env: { QUALYS_USERNAME: SANDBOX_USER, QUALYS_PASSWORD: SANDBOX_PASSWORD, PATH: process.env.PATH ?? "", ...options.env },
    stderr: "pipe",
  });
  let stderrText = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderrText += chunk.toString("utf8");
  });

  const client = new Client({ name: "e2e-test", version: "1.0.0" }, { capabilities: options.elicit ? { elicitation: { form: {} } } : {} });
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (request) => answer(request.params.message));
  }
  await client.connect(transport);

  return {
    client,
    sandbox,
    stderr: () => stderrText,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await sandbox.close();
    },
  };
}

/** Returns the text of a tool result's first content block. */
export function resultText(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === "text" ? first.text : "";
}

/** Requests the gateway received, without the token calls. */
export function apiRequests(sandbox: SandboxGateway) {
  return sandbox.requests.filter((request) => request.path !== "/auth");
}
