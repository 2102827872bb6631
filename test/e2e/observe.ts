/**
 * What the end-to-end tests observe besides tool results: the server's JSON log lines on
 * stderr, and a recording proxy between the CLI and the sandbox that counts requests in
 * flight and notices a request whose client closed the connection early.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { CliSession } from "./harness.js";

/** One line the server logged, as pino writes it. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** Parses the server's stderr from `offset` on. Every line must be a JSON log line. */
export function logLines(session: CliSession, offset = 0): LogLine[] {
  return session
    .stderr()
    .slice(offset)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LogLine);
}

/**
 * Waits until a log line after `offset` matches. stderr and stdout are separate pipes, so
 * a line written before the tool result can still arrive after it.
 */
export async function waitForLog(session: CliSession, offset: number, matches: (line: LogLine) => boolean, timeoutMs = 3000): Promise<LogLine> {
  const endsAt = Date.now() + timeoutMs;
  for (;;) {
    const found = logLines(session, offset).find(matches);
    if (found) return found;
    if (Date.now() > endsAt) throw new Error(`no log line matched within ${timeoutMs} ms; stderr since the call:\n${session.stderr().slice(offset)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls `condition` every 20 ms until it holds, failing after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, description: string, timeoutMs = 3000): Promise<void> {
  const endsAt = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > endsAt) throw new Error(`timed out after ${timeoutMs} ms waiting until ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One request as it passed the proxy. Times are epoch milliseconds. */
export interface ProxiedExchange {
  method: string;
  path: string;
  startedAt: number;
  /** Set when the whole response reached the client. */
  finishedAt?: number;
  /** Set when the client closed the connection before the whole response was sent. */
  closedEarlyAt?: number;
  status?: number;
  /** X-Concurrency-Limit-Limit of the sandbox's response. */
  concurrencyLimit?: number;
  /** X-Concurrency-Limit-Running of the sandbox's response: calls in progress there, this one included. */
  sandboxRunning?: number;
}

export interface RecordingProxy {
  /** Base URL to pass to the CLI as --gateway-url. */
  url: string;
  exchanges: ProxiedExchange[];
  /** Requests received whose response has not finished. */
  inFlight(): number;
  /** Highest inFlight() seen since the start or the last reset(). */
  maxInFlight(): number;
  reset(): void;
  /** Sets the sandbox URL that requests are forwarded to. */
  setTarget(url: string): void;
  close(): Promise<void>;
}

/** Headers that describe one connection and must not be forwarded. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"]);

/**
 * Starts an HTTP proxy on 127.0.0.1. A request counts as in flight from its arrival until
 * its response has been sent or its client went away, which spans at least the time the
 * sandbox works on it, so a maximum measured here bounds the sandbox's own.
 */
export async function startRecordingProxy(): Promise<RecordingProxy> {
  let target: URL | undefined;
  let running = 0;
  let maxRunning = 0;
  const exchanges: ProxiedExchange[] = [];
  const upstreamAgent = new Agent({ keepAlive: true });

  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const exchange: ProxiedExchange = { method: incoming.method ?? "GET", path: (incoming.url ?? "/").split("?")[0]!, startedAt: Date.now() };
    exchanges.push(exchange);
    running += 1;
    maxRunning = Math.max(maxRunning, running);

    if (!target) {
      running -= 1;
      outgoing.writeHead(502).end("the recording proxy has no target yet");
      return;
    }

    const headers = forwardableHeaders(incoming.headers);
    headers.host = target.host;
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers, agent: upstreamAgent });

    outgoing.once("close", () => {
      running -= 1;
      if (!outgoing.writableFinished) {
        exchange.closedEarlyAt = Date.now();
        upstream.destroy();
      }
    });
    outgoing.once("finish", () => {
      exchange.finishedAt = Date.now();
    });

    upstream.once("response", (response) => {
      exchange.status = response.statusCode;
      exchange.concurrencyLimit = numberHeader(response.headers["x-concurrency-limit-limit"]);
      exchange.sandboxRunning = numberHeader(response.headers["x-concurrency-limit-running"]);
      outgoing.writeHead(response.statusCode ?? 502, forwardableHeaders(response.headers));
      response.pipe(outgoing);
      // A reset or a cut-short body from the sandbox reaches the client as a closed connection.
      response.once("aborted", () => outgoing.destroy());
      response.once("error", () => outgoing.destroy());
    });
    upstream.once("error", () => outgoing.destroy());
    incoming.pipe(upstream);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    exchanges,
    inFlight: () => running,
    maxInFlight: () => maxRunning,
    reset: () => {
      exchanges.length = 0;
      maxRunning = running;
    },
    setTarget: (value) => {
      target = new URL(value);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstreamAgent.destroy();
    },
  };
}

function forwardableHeaders(headers: IncomingMessage["headers"]): Record<string, string | string[]> {
  const forwarded: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) forwarded[name] = value;
  }
  return forwarded;
}

function numberHeader(value: string | string[] | undefined): number | undefined {
  const number = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(number) ? number : undefined;
}
