/**
 * Runs the built CLI (dist/src/cli.js) as a child process for the transport tests. It reads
 * the JSON log lines from stderr and finds the URL the HTTP transport listens on. It also
 * sends raw HTTP requests that the SDK's client never sends, such as foreign Host
 * headers, wrong methods and oversized bodies.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { startSandbox, type SandboxGateway } from "../../src/sandbox/index.js";

export const CLI_PATH = "dist/src/cli.js";
export const GATEWAY_USER = "transport-test";
export const GATEWAY_PASSWORD = "Transport-Test-Passw0rd!";

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliProcess {
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr: () => string;
  /** Everything the process wrote to stdout so far. */
  stdout: () => string;
  /** The stderr lines that parse as JSON log records. */
  logRecords: () => Array<Record<string, unknown>>;
  /** Resolves once the process has exited. */
  exited: Promise<ExitStatus>;
  /** Resolves with the first log record whose `msg` equals `message`. Rejects on timeout or exit. */
  waitForLog: (message: string, timeoutMs?: number) => Promise<Record<string, unknown>>;
  /** Sends SIGTERM unless the process has already exited, and waits for the exit. */
  stop: () => Promise<ExitStatus>;
}

/** Spawns the built CLI with `args` and an environment of PATH plus `env` only. */
export function spawnCli(args: string[], env: Record<string, string> = {}): CliProcess {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npx tsc -p tsconfig.json before the transport tests`);
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderrText = "";
  let stdoutText = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderrText += chunk.toString("utf8");
  });
  child.stdout!.on("data", (chunk: Buffer) => {
    stdoutText += chunk.toString("utf8");
  });
  let exitStatus: ExitStatus | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("exit", (code, signal) => {
      exitStatus = { code, signal };
      resolve(exitStatus);
    });
  });

  const logRecords = (): Array<Record<string, unknown>> => stderrText.split("\n").flatMap((line) => parseJsonLine(line) ?? []);

  const waitForLog = async (message: string, timeoutMs = 15_000): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const record = logRecords().find((entry) => entry.msg === message);
      if (record) return record;
      if (exitStatus) throw new Error(`the CLI exited with code ${exitStatus.code} before logging "${message}". stderr:\n${stderrText}`);
      if (Date.now() > deadline) throw new Error(`the CLI did not log "${message}" within ${timeoutMs} ms. stderr:\n${stderrText}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  return {
    child,
    stderr: () => stderrText,
    stdout: () => stdoutText,
    logRecords,
    exited,
    waitForLog,
    stop: async () => {
      if (!exitStatus) child.kill("SIGTERM");
      return exited;
    },
  };
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export interface HttpCli extends CliProcess {
  /** The MCP endpoint, for example http://127.0.0.1:41234/mcp. */
  url: string;
  port: number;
}

/**
 * Starts the CLI with the HTTP transport on 127.0.0.1 and a free port, pointed at the
 * sandbox gateway, and waits for the "HTTP transport listening" log line with its URL.
 */
export async function startHttpCli(sandbox: SandboxGateway, options: { args?: string[]; env?: Record<string, string> } = {}): Promise<HttpCli> {
  const cli = spawnCli(
    ["--transport", "http", "--host", "127.0.0.1", "--port", "0", "--gateway-url", sandbox.url, "--log-level", "debug", ...(options.args ?? [])],
    { QUALYS_USERNAME: GATEWAY_USER, QUALYS_PASSWORD: GATEWAY_PASSWORD, ...options.env },
  );
  return withListeningUrl(cli);
}

/** Waits for the HTTP transport's listening log line and adds its URL to the process. */
export async function withListeningUrl(cli: CliProcess): Promise<HttpCli> {
  const record = await cli.waitForLog("HTTP transport listening");
  const url = String(record.url);
  return { ...cli, url, port: Number(new URL(url).port) };
}

/** Starts a sandbox gateway on 127.0.0.1 that accepts the transport tests' credentials. */
export function startTestSandbox(): Promise<SandboxGateway> {
  return startSandbox({ username: GATEWAY_USER, password: GATEWAY_PASSWORD });
}

/** Connects an SDK client over Streamable HTTP, sending `headers` with every request. */
export async function connectHttpClient(url: string, headers: Record<string, string> = {}): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: "transport-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Sends one HTTP request with exactly the given headers (Host included) and reads the whole response. */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      // agent: false gives each request its own connection, as separate clients would have.
      { host: target.hostname, port: target.port, path: target.pathname, method: options.method ?? "GET", headers: options.headers, agent: false },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text: Buffer.concat(chunks).toString("utf8") }));
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

/** Headers a Streamable HTTP client sends with a JSON-RPC POST. */
export function mcpPostHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { "content-type": "application/json", accept: "application/json, text/event-stream", ...extra };
}

/** Builds the body of an initialize request. */
export function initializeBody(id = 1): string {
  return JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "initialize",
    params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "transport-test", version: "1.0.0" } },
  });
}

/** Waits until the sandbox has received a request whose path starts with `pathPrefix`. */
export async function waitForGatewayRequest(sandbox: SandboxGateway, pathPrefix: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!sandbox.requests.some((entry) => entry.path.startsWith(pathPrefix))) {
    if (Date.now() > deadline) throw new Error(`the sandbox received no request for ${pathPrefix} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
