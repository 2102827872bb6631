/**
 * The Streamable HTTP transport as a user meets it: the built CLI started with
 * `--transport http` on 127.0.0.1, driven by the SDK's client and by raw HTTP requests,
 * against a sandbox gateway in the test process.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { SandboxGateway } from "../../src/sandbox/index.js";
import {
  connectHttpClient,
  initializeBody,
  mcpPostHeaders,
  rawRequest,
  spawnCli,
  startHttpCli,
  startTestSandbox,
  waitForGatewayRequest,
  type HttpCli,
} from "./cli-process.js";

const TOKEN = "Http-Transport-Test-Token-6f1c2a9e";

function errorMessage(text: string): string {
  return (JSON.parse(text) as { error: { message: string } }).error.message;
}

function errorCode(text: string): number {
  return (JSON.parse(text) as { error: { code: number } }).error.code;
}

/** Opens a session with a raw initialize request and returns its id. */
async function openRawSession(cli: HttpCli): Promise<string> {
  const response = await rawRequest(cli.url, { method: "POST", headers: mcpPostHeaders({ host: `127.0.0.1:${cli.port}` }), body: initializeBody() });
  expect(response.status).toBe(200);
  const sessionId = response.headers["mcp-session-id"];
  expect(typeof sessionId).toBe("string");
  return sessionId as string;
}

describe("HTTP transport without a token", () => {
  let sandbox: SandboxGateway;
  let cli: HttpCli;
  const clients: Array<{ close: () => Promise<void> }> = [];

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    cli = await startHttpCli(sandbox);
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
  });

  afterAll(async () => {
    await cli?.stop();
    await sandbox?.close();
  });

  function host(): Record<string, string> {
    return { host: `127.0.0.1:${cli.port}` };
  }

  it("logs its URL on 127.0.0.1 and no token", async () => {
    const record = await cli.waitForLog("HTTP transport listening");
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(cli.port).toBeGreaterThan(0);
    expect(record.tokenRequired).toBe(false);
  });

  it("serves initialize, tools/list and a tool call", async () => {
    const { client } = await connectHttpClient(cli.url);
    clients.push(client);

    expect(client.getServerVersion()?.name).toBe("qualys-easm-mcp");
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("list_easm_profiles");

    sandbox.clearRequests();
    const result = (await client.callTool({ name: "list_easm_profiles", arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toBeDefined();
    expect(sandbox.requests.some((entry) => entry.method === "GET" && entry.path === "/easm/v2/profile")).toBe(true);
  });

  it("answers a ping", async () => {
    const { client } = await connectHttpClient(cli.url);
    clients.push(client);
    await expect(client.ping()).resolves.toEqual({});
  });

  it("accepts the loopback Host names", async () => {
    for (const name of [`127.0.0.1:${cli.port}`, `localhost:${cli.port}`, `LOCALHOST:${cli.port}`]) {
      const response = await rawRequest(cli.url, { method: "POST", headers: mcpPostHeaders({ host: name }), body: initializeBody() });
      expect(response.status, name).toBe(200);
    }
  });

  it("rejects a foreign Host header with 403", async () => {
    for (const name of ["evil.example.com", `evil.example.com:${cli.port}`, `127.0.0.1.evil.example.com:${cli.port}`, `127.0.0.1:${cli.port + 1}`]) {
      const response = await rawRequest(cli.url, { method: "POST", headers: mcpPostHeaders({ host: name }), body: initializeBody() });
      expect(response.status, name).toBe(403);
      expect(errorMessage(response.text)).toContain("Host header");
    }
  });

  it("rejects a foreign Origin with 403", async () => {
    for (const origin of ["http://evil.example.com", `http://evil.example.com:${cli.port}`, "null"]) {
      const response = await rawRequest(cli.url, { method: "POST", headers: mcpPostHeaders({ ...host(), origin }), body: initializeBody() });
      expect(response.status, origin).toBe(403);
      expect(errorMessage(response.text)).toContain("Origin");
    }
  });

  it("accepts a loopback Origin", async () => {
    const response = await rawRequest(cli.url, {
      method: "POST",
      headers: mcpPostHeaders({ ...host(), origin: `http://localhost:${cli.port}` }),
      body: initializeBody(),
    });
    expect(response.status).toBe(200);
  });

  it("rejects an unknown session id with 404", async () => {
    const response = await rawRequest(cli.url, {
      method: "POST",
      headers: mcpPostHeaders({ ...host(), "mcp-session-id": randomUUID() }),
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(response.status).toBe(404);
    expect(errorCode(response.text)).toBe(-32001);
    expect(errorMessage(response.text)).toContain("initialize");
  });

  it("rejects a request before initialize with 400", async () => {
    const response = await rawRequest(cli.url, {
      method: "POST",
      headers: mcpPostHeaders(host()),
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(response.status).toBe(400);
    expect(errorMessage(response.text)).toContain("initialize");
  });

  it("rejects GET without a session with 400", async () => {
    const response = await rawRequest(cli.url, { headers: { ...host(), accept: "text/event-stream" } });
    expect(response.status).toBe(400);
  });

  it("rejects other paths with 404", async () => {
    const response = await rawRequest(cli.url.replace(/\/mcp$/, "/admin"), { headers: host() });
    expect(response.status).toBe(404);
    expect(errorMessage(response.text)).toContain("/mcp");
  });

  it("rejects unsupported methods with 405", async () => {
    const sessionId = await openRawSession(cli);
    for (const method of ["PUT", "PATCH", "OPTIONS", "HEAD"]) {
      // Node's client frames a body only for methods that usually carry one.
      const body = method === "PUT" || method === "PATCH" ? "{}" : undefined;
      for (const headers of [host(), { ...host(), "mcp-session-id": sessionId }]) {
        const response = await rawRequest(cli.url, { method, headers: { ...headers, "content-type": "application/json" }, body });
        expect(response.status, method).toBe(405);
        expect(response.headers.allow).toBe("GET, POST, DELETE");
      }
    }
  });

  it("rejects a body that is not JSON with 400", async () => {
    const response = await rawRequest(cli.url, { method: "POST", headers: mcpPostHeaders(host()), body: '{"jsonrpc": "2.0", "id": 1,' });
    expect(response.status).toBe(400);
    expect(errorCode(response.text)).toBe(-32700);
  });

  it("rejects a 4 MiB body with 413", async () => {
    const padding = "x".repeat(4 * 1024 * 1024);
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { padding } });
    const response = await rawRequest(cli.url, { method: "POST", headers: mcpPostHeaders(host()), body });
    expect(response.status).toBe(413);
    expect(errorMessage(response.text)).toContain("4194304 bytes");

    // Without Content-Length the limit applies while the body streams in.
    const chunked = await rawRequest(cli.url, { method: "POST", headers: mcpPostHeaders({ ...host(), "transfer-encoding": "chunked" }), body });
    expect(chunked.status).toBe(413);

    // The server still takes new sessions afterwards.
    await openRawSession(cli);
  });

  it("gives two clients separate sessions", async () => {
    const first = await connectHttpClient(cli.url);
    const second = await connectHttpClient(cli.url);
    clients.push(first.client, second.client);

    expect(first.transport.sessionId).toBeDefined();
    expect(second.transport.sessionId).toBeDefined();
    expect(first.transport.sessionId).not.toBe(second.transport.sessionId);

    await first.transport.terminateSession();
    const { tools } = await second.client.listTools();
    expect(tools.length).toBeGreaterThan(0);
  });

  it("closes a session on DELETE", async () => {
    const sessionId = await openRawSession(cli);
    const headers = mcpPostHeaders({ ...host(), "mcp-session-id": sessionId });

    const deleted = await rawRequest(cli.url, { method: "DELETE", headers });
    expect(deleted.status).toBe(200);

    const after = await rawRequest(cli.url, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }) });
    expect(after.status).toBe(404);
    expect(cli.logRecords().some((record) => record.msg === "HTTP session closed" && record.session === sessionId)).toBe(true);
  });

  it("closes a session when the SDK client terminates it", async () => {
    const { client, transport } = await connectHttpClient(cli.url);
    clients.push(client);
    const sessionId = transport.sessionId!;

    await transport.terminateSession();
    const after = await rawRequest(cli.url, {
      method: "POST",
      headers: mcpPostHeaders({ ...host(), "mcp-session-id": sessionId }),
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(after.status).toBe(404);
  });
});

describe("HTTP transport with MCP_HTTP_TOKEN", () => {
  let sandbox: SandboxGateway;
  let cli: HttpCli;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    cli = await startHttpCli(sandbox, { env: { MCP_HTTP_TOKEN: TOKEN } });
  });

  afterAll(async () => {
    await cli?.stop();
    await sandbox?.close();
  });

  it("logs that a bearer token is required", async () => {
    const record = await cli.waitForLog("HTTP transport listening");
    expect(record.tokenRequired).toBe(true);
  });

  it("rejects a request without Authorization with 401", async () => {
    const response = await rawRequest(cli.url, { method: "POST", headers: mcpPostHeaders({ host: `127.0.0.1:${cli.port}` }), body: initializeBody() });
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer /);
    expect(errorMessage(response.text)).toContain("MCP_HTTP_TOKEN");
    await expect(cli.waitForLog("rejected an HTTP request with a missing or wrong MCP_HTTP_TOKEN", 5000)).resolves.toBeDefined();
  });

  it("rejects a wrong token with 401", async () => {
    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, "Bearer ", `Basic ${TOKEN}`, TOKEN]) {
      const response = await rawRequest(cli.url, {
        method: "POST",
        headers: mcpPostHeaders({ host: `127.0.0.1:${cli.port}`, authorization }),
        body: initializeBody(),
      });
      expect(response.status, authorization).toBe(401);
    }
  });

  it("refuses the SDK client without the token", async () => {
    const attempt = connectHttpClient(cli.url);
    await expect(attempt).rejects.toThrow(/401|Unauthorized/i);
  });

  it("refuses the SDK client with a wrong token", async () => {
    const attempt = connectHttpClient(cli.url, { authorization: "Bearer not-the-token" });
    await expect(attempt).rejects.toThrow(/401|Unauthorized/i);
  });

  it("serves the SDK client with the right token", async () => {
    const { client } = await connectHttpClient(cli.url, { authorization: `Bearer ${TOKEN}` });
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      const result = (await client.callTool({ name: "list_easm_profiles", arguments: {} })) as CallToolResult;
      expect(result.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it("checks the token within a session", async () => {
    const opened = await rawRequest(cli.url, {
      method: "POST",
      headers: mcpPostHeaders({ host: `127.0.0.1:${cli.port}`, authorization: `Bearer ${TOKEN}` }),
      body: initializeBody(),
    });
    expect(opened.status).toBe(200);
    const sessionId = opened.headers["mcp-session-id"] as string;

    const response = await rawRequest(cli.url, {
      method: "POST",
      headers: mcpPostHeaders({ host: `127.0.0.1:${cli.port}`, "mcp-session-id": sessionId }),
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(response.status).toBe(401);
  });

  it("never writes the token to its logs", () => {
    expect(cli.stderr()).not.toContain(TOKEN);
  });
});

describe("HTTP transport start-up checks", () => {
  it.each(["0.0.0.0", "192.0.2.10", "::"])("refuses --host %s without MCP_HTTP_TOKEN", async (address) => {
    const cli = spawnCli(["--sandbox", "--transport", "http", "--host", address, "--port", "0"]);
    const status = await cli.exited;

    expect(status.code).toBe(2);
    const lines = cli.stderr().trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("MCP_HTTP_TOKEN");
    expect(lines[0]).toContain(`--host ${address}`);
    expect(cli.stdout()).toBe("");
  });
});

describe("HTTP transport shutdown", () => {
  let sandbox: SandboxGateway;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });

  afterEach(() => {
    sandbox.clearFaults();
    sandbox.clearRequests();
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** Starts a tool call that the sandbox holds for `delayMs`, and resolves once the gateway has the request. */
  async function startSlowCall(cli: HttpCli, delayMs: number) {
    const { client } = await connectHttpClient(cli.url);
    sandbox.injectFault({ kind: "delay", ms: delayMs, match: "/easm/v2/profile" });
    const call = client.callTool({ name: "list_easm_profiles", arguments: {} }).then(
      (result) => ({ result: result as CallToolResult, error: undefined }),
      (error: unknown) => ({ result: undefined, error: error as Error }),
    );
    await waitForGatewayRequest(sandbox, "/easm/v2/profile");
    return { client, call };
  }

  it("exits 0 on SIGTERM with a client connected", async () => {
    const cli = await startHttpCli(sandbox);
    const { client } = await connectHttpClient(cli.url);
    await client.listTools();

    const started = Date.now();
    const status = await cli.stop();
    expect(status.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(cli.logRecords().some((record) => record.msg === "HTTP transport stopped")).toBe(true);
    await client.close();
  });

  it("exits 0 on SIGTERM during a 3 s tool call", async () => {
    const cli = await startHttpCli(sandbox);
    const { client, call } = await startSlowCall(cli, 3000);

    const started = Date.now();
    const status = await cli.stop();
    expect(status.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);

    // The grace period and the delay are both 3 s, so either outcome is correct, but a hang is not.
    const outcome = await call;
    expect(outcome.result !== undefined || outcome.error !== undefined).toBe(true);
    await client.close();
  });

  it("finishes a call within the grace period", async () => {
    const cli = await startHttpCli(sandbox);
    const { client, call } = await startSlowCall(cli, 1000);

    const status = await cli.stop();
    expect(status.code).toBe(0);

    const outcome = await call;
    expect(outcome.error).toBeUndefined();
    expect(outcome.result?.isError).toBeFalsy();
    await client.close();
  });

  it("fails a call past the grace period", async () => {
    const cli = await startHttpCli(sandbox);
    const { client, call } = await startSlowCall(cli, 20_000);

    const started = Date.now();
    const status = await cli.stop();
    expect(status.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);

    const outcome = await call;
    expect(outcome.result).toBeUndefined();
    expect(outcome.error?.message).toContain("shutting down");
    await client.close();
  });
});
