/**
 * MCP over Streamable HTTP at /mcp: one McpServer and transport per client session, a
 * bearer token when MCP_HTTP_TOKEN is set, and Host/Origin checks against DNS rebinding.
 */
import { randomUUID, timingSafeEqual, createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { ConfigError, isLoopbackHost } from "../config.js";
import { buildServer, type ServerDependencies } from "../server.js";

/** Sessions kept open at once; a client beyond this gets 503 until another session closes. */
export const MAX_HTTP_SESSIONS = 100;

/** Largest request body accepted, in bytes. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface HttpServerHandle {
  url: string;
  close: () => Promise<void>;
}

/** Starts the HTTP transport and returns the function that stops it. */
export async function serveHttp(dependencies: ServerDependencies): Promise<() => Promise<void>> {
  const handle = await startHttpServer(dependencies);
  return handle.close;
}

/** Starts the HTTP transport; exported with its URL for tests. */
export async function startHttpServer(dependencies: ServerDependencies): Promise<HttpServerHandle> {
  const { config, logger } = dependencies;
  if (!isLoopbackHost(config.host) && !config.httpToken) {
    throw new ConfigError(
      `--host ${config.host}: binding the HTTP transport to a non-loopback address needs MCP_HTTP_TOKEN, because anyone who can reach the port could use the Qualys account. Set MCP_HTTP_TOKEN to a long random value, or bind 127.0.0.1.`,
    );
  }

  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; close: () => Promise<void> }>();
  const expectedToken = config.httpToken ? createHash("sha256").update(config.httpToken).digest() : undefined;
  let allowedHosts = new Set<string>();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof BodyError && !response.headersSent) return sendJsonRpcError(response, 400, -32700, error.message);
      logger.error({ err: error instanceof Error ? error.message : String(error) }, "HTTP request failed");
      if (!response.headersSent) sendJsonRpcError(response, 500, -32603, "Internal server error");
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://placeholder");
    if (!allowedHosts.has((request.headers.host ?? "").toLowerCase())) {
      logger.warn({ host: request.headers.host }, "rejected an HTTP request with a foreign Host header");
      return sendJsonRpcError(response, 403, -32000, "Forbidden: the Host header does not name this server");
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, config.host)) {
      logger.warn({ origin }, "rejected an HTTP request from a foreign Origin");
      return sendJsonRpcError(response, 403, -32000, "Forbidden: requests from this Origin are not allowed");
    }
    if (url.pathname !== "/mcp") {
      return sendJsonRpcError(response, 404, -32000, "Not found: the MCP endpoint is /mcp");
    }
    if (expectedToken && !hasToken(request, expectedToken)) {
      response.setHeader("www-authenticate", 'Bearer realm="qualys-easm-mcp"');
      return sendJsonRpcError(response, 401, -32001, "Unauthorized: send Authorization: Bearer <MCP_HTTP_TOKEN>");
    }

    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (!session) return sendJsonRpcError(response, 404, -32001, "Session not found: start a new session with initialize");
      const body = request.method === "POST" ? await readJsonBody(request) : undefined;
      await session.transport.handleRequest(request, response, body);
      return;
    }

    if (request.method !== "POST") {
      return sendJsonRpcError(response, 400, -32000, "Bad request: send initialize first, without an mcp-session-id header");
    }
    const body = await readJsonBody(request);
    if (!isInitializeRequest(body)) {
      return sendJsonRpcError(response, 400, -32000, "Bad request: the first request of a session must be initialize");
    }
    if (sessions.size >= MAX_HTTP_SESSIONS) {
      return sendJsonRpcError(response, 503, -32000, `Too many sessions: at most ${MAX_HTTP_SESSIONS} may be open; close one and retry`);
    }

    const mcpServer = buildServer(dependencies);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, close: () => mcpServer.close() });
        logger.info({ session: id, sessions: sessions.size }, "HTTP session opened");
      },
    });
    transport.onclose = () => {
      const id = transport.sessionId;
      if (id !== undefined && sessions.delete(id)) logger.info({ session: id, sessions: sessions.size }, "HTTP session closed");
    };
    await mcpServer.connect(transport);
    await transport.handleRequest(request, response, body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = hostHeadersFor(config.host, port);
  const shownHost = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}/mcp`;
  logger.info({ url, token: expectedToken ? "required" : "none" }, "HTTP transport listening");

  return {
    url,
    close: async () => {
      for (const session of [...sessions.values()]) await session.close().catch(() => undefined);
      sessions.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Host header values that name this server: the bind address, and the loopback names when bound to loopback. */
function hostHeadersFor(host: string, port: number): Set<string> {
  const names = new Set<string>([host.toLowerCase()]);
  if (isLoopbackHost(host)) ["127.0.0.1", "localhost", "[::1]"].forEach((name) => names.add(name));
  if (host.includes(":") && !host.startsWith("[")) names.add(`[${host.toLowerCase()}]`);
  const result = new Set<string>();
  for (const name of names) {
    result.add(`${name}:${port}`);
    if (port === 80) result.add(name);
  }
  return result;
}

/** Browsers send Origin; only pages served from loopback or from the bind host may call. */
function isAllowedOrigin(origin: string, bindHost: string): boolean {
  try {
    const { hostname } = new URL(origin);
    return isLoopbackHost(hostname) || hostname.toLowerCase() === bindHost.toLowerCase();
  } catch {
    return false;
  }
}

/** Compares the bearer token in constant time (both sides hashed to the same length first). */
function hasToken(request: IncomingMessage, expected: Buffer): boolean {
  const header = request.headers.authorization ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) return false;
  const given = createHash("sha256").update(match[1]!.trim()).digest();
  return timingSafeEqual(given, expected);
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    total += (chunk as Buffer).length;
    if (total > MAX_BODY_BYTES) throw new BodyError(`Request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError("Parse error: the request body is not valid JSON");
  }
}

class BodyError extends Error {}

function sendJsonRpcError(response: ServerResponse, status: number, code: number, message: string): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}
