/**
 * The HTTP transport started in the test process with small limits, so session expiry,
 * the session cap and shutdown can be tested in a fraction of their real durations.
 */
import { connect } from "node:net";
import { PassThrough } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { McpError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { GatewayClient } from "../../src/gateway/client.js";
import { createLogger } from "../../src/logger.js";
import { parseFlags, resolveConfig } from "../../src/options.js";
import type { SandboxGateway } from "../../src/sandbox/index.js";
import { SecretRegistry } from "../../src/secrets.js";
import { startHttpServer, type HttpServerHandle, type HttpServerOptions } from "../../src/transport/http.js";
import { SESSION_CLOSED_ERROR_CODE } from "../../src/transport/http-session.js";
import {
  connectHttpClient,
  GATEWAY_PASSWORD,
  GATEWAY_USER,
  initializeBody,
  mcpPostHeaders,
  rawRequest,
  startTestSandbox,
  waitForGatewayRequest,
} from "./cli-process.js";

interface TestServer {
  handle: HttpServerHandle;
  port: number;
  logs: () => Array<Record<string, unknown>>;
  gateway: GatewayClient;
}

let sandbox: SandboxGateway;
const started: TestServer[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox();
});

afterEach(async () => {
  sandbox.clearFaults();
  sandbox.clearRequests();
  for (const server of started.splice(0)) {
    await server.handle.close();
    await server.gateway.close();
  }
});

afterAll(async () => {
  await sandbox?.close();
});

async function startServer(options: HttpServerOptions): Promise<TestServer> {
  const { values } = parseFlags(["--transport", "http", "--host", "127.0.0.1", "--port", "0", "--gateway-url", sandbox.url]);
  const config = resolveConfig(values, { QUALYS_USERNAME: GATEWAY_USER, QUALYS_PASSWORD: GATEWAY_PASSWORD });
  const secrets = new SecretRegistry();
  secrets.add(GATEWAY_PASSWORD);
  const output = new PassThrough();
  let logText = "";
  output.on("data", (chunk: Buffer) => {
    logText += chunk.toString("utf8");
  });
  const logger = createLogger("debug", secrets, output);
  const gateway = new GatewayClient({ baseUrl: config.gatewayUrl, username: GATEWAY_USER, password: GATEWAY_PASSWORD, timeoutMs: 60_000, logger, secrets });

  const handle = await startHttpServer({ config, gateway, logger }, options);
  const server: TestServer = {
    handle,
    port: Number(new URL(handle.url).port),
    logs: () => logText.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as Record<string, unknown>),
    gateway,
  };
  started.push(server);
  return server;
}

/** Opens a session with a raw initialize request (which opens no GET stream) and returns its id. */
async function openRawSession(server: TestServer): Promise<string> {
  const response = await rawRequest(server.handle.url, {
    method: "POST",
    headers: mcpPostHeaders({ host: `127.0.0.1:${server.port}` }),
    body: initializeBody(),
  });
  expect(response.status).toBe(200);
  return response.headers["mcp-session-id"] as string;
}

async function waitUntil(condition: () => boolean, timeoutMs: number, description: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts a tool call that the sandbox holds for `delayMs`, and resolves once the gateway has the request. */
async function startSlowCall(server: TestServer, delayMs: number, signal?: AbortSignal) {
  const { client } = await connectHttpClient(server.handle.url);
  sandbox.injectFault({ kind: "delay", ms: delayMs, match: "/easm/v2/profile" });
  const call = client.callTool({ name: "list_easm_profiles", arguments: {} }, undefined, { signal }).then(
    (result) => ({ result: result as CallToolResult, error: undefined }),
    (error: unknown) => ({ result: undefined, error: error as Error }),
  );
  await waitForGatewayRequest(sandbox, "/easm/v2/profile");
  return { client, call };
}

describe("HTTP sessions", () => {
  it("expires a session idle past the timeout", async () => {
    const server = await startServer({ sessionIdleTimeoutMs: 200 });
    const sessionId = await openRawSession(server);
    expect(server.handle.sessionCount()).toBe(1);

    await waitUntil(() => server.handle.sessionCount() === 0, 3000, "the idle session is closed");
    expect(server.logs().some((record) => record.msg === "closing an idle HTTP session" && record.session === sessionId)).toBe(true);

    const after = await rawRequest(server.handle.url, {
      method: "POST",
      headers: mcpPostHeaders({ host: `127.0.0.1:${server.port}`, "mcp-session-id": sessionId }),
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(after.status).toBe(404);
  });

  it("keeps a session with an open GET stream", async () => {
    const server = await startServer({ sessionIdleTimeoutMs: 200 });
    const { client } = await connectHttpClient(server.handle.url);
    try {
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(server.handle.sessionCount()).toBe(1);
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it("answers 503 beyond the session limit", async () => {
    const server = await startServer({ maxSessions: 2 });
    const first = await openRawSession(server);
    await openRawSession(server);

    const refused = await rawRequest(server.handle.url, {
      method: "POST",
      headers: mcpPostHeaders({ host: `127.0.0.1:${server.port}` }),
      body: initializeBody(),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("60");
    expect(refused.text).toContain("at most 2");

    const deleted = await rawRequest(server.handle.url, {
      method: "DELETE",
      headers: mcpPostHeaders({ host: `127.0.0.1:${server.port}`, "mcp-session-id": first }),
    });
    expect(deleted.status).toBe(200);
    await openRawSession(server);
    expect(server.handle.sessionCount()).toBe(2);
  });

  it("keeps no session for a rejected initialize", async () => {
    const server = await startServer({});
    const response = await rawRequest(server.handle.url, {
      method: "POST",
      headers: { host: `127.0.0.1:${server.port}`, "content-type": "application/json", accept: "application/json" },
      body: initializeBody(),
    });
    expect(response.status).toBe(406);
    expect(response.headers["mcp-session-id"]).toBeUndefined();
    expect(server.handle.sessionCount()).toBe(0);
  });
});

describe("HTTP shutdown", () => {
  it("closes idle sessions at once", async () => {
    const server = await startServer({ shutdownGraceMs: 5000 });
    const { client } = await connectHttpClient(server.handle.url);
    await openRawSession(server);

    const begin = Date.now();
    await server.handle.close();
    expect(Date.now() - begin).toBeLessThan(1000);
    expect(server.handle.sessionCount()).toBe(0);
    await client.close();
  });

  it("finishes a call within the grace period", async () => {
    const server = await startServer({ shutdownGraceMs: 5000 });
    const { client, call } = await startSlowCall(server, 800);

    await server.handle.close();
    const outcome = await call;
    expect(outcome.error).toBeUndefined();
    expect(outcome.result?.isError).toBeFalsy();
    await client.close();
  });

  it("fails a call past the grace period", async () => {
    const server = await startServer({ shutdownGraceMs: 300 });
    const { client, call } = await startSlowCall(server, 20_000);

    const begin = Date.now();
    await server.handle.close();
    expect(Date.now() - begin).toBeLessThan(2000);

    const outcome = await call;
    expect(outcome.error).toBeInstanceOf(McpError);
    expect((outcome.error as McpError).code).toBe(SESSION_CLOSED_ERROR_CODE);
    expect(outcome.error?.message).toContain("shutting down");
    expect(server.logs().some((record) => record.msg === "cancelling in-flight MCP requests at shutdown")).toBe(true);
    await client.close();
  });

  it("skips waiting for cancelled calls", async () => {
    const server = await startServer({ shutdownGraceMs: 10_000 });
    const abort = new AbortController();
    const { client, call } = await startSlowCall(server, 20_000, abort.signal);

    abort.abort("the user stopped the call");
    const outcome = await call;
    expect(outcome.error).toBeDefined();
    // Give the cancellation notification time to reach the server.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const begin = Date.now();
    await server.handle.close();
    expect(Date.now() - begin).toBeLessThan(2000);
    await client.close();
  });

  it("answers 503 while draining", async () => {
    const server = await startServer({ shutdownGraceMs: 10_000 });
    const { client, call } = await startSlowCall(server, 1500);

    // The request's headers arrive before shutdown starts and its body after, so it is
    // being handled on a live connection when the server starts draining.
    const body = initializeBody();
    const socket = connect(server.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    let responseText = "";
    socket.on("data", (chunk: Buffer) => {
      responseText += chunk.toString("utf8");
    });
    const socketClosed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\n` +
        `Accept: application/json, text/event-stream\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));

    const closing = server.handle.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.write(body.slice(10));
    await socketClosed;
    expect(responseText).toMatch(/^HTTP\/1\.1 503 /);
    expect(responseText).toContain("shutting down");

    await closing;
    const outcome = await call;
    expect(outcome.result?.isError).toBeFalsy();
    await client.close();
  });
});
