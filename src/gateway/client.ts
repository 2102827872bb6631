/**
 * The one client for every gateway call: undici with a keep-alive pool, the JWT session,
 * a deadline per call, retries for idempotent calls, a concurrency limit that follows the
 * gateway's headers, a response-size cap, and the mapping of failures to GatewayError.
 */
import { Agent, request as undiciRequest, type Dispatcher } from "undici";
import type { Logger } from "../logger.js";
import type { SecretRegistry } from "../secrets.js";
import { GatewayError } from "./errors.js";
import { describeHttpFailure, parseJsonBody, readEnvelope } from "./failures.js";
import {
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  CONNECT_TIMEOUT_MS,
  DEFAULT_CONCURRENCY_LIMIT,
  MAX_ATTEMPTS,
  MAX_RESPONSE_BYTES,
} from "./limits.js";
import { renderQuery, type PreparedRequest, type SendOptions } from "./request.js";
import { Semaphore } from "./semaphore.js";
import { TokenSession } from "./session.js";

export interface GatewayClientOptions {
  /** Gateway base URL without a trailing slash. */
  baseUrl: string;
  username: string;
  password: string;
  /** Deadline for one call, retries and waits included. */
  timeoutMs: number;
  logger: Logger;
  secrets: SecretRegistry;
  maxResponseBytes?: number;
  /** Replaces the clock and the sleep between retries, for tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  userAgent?: string;
}

export interface GatewayResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Network error codes after which an idempotent request may be sent again. */
const RETRYABLE_NETWORK_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNREFUSED", "UND_ERR_CLOSED"]);

export class GatewayClient {
  private readonly agent: Agent;
  private readonly session: TokenSession;
  private readonly concurrency = new Semaphore(DEFAULT_CONCURRENCY_LIMIT);
  private readonly maxResponseBytes: number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly options: GatewayClientOptions) {
    this.agent = new Agent({
      connections: 16,
      keepAliveTimeout: 30_000,
      connect: { timeout: CONNECT_TIMEOUT_MS },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    this.sleep = options.sleep ?? sleepWithSignal;
    options.secrets.add(options.password);
    this.session = new TokenSession({
      fetchToken: (signal) => this.fetchToken(signal),
      logger: options.logger,
      secrets: options.secrets,
    });
  }

  /** The base URL this client sends to. */
  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** Current concurrency limit, as last reported by the gateway. */
  get concurrencyLimit(): number {
    return this.concurrency.currentLimit;
  }

  /**
   * Sends a request with the session's token and returns the 2xx response. Every other
   * outcome becomes a GatewayError.
   */
  async send(prepared: PreparedRequest, options: SendOptions): Promise<GatewayResponse> {
    const deadline = Date.now() + this.options.timeoutMs;
    const callSignal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(this.options.timeoutMs)]) : AbortSignal.timeout(this.options.timeoutMs);
    let refreshedAfter401 = false;

    for (let attempt = 0; ; attempt++) {
      const token = await this.session.token(callSignal).catch((error: unknown) => {
        throw this.mapAbort(error, options, callSignal);
      });

      let response: GatewayResponse;
      try {
        response = await this.exchange(prepared, { authorization: `Bearer ${token}` }, callSignal);
      } catch (error) {
        if (error instanceof GatewayError) throw error;
        const code = networkCode(error);
        if (options.idempotent && code !== undefined && RETRYABLE_NETWORK_CODES.has(code) && attempt + 1 < MAX_ATTEMPTS) {
          await this.backoff(options, attempt, undefined, deadline, callSignal, `connection failed (${code})`);
          continue;
        }
        throw this.mapNetworkError(error, options, callSignal);
      }

      if (response.status >= 200 && response.status < 300) {
        checkEnvelope(response, options.operation);
        return response;
      }

      if (response.status === 401 && !refreshedAfter401) {
        // The gateway rejected the token, so nothing was processed: a fresh token and one resend are safe for any call.
        refreshedAfter401 = true;
        this.session.invalidate(token);
        this.options.logger.info({ operation: options.operation }, "token rejected with 401; fetching a new one and retrying once");
        continue;
      }

      const waitSeconds = rateLimitWait(response.headers);
      const rateLimited = response.status === 429 || (response.status === 409 && waitSeconds !== undefined);
      if (options.idempotent && (rateLimited || response.status === 503) && attempt + 1 < MAX_ATTEMPTS) {
        await this.backoff(options, attempt, waitSeconds, deadline, callSignal, `HTTP ${response.status}`);
        continue;
      }

      const failure = describeHttpFailure(options.operation, response, waitSeconds, options.idempotent);
      this.options.logger.warn(
        { operation: options.operation, status: response.status, responseCode: failure.details.responseCode, kind: failure.kind },
        "gateway call failed",
      );
      throw failure;
    }
  }

  /** Sends a request and parses its JSON body; a 204 gives `undefined`. */
  async sendJson(prepared: PreparedRequest, options: SendOptions): Promise<{ status: number; body: unknown }> {
    const response = await this.send(prepared, options);
    if (response.status === 204 || response.text.trim() === "") return { status: response.status, body: undefined };
    return { status: response.status, body: parseJsonBody(options.operation, response) };
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private async fetchToken(signal: AbortSignal): Promise<string> {
    const form = new URLSearchParams({ username: this.options.username, password: this.options.password, token: "true" }).toString();
    const response = await this.exchange(
      { method: "POST", path: "/auth", query: {}, body: { contentType: "application/x-www-form-urlencoded", text: form } },
      {},
      signal,
    ).catch((error: unknown) => {
      if (error instanceof GatewayError) throw error;
      throw this.mapNetworkError(error, { operation: "authentication (POST /auth)", idempotent: false }, signal);
    });
    if (response.status === 401 || response.status === 403) {
      throw new GatewayError(
        "authentication",
        `Authentication failed: POST /auth returned HTTP ${response.status}. Check QUALYS_USERNAME and QUALYS_PASSWORD, and that the user has API access, then restart the server.`,
        { operation: "authentication", status: response.status },
      );
    }
    if (response.status !== 201 && response.status !== 200) {
      throw describeHttpFailure("authentication (POST /auth)", response, rateLimitWait(response.headers), false);
    }
    const token = response.text.trim();
    if (token === "" || /\s/.test(token) || token.startsWith("<") || token.startsWith("{")) {
      throw new GatewayError(
        "upstream",
        `Authentication failed: POST /auth returned HTTP ${response.status} without a token in its body. Check that QUALYS_GATEWAY_URL or QUALYS_PLATFORM points at the API gateway, not the web UI.`,
        { operation: "authentication", status: response.status },
      );
    }
    return token;
  }

  /** One HTTP exchange: waits for a concurrency slot, sends, reads the body within the size cap. */
  private async exchange(prepared: PreparedRequest, extraHeaders: Record<string, string>, signal: AbortSignal): Promise<GatewayResponse> {
    const release = await this.concurrency.acquire(signal);
    try {
      const headers: Record<string, string> = {
        accept: "application/json",
        "user-agent": this.options.userAgent ?? "qualys-easm-mcp",
        ...extraHeaders,
      };
      if (prepared.body) headers["content-type"] = prepared.body.contentType;
      const url = this.options.baseUrl + prepared.path + renderQuery(prepared.query);
      this.options.logger.debug({ method: prepared.method, path: prepared.path }, "gateway request");

      const response = await undiciRequest(url, {
        method: prepared.method,
        headers,
        body: prepared.body?.text,
        dispatcher: this.agent as Dispatcher,
        signal,
      });
      const responseHeaders = flattenHeaders(response.headers);
      const limit = Number(responseHeaders["x-concurrency-limit-limit"]);
      if (Number.isInteger(limit) && limit > 0 && limit !== this.concurrency.currentLimit) {
        this.concurrency.setLimit(limit);
      }
      const text = await readCapped(response.body, this.maxResponseBytes, prepared);
      return { status: response.statusCode, headers: responseHeaders, text };
    } finally {
      release();
    }
  }

  private async backoff(
    options: SendOptions,
    attempt: number,
    waitSeconds: number | undefined,
    deadline: number,
    signal: AbortSignal,
    reason: string,
  ): Promise<void> {
    const exponential = Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_MAX_MS);
    const delay = waitSeconds !== undefined ? waitSeconds * 1000 + Math.random() * 250 : Math.random() * exponential;
    const remaining = deadline - Date.now();
    if (delay >= remaining) {
      const retryAt = Math.ceil(delay / 1000);
      throw new GatewayError(
        "rate_limited",
        `${options.operation} failed: the gateway is busy (${reason}) and asked to wait ${retryAt} s, longer than the ${Math.round(remaining / 1000)} s left of this call. Try again in ${retryAt} s${
          waitSeconds === undefined ? "" : ", or raise QUALYS_TIMEOUT_MS"
        }.`,
        { operation: options.operation, retryAfterSeconds: retryAt },
      );
    }
    this.options.logger.warn({ operation: options.operation, attempt: attempt + 1, waitMs: Math.round(delay), reason }, "retrying gateway call");
    await this.sleep(delay, signal).catch((error: unknown) => {
      throw this.mapAbort(error, options, signal);
    });
  }

  private mapNetworkError(error: unknown, options: SendOptions, signal: AbortSignal): GatewayError {
    if (signal.aborted) return this.mapAbort(error, options, signal);
    const code = networkCode(error) ?? "unknown";
    const reachedGateway = !["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"].includes(code);
    const message =
      `${options.operation} failed: the connection to the gateway failed (${code}). ` +
      (reachedGateway && !options.idempotent
        ? "The request may have reached the gateway, so it was not sent again: check the current state (for example with a get or list tool) before retrying."
        : "Check the network path to the gateway and try again.");
    this.options.logger.warn({ operation: options.operation, code }, "gateway connection failed");
    return new GatewayError(code.includes("TIMEOUT") ? "timeout" : "upstream", message, { operation: options.operation }, { cause: error });
  }

  private mapAbort(error: unknown, options: SendOptions, signal: AbortSignal): GatewayError {
    if (error instanceof GatewayError) return error;
    if (options.signal?.aborted) {
      return new GatewayError("cancelled", `${options.operation} was cancelled by the client.`, { operation: options.operation }, { cause: error });
    }
    if (signal.aborted) {
      return new GatewayError(
        "timeout",
        `${options.operation} timed out after ${this.options.timeoutMs} ms. The gateway may be slow; try again, narrow the request, or raise QUALYS_TIMEOUT_MS.`,
        { operation: options.operation },
        { cause: error },
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new GatewayError("upstream", `${options.operation} failed: ${reason}. Try again.`, { operation: options.operation }, { cause: error });
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

async function readCapped(body: AsyncIterable<Buffer>, maxBytes: number, prepared: PreparedRequest): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > maxBytes) {
      (body as unknown as { destroy?: () => void }).destroy?.();
      throw new GatewayError(
        "upstream",
        `${prepared.method} ${prepared.path} failed: the response is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB and was not read. Ask for a smaller page.`,
        { operation: prepared.path },
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads how long the gateway asked us to wait, from X-RateLimit-ToWait-Sec or Retry-After. */
export function rateLimitWait(headers: Record<string, string>): number | undefined {
  for (const name of ["x-ratelimit-towait-sec", "retry-after"]) {
    const raw = headers[name];
    if (raw === undefined) continue;
    const seconds = Number(raw);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
    const date = Date.parse(raw);
    if (!Number.isNaN(date)) return Math.max(0, (date - Date.now()) / 1000);
  }
  return undefined;
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A 2xx whose CSAM envelope has a `responseCode` other than SUCCESS is still a failure.
 * EASM answers carry `status` words such as SAVED instead, and pass.
 */
function checkEnvelope(response: GatewayResponse, operation: string): void {
  if (!response.text.includes('"responseCode"')) return;
  const envelope = readEnvelope(response.text);
  if (envelope?.responseCode !== undefined && envelope.responseCode !== "SUCCESS" && hasResponseCodeField(response.text)) {
    throw describeHttpFailure(operation, response, undefined, true);
  }
}

function hasResponseCodeField(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === "object" && parsed !== null && typeof (parsed as Record<string, unknown>).responseCode === "string";
  } catch {
    return false;
  }
}

function sleepWithSignal(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
