/**
 * MCP over Streamable HTTP at /mcp: one McpServer and transport per client session, a
 * bearer token when MCP_HTTP_TOKEN is set, Host/Origin checks against DNS rebinding,
 * idle-session expiry, and a shutdown that lets in-flight requests finish first.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { isInitializeRequest, isJSONRPCRequest } from "@modelcontextprotocol/sdk/types.js";
import { ConfigError, isLoopbackHost, type Config } from "../config.js";
import { buildServer, type ServerDependencies } from "../server.js";
import {
  BodyParseError,
  BodyTooLargeError,
  createHostCheck,
  hasBearerToken,
  isAllowedOrigin,
  readJsonBody,
  sendJsonRpcError,
  tokenDigest,
} from "./http-request.js";
import { HttpSession } from "./http-session.js";

/** Maximum number of open sessions. A client beyond it gets 503 until another session closes or expires. */
export const MAX_HTTP_SESSIONS = 100;

/** Maximum request body size in bytes. A larger body gets 413. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * A session with no open HTTP response for this long is closed. Clients that keep the
 * standalone GET stream open (the SDK's client does) never expire while connected.
 */
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60_000;

/**
 * How long shutdown waits for in-flight requests before it sends them an error response.
 * It stays below the CLI's 5-second hard exit so the error responses still go out.
 */
export const SHUTDOWN_GRACE_MS = 3000;

const SHUTDOWN_MESSAGE = "The server is shutting down, so the request was cancelled before it finished. Retry once the server is back.";

/** Limits of the HTTP transport. Tests lower them and the CLI uses the defaults. */
export interface HttpServerOptions {
  maxSessions?: number;
  maxBodyBytes?: number;
  sessionIdleTimeoutMs?: number;
  shutdownGraceMs?: number;
}

export interface HttpServerHandle {
  url: string;
  /** Number of open sessions. */
  sessionCount: () => number;
  /** Stops taking requests, waits up to the grace period for in-flight requests, then closes everything. */
  close: () => Promise<void>;
}

/**
 * Rejects a bind to a non-loopback address without MCP_HTTP_TOKEN, because anyone who can
 * reach the port could then use the Qualys account. Throws a ConfigError.
 */
export function checkHttpBind(config: Pick<Config, "host" | "httpToken">): void {
  if (!isLoopbackHost(config.host) && !config.httpToken) {
    throw new ConfigError(
      `--host ${config.host}: binding the HTTP transport to a non-loopback address needs MCP_HTTP_TOKEN, because anyone who can reach the port could use the Qualys account. Set MCP_HTTP_TOKEN to a long random value, or bind 127.0.0.1.`,
    );
  }
}

/** Starts the HTTP transport and returns the function that stops it. */
export async function serveHttp(dependencies: ServerDependencies): Promise<() => Promise<void>> {
  const handle = await startHttpServer(dependencies);
  return handle.close;
}

/** Starts the HTTP transport. Tests call it directly to read its URL and set its limits. */
export async function startHttpServer(dependencies: ServerDependencies, options: HttpServerOptions = {}): Promise<HttpServerHandle> {
  const { config, logger } = dependencies;
  checkHttpBind(config);
  const maxSessions = options.maxSessions ?? MAX_HTTP_SESSIONS;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const idleTimeoutMs = options.sessionIdleTimeoutMs ?? SESSION_IDLE_TIMEOUT_MS;
  const shutdownGraceMs = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;

  const sessions = new Map<string, HttpSession>();
  /** Sessions created for an initialize request whose response is not sent yet. They count against the cap. */
  let openingSessions = 0;
  let draining = false;
  const expectedToken = config.httpToken ? tokenDigest(config.httpToken) : undefined;
  let isAllowedHost: (hostHeader: string | undefined) => boolean = () => false;

  const sessionEvents = {
    onOpen: (session: HttpSession) => {
      sessions.set(session.id!, session);
      logger.info({ session: session.id, sessions: sessions.size }, "HTTP session opened");
    },
    onClose: (session: HttpSession) => {
      if (sessions.delete(session.id!)) logger.info({ session: session.id, sessions: sessions.size }, "HTTP session closed");
    },
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => respondToFailure(request, response, error));
  });

  function respondToFailure(request: IncomingMessage, response: ServerResponse, error: unknown): void {
    if (response.headersSent || response.destroyed) {
      logger.warn({ err: errorText(error), method: request.method }, "HTTP request failed after its response started");
      response.end();
      return;
    }
    if (error instanceof BodyTooLargeError) {
      logger.warn({ maxBytes: error.maxBytes, contentLength: request.headers["content-length"] }, "rejected an HTTP request body over the size limit");
      return sendJsonRpcError(response, 413, -32000, error.message);
    }
    if (error instanceof BodyParseError) return sendJsonRpcError(response, 400, -32700, error.message);
    if (request.destroyed) {
      logger.debug({ err: errorText(error), method: request.method }, "HTTP client disconnected before its request was handled");
      return;
    }
    logger.error({ err: errorText(error), method: request.method }, "HTTP request failed");
    sendJsonRpcError(response, 500, -32603, "Internal server error");
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://placeholder");
    if (!isAllowedHost(request.headers.host)) {
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
    if (expectedToken && !hasBearerToken(request, expectedToken)) {
      logger.warn({ remoteAddress: request.socket.remoteAddress }, "rejected an HTTP request with a missing or wrong MCP_HTTP_TOKEN");
      response.setHeader("www-authenticate", 'Bearer realm="qualys-easm-mcp"');
      return sendJsonRpcError(response, 401, -32001, "Unauthorized: send Authorization: Bearer <MCP_HTTP_TOKEN>");
    }
    const method = request.method ?? "";
    if (method !== "GET" && method !== "POST" && method !== "DELETE") {
      return sendJsonRpcError(response, 405, -32000, `Method not allowed: ${method} /mcp. Use POST, GET or DELETE.`, { allow: "GET, POST, DELETE" });
    }

    const body = method === "POST" ? await readJsonBody(request, maxBodyBytes) : undefined;
    // While draining, responses and notifications still go through, because an elicitation
    // result or a cancellation can let an in-flight request finish. No new work starts.
    if (draining && (method === "GET" || carriesRequest(body))) {
      return sendJsonRpcError(response, 503, -32000, "Service unavailable: the server is shutting down", { connection: "close" });
    }

    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (!session) return sendJsonRpcError(response, 404, -32001, "Session not found: start a new session with initialize");
      await session.handle(request, response, body);
      return;
    }

    if (method !== "POST") {
      return sendJsonRpcError(response, 400, -32000, "Bad request: send initialize first, without an mcp-session-id header");
    }
    if (!isInitializeRequest(body)) {
      return sendJsonRpcError(response, 400, -32000, "Bad request: the first request of a session must be initialize");
    }
    if (sessions.size + openingSessions >= maxSessions) await expireIdleSessions();
    if (sessions.size + openingSessions >= maxSessions) {
      logger.warn({ sessions: sessions.size, maxSessions }, "rejected a new HTTP session because the session limit is reached");
      return sendJsonRpcError(response, 503, -32000, `Too many sessions: at most ${maxSessions} may be open. Close a session or retry later.`, {
        "retry-after": "60",
      });
    }

    openingSessions += 1;
    try {
      const session = await HttpSession.create(buildServer(dependencies), sessionEvents);
      await session.handle(request, response, body);
      // The transport rejected the initialize request (a wrong Accept header, for example).
      if (session.id === undefined) await session.close("initialize was rejected");
    } finally {
      openingSessions -= 1;
    }
  }

  async function expireIdleSessions(): Promise<void> {
    for (const session of [...sessions.values()]) {
      if (!session.isIdle(idleTimeoutMs)) continue;
      logger.info({ session: session.id, idleTimeoutMs }, "closing an idle HTTP session");
      await session.close("the session expired").catch((error: unknown) => {
        logger.warn({ session: session.id, err: errorText(error) }, "closing an idle HTTP session failed");
      });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  isAllowedHost = createHostCheck(config.host, port);
  const shownHost = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}/mcp`;
  logger.info({ url, tokenRequired: expectedToken !== undefined, maxSessions, idleTimeoutMs }, "HTTP transport listening");

  const sweepTimer = setInterval(() => void expireIdleSessions(), Math.max(50, Math.min(idleTimeoutMs / 2, 60_000)));
  sweepTimer.unref();

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    draining = true;
    clearInterval(sweepTimer);
    // server.close() stops accepting connections, and its callback runs once the last connection has ended.
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));

    const deadline = Date.now() + shutdownGraceMs;
    let pending = countPendingRequests();
    if (pending > 0) logger.info({ pendingRequests: pending, graceMs: shutdownGraceMs }, "waiting for in-flight MCP requests before shutdown");
    while (pending > 0 && Date.now() < deadline) {
      await sleep(25);
      pending = countPendingRequests();
    }
    if (pending > 0) logger.warn({ pendingRequests: pending }, "cancelling in-flight MCP requests at shutdown");

    for (const session of [...sessions.values()]) {
      await session.close(SHUTDOWN_MESSAGE).catch((error: unknown) => logger.warn({ session: session.id, err: errorText(error) }, "closing an HTTP session failed"));
    }
    sessions.clear();
    server.closeAllConnections();
    await serverClosed;
    logger.info({ url }, "HTTP transport stopped");
  }

  function countPendingRequests(): number {
    let count = 0;
    for (const session of sessions.values()) count += session.pendingRequestCount;
    return count;
  }

  return {
    url,
    sessionCount: () => sessions.size,
    close: () => (closing ??= close()),
  };
}

/** True when a parsed POST body is, or contains, a JSON-RPC request (as opposed to responses and notifications). */
function carriesRequest(body: unknown): boolean {
  return Array.isArray(body) ? body.some((message) => isJSONRPCRequest(message)) : isJSONRPCRequest(body);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
