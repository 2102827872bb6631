/**
 * The sandbox gateway: an HTTP server on a loopback address that speaks the documented
 * Qualys gateway API. It issues tokens at POST /auth, requires a valid bearer token on
 * every other call, records each request, injects queued faults, adds rate-limit headers
 * to each response, and routes calls to the EASM profile and CSAM asset endpoints.
 *
 * Gateway-level errors (401, unknown path, wrong method, invalid path, internal errors)
 * use the CSAM error envelope `{"responseCode":"UNAUTHORIZED","responseMessage":"…"}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import ipaddr from "ipaddr.js";
import { createAssetRoutes, type AssetPagingFaults } from "./assets/routes.js";
import { TokenIssuer } from "./auth.js";
import { FaultQueue, faultResponse, isReplacingFault, type Fault } from "./faults.js";
import { createProfileRoutes, ProfileStore } from "./profiles.js";
import { RateLimitWindow } from "./rate-limit.js";
import { gatewayError } from "./responses.js";
import { matchRoute } from "./router.js";
import { addStartingProfiles } from "./starting-profiles.js";
import type { SandboxRequest, SandboxResponse, SandboxRoute } from "./types.js";

export interface SandboxOptions {
  /** Address to listen on; default "127.0.0.1". Only loopback addresses are accepted. */
  host?: string;
  /** Port to listen on; default 0, any free port. */
  port?: number;
  /** Username that POST /auth accepts; default "sandbox". */
  username?: string;
  /** Password that POST /auth accepts; default "sandbox-password". */
  password?: string;
  /** Token lifetime in seconds; default 14400 (4 hours, as Qualys issues them). */
  tokenTtlSeconds?: number;
  /** Number of assets in the synthetic CSAM tenant; default 1000. */
  assets?: number;
  /** Seed of the synthetic tenant generator; default "qualys-easm-mcp". */
  seed?: string;
  /** Profiles the subscription may hold; default 3, as on a full CSAM licence (2 on a trial). */
  profileLimit?: number;
  /** Time between discovery status stages, in milliseconds; default 20000. */
  discoveryStepMs?: number;
  /** Clock in epoch milliseconds; default Date.now. Token expiry and discovery stages follow it. */
  now?: () => number;
  /** Start with a realistic tenant of two profiles; default true. */
  seedProfiles?: boolean;
  /** Faults queued before the first request, for example from parseFaultSpec(). */
  faults?: Fault[];
  /** Paging faults of the asset endpoints: a page with hasMore and no assets, or a cursor that stops advancing. */
  assetPagingFaults?: AssetPagingFaults;
  /** Receives start, stop and internal-error messages; pino's logger fits. Default: no logging. */
  logger?: SandboxLogger;
}

/** The subset of a structured logger (such as pino) that the sandbox uses. */
export interface SandboxLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A request as received, recorded before it is handled. */
export interface RecordedRequest {
  method: string;
  /** Path as received, still percent-encoded, without the query string. */
  path: string;
  /** Query parameters, decoded. For a repeated name the first value is kept. */
  query: Record<string, string>;
  /** Headers with lower-case names; repeated headers are joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export interface SandboxGateway {
  /** Base URL, for example "http://127.0.0.1:43123". */
  url: string;
  port: number;
  /** Every request received, POST /auth and rejected requests included, in order of arrival. */
  requests: RecordedRequest[];
  clearRequests(): void;
  /** Queues a fault. Throws an Error when the fault is invalid. */
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Makes every token issued so far get 401 as expired. */
  expireTokens(): void;
  /** Number of POST /auth calls received. */
  authCalls(): number;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

/** Credentials POST /auth accepts unless the options set others. They protect nothing: the sandbox serves synthetic data on loopback only. */
export const SANDBOX_USERNAME = "sandbox";
export const SANDBOX_PASSWORD = "sandbox-password";

/** Largest request body read, in bytes; larger bodies get 413. */
const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;

type ResolvedOptions = Required<Omit<SandboxOptions, "faults" | "logger" | "assetPagingFaults">>;

/** Starts the sandbox gateway and resolves once it listens. Throws an Error for an invalid option. */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxGateway> {
  const config = resolveOptions(options);
  const logger = options.logger;

  const tokens = new TokenIssuer({ username: config.username, password: config.password, ttlSeconds: config.tokenTtlSeconds, now: config.now });
  const faults = new FaultQueue();
  for (const fault of options.faults ?? []) faults.add(fault);

  const profileOptions = { profileLimit: config.profileLimit, discoveryStepMs: config.discoveryStepMs, now: config.now };
  const store = new ProfileStore(profileOptions);
  if (config.seedProfiles) addStartingProfiles(store, config.now(), config.discoveryStepMs);
  const routes = [...createProfileRoutes(store, profileOptions), ...createAssetRoutes({ assets: config.assets, seed: config.seed, faults: options.assetPagingFaults })];

  const handler = new RequestHandler({ tokens, faults, routes, now: config.now, logger });
  const server = createServer((incoming, outgoing) => {
    handler.handle(incoming, outgoing).catch((error: unknown) => {
      logger?.error({ err: error, method: incoming.method, url: incoming.url }, "sandbox request failed");
      outgoing.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const hostInUrl = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${hostInUrl}:${port}`;
  logger?.info({ url, assets: config.assets, profileLimit: config.profileLimit }, "sandbox gateway started");

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      handler.abortPending();
      server.close((error) => {
        if (error) {
          reject(error);
          return;
        }
        logger?.info({ url }, "sandbox gateway stopped");
        resolve();
      });
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url,
    port,
    requests: handler.requests,
    clearRequests: () => {
      handler.requests.length = 0;
    },
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    expireTokens: () => tokens.expireAll(),
    authCalls: () => handler.authCalls,
    close,
  };
}

interface RequestHandlerParts {
  tokens: TokenIssuer;
  faults: FaultQueue;
  routes: SandboxRoute[];
  now: () => number;
  logger?: SandboxLogger;
}

/** Handles each HTTP request: records it, applies a queued fault, checks the token and routes it. */
class RequestHandler {
  readonly requests: RecordedRequest[] = [];
  /** Number of POST /auth calls received. */
  authCalls = 0;
  /** Requests received whose response has not finished. */
  private running = 0;
  /** Aborted by abortPending(), so pending `delay` faults stop waiting. */
  private readonly shutdown = new AbortController();
  private readonly rateLimit: RateLimitWindow;
  private readonly parts: RequestHandlerParts;

  constructor(parts: RequestHandlerParts) {
    this.parts = parts;
    this.rateLimit = new RateLimitWindow(parts.now);
  }

  abortPending(): void {
    this.shutdown.abort();
  }

  async handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    this.running += 1;
    outgoing.once("close", () => {
      this.running -= 1;
    });

    const method = incoming.method ?? "GET";
    const { rawPath, queryString } = splitRequestTarget(incoming.url ?? "/");
    const query = new URLSearchParams(queryString);
    const body = await readBody(incoming);
    this.requests.push({ method, path: rawPath, query: firstValues(query), headers: flattenHeaders(incoming.headers), body: body.text });

    // The gateway does not count /auth against the rate limit.
    if (rawPath === "/auth") {
      if (method === "POST") this.authCalls += 1;
    } else {
      this.rateLimit.countCall();
    }

    if (body.status === "aborted") return;
    if (body.status === "too_large") {
      const tooLarge = gatewayError(413, "PAYLOAD_TOO_LARGE", `The request body exceeds ${MAX_REQUEST_BODY_BYTES} bytes.`, { Connection: "close" });
      send(outgoing, tooLarge, this.rateLimit.headers(this.running));
      return;
    }

    const decodedPath = decodePath(rawPath);
    const fault = this.parts.faults.take(rawPath, decodedPath ?? rawPath);
    if (fault?.kind === "reset") {
      incoming.socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === "delay") {
      try {
        await sleep(fault.ms, undefined, { signal: this.shutdown.signal });
      } catch {
        return;
      }
    }

    let response: SandboxResponse;
    if (fault && isReplacingFault(fault)) {
      response = faultResponse(fault, this.parts.now());
    } else if (decodedPath === undefined) {
      response = gatewayError(400, "BAD_REQUEST", `The request path ${rawPath} contains invalid percent-encoding.`);
    } else {
      response = await this.respond({ method, rawPath, path: decodedPath, query, headers: incoming.headers, bodyText: body.text });
    }

    if (outgoing.destroyed) return;
    if (fault?.kind === "truncated") sendTruncated(outgoing, response, this.rateLimit.headers(this.running));
    else send(outgoing, response, this.rateLimit.headers(this.running));
  }

  /** Returns the response to a request that no fault replaced: /auth, or a routed call with a valid token. */
  private async respond(request: SandboxRequest): Promise<SandboxResponse> {
    const { tokens, routes, logger } = this.parts;
    if (request.path === "/auth") {
      if (request.method === "POST") return tokens.authenticate(request);
      return gatewayError(405, "METHOD_NOT_ALLOWED", `${request.method} is not allowed on /auth; use POST.`, { Allow: "POST" });
    }

    const tokenCheck = await tokens.verify(request.headers.authorization);
    if (!tokenCheck.valid) return gatewayError(401, "UNAUTHORIZED", tokenCheck.message);

    const match = matchRoute(routes, request.method, request.path);
    if (match.kind === "not_found") {
      return gatewayError(404, "NOT_FOUND", `No API operation exists at ${request.method} ${request.rawPath}.`);
    }
    if (match.kind === "method_not_allowed") {
      const allowed = match.allowedMethods.join(", ");
      return gatewayError(405, "METHOD_NOT_ALLOWED", `${request.method} is not allowed on ${request.rawPath}; use ${allowed}.`, { Allow: allowed });
    }

    try {
      return await match.route.handler(request);
    } catch (error) {
      logger?.error({ err: error, method: request.method, path: request.rawPath }, "sandbox route failed");
      return gatewayError(500, "FAILED", `The sandbox failed to handle ${request.method} ${request.rawPath}: ${(error as Error).message}`);
    }
  }
}

function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const config: ResolvedOptions = {
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    username: options.username ?? SANDBOX_USERNAME,
    password: options.password ?? SANDBOX_PASSWORD,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 14_400,
    assets: options.assets ?? 1000,
    seed: options.seed ?? "qualys-easm-mcp",
    profileLimit: options.profileLimit ?? 3,
    discoveryStepMs: options.discoveryStepMs ?? 20_000,
    now: options.now ?? Date.now,
    seedProfiles: options.seedProfiles ?? true,
  };

  if (!isLoopbackAddress(config.host)) {
    throw new Error(`Invalid sandbox host ${JSON.stringify(config.host)}: the sandbox listens on loopback addresses only, such as 127.0.0.1 or ::1.`);
  }
  requireInteger("port", config.port, 0, 65_535);
  requireInteger("tokenTtlSeconds", config.tokenTtlSeconds, 1);
  requireInteger("assets", config.assets, 0);
  requireInteger("profileLimit", config.profileLimit, 0);
  if (!(Number.isFinite(config.discoveryStepMs) && config.discoveryStepMs > 0)) {
    throw new Error(`Invalid sandbox option discoveryStepMs: ${config.discoveryStepMs}; use a positive number of milliseconds.`);
  }
  if (config.username === "" || config.password === "") {
    throw new Error("Invalid sandbox credentials: username and password must not be empty.");
  }
  return config;
}

function requireInteger(name: string, value: number, minimum: number, maximum = Number.MAX_SAFE_INTEGER): void {
  if (!(Number.isInteger(value) && value >= minimum && value <= maximum)) {
    throw new Error(`Invalid sandbox option ${name}: ${value}; use a whole number from ${minimum} to ${maximum}.`);
  }
}

/** True for an IPv4 address in 127.0.0.0/8 or the IPv6 address ::1. */
function isLoopbackAddress(host: string): boolean {
  const isAddress = ipaddr.IPv4.isValidFourPartDecimal(host) || ipaddr.IPv6.isValid(host);
  return isAddress && ipaddr.parse(host).range() === "loopback";
}

/** Splits a request target into its percent-encoded path and its query string (without "?"). */
function splitRequestTarget(target: string): { rawPath: string; queryString: string } {
  // An absolute-form target ("http://host/path") names the origin first; keep the path only.
  const originForm = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "") || "/";
  const withoutFragment = originForm.split("#", 1)[0]!;
  const queryStart = withoutFragment.indexOf("?");
  if (queryStart === -1) return { rawPath: withoutFragment, queryString: "" };
  return { rawPath: withoutFragment.slice(0, queryStart), queryString: withoutFragment.slice(queryStart + 1) };
}

/** Decodes each path segment; returns undefined when a segment has invalid percent-encoding. */
function decodePath(rawPath: string): string | undefined {
  try {
    return rawPath.split("/").map(decodeURIComponent).join("/");
  } catch {
    return undefined;
  }
}

function firstValues(query: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of query) {
    if (!(name in values)) values[name] = value;
  }
  return values;
}

function flattenHeaders(headers: IncomingMessage["headers"]): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

type ReadBody = { status: "complete" | "too_large" | "aborted"; text: string };

/**
 * Reads the request body as UTF-8. A body over MAX_REQUEST_BODY_BYTES is read no further
 * and its text is empty; a request whose client went away is "aborted".
 */
function readBody(incoming: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BODY_BYTES) {
        incoming.removeAllListeners("data");
        incoming.resume();
        resolve({ status: "too_large", text: "" });
        return;
      }
      chunks.push(chunk);
    });
    incoming.once("end", () => resolve({ status: "complete", text: Buffer.concat(chunks).toString("utf8") }));
    incoming.once("error", () => resolve({ status: "aborted", text: Buffer.concat(chunks).toString("utf8") }));
  });
}

interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Serializes a route's response. A string body is sent as is, anything else as JSON. */
function toWire(response: SandboxResponse, rateLimitHeaders: Record<string, string>): WireResponse {
  const headers: Record<string, string> = { ...rateLimitHeaders, ...response.headers };
  const noBody = response.status === 204 || response.status === 304 || response.body === undefined;
  if (noBody) return { status: response.status, headers, body: Buffer.alloc(0) };

  const isText = typeof response.body === "string";
  const text = isText ? (response.body as string) : JSON.stringify(response.body);
  headers["Content-Type"] = response.contentType ?? (isText ? "text/plain; charset=utf-8" : "application/json");
  return { status: response.status, headers, body: Buffer.from(text, "utf8") };
}

function send(outgoing: ServerResponse, response: SandboxResponse, rateLimitHeaders: Record<string, string>): void {
  const wire = toWire(response, rateLimitHeaders);
  outgoing.writeHead(wire.status, { ...wire.headers, "Content-Length": String(wire.body.length) });
  outgoing.end(wire.body);
}

/** Sends the headers and the first half of the body, then closes the connection before the rest. */
function sendTruncated(outgoing: ServerResponse, response: SandboxResponse, rateLimitHeaders: Record<string, string>): void {
  const wire = toWire(response, rateLimitHeaders);
  outgoing.writeHead(wire.status, { ...wire.headers, "Content-Length": String(wire.body.length) });
  const cut = Math.floor(wire.body.length / 2);
  outgoing.write(wire.body.subarray(0, cut), () => outgoing.destroy());
}
