/**
 * The one client for every gateway call. It keeps an undici keep-alive pool and the JWT
 * session, sets a deadline per call, retries idempotent calls, follows the gateway's
 * concurrency limit, caps the response size, and maps failures to GatewayError.
 */
import type { Agent, Dispatcher } from "undici";
import type { Logger } from "../logger.js";
import type { SecretRegistry } from "../secrets.js";
import { CallDeadline, sleepWithSignal } from "./deadline.js";
import { GatewayError } from "./errors.js";
import {
  describeCancellation,
  describeHttpFailure,
  describeNetworkFailure,
  describeTimeout,
  describeWaitBeyondDeadline,
  parseJsonBody,
  TIMEOUT_CODES,
} from "./failures.js";
import {
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  CONNECT_TIMEOUT_MS,
  DEFAULT_CONCURRENCY_LIMIT,
  MAX_ATTEMPTS,
  MAX_RESPONSE_BYTES,
  RATE_LIMIT_JITTER_MS,
  TOKEN_FETCH_TIMEOUT_MS,
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
  /** Replaces the sleep between retries, for tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  userAgent?: string;
}

export interface GatewayResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The JSON body, when the envelope check already parsed it, so a page is parsed once. */
  parsedJson?: { value: unknown };
}

/** Network error codes after which an idempotent request may be sent again. */
const RETRYABLE_NETWORK_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNREFUSED", "UND_ERR_CLOSED"]);

/** Operation name of the token request in errors and logs. */
const AUTH_OPERATION = "authentication (POST /auth)";

/** Status or network code of a failed attempt, for the retry log line. */
type AttemptFailure = { status: number } | { code: string };

/** undici, loaded on the first request so that start-up does not pay for it. */
let undiciModule: Promise<typeof import("undici")> | undefined;

function loadUndici(): Promise<typeof import("undici")> {
  undiciModule ??= import("undici");
  return undiciModule;
}

export class GatewayClient {
  private agent?: Agent;
  private readonly session: TokenSession;
  private readonly concurrency = new Semaphore(DEFAULT_CONCURRENCY_LIMIT);
  private readonly maxResponseBytes: number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly options: GatewayClientOptions) {
    this.maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    this.sleep = options.sleep ?? sleepWithSignal;
    options.secrets.add(options.password);
    this.session = new TokenSession({
      fetchToken: (signal) => this.fetchTokenWithRetries(signal),
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
   * outcome becomes a GatewayError, logged once and with secrets removed from its message.
   */
  async send(prepared: PreparedRequest, options: SendOptions): Promise<GatewayResponse> {
    const deadline = new CallDeadline(this.options.timeoutMs, options.signal);
    try {
      return await this.sendWithRetries(prepared, options, deadline);
    } catch (error) {
      throw this.reportFailure(this.toGatewayError(error, options, deadline), options);
    } finally {
      deadline.dispose();
    }
  }

  /** Sends a request and parses its JSON body; a 204 or an empty body gives `undefined`. */
  async sendJson(prepared: PreparedRequest, options: SendOptions): Promise<{ status: number; body: unknown; length: number }> {
    const response = await this.send(prepared, options);
    const length = response.text.length;
    if (response.status === 204 || response.text.trim() === "") return { status: response.status, body: undefined, length };
    if (response.parsedJson) return { status: response.status, body: response.parsedJson.value, length };
    try {
      return { status: response.status, body: parseJsonBody(options.operation, response, options.idempotent), length };
    } catch (error) {
      throw this.reportFailure(error as GatewayError, options);
    }
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.agent?.close();
  }

  /** Returns the keep-alive pool, creating it on the first request. */
  private async connectionPool(): Promise<{ agent: Agent; request: typeof import("undici").request }> {
    const undici = await loadUndici();
    // undici's own timeouts only back up the call's deadline, which normally ends a slow call first.
    this.agent ??= new undici.Agent({
      connections: 16,
      keepAliveTimeout: 30_000,
      connect: { timeout: CONNECT_TIMEOUT_MS },
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
    });
    return { agent: this.agent, request: undici.request };
  }

  private async sendWithRetries(prepared: PreparedRequest, options: SendOptions, deadline: CallDeadline): Promise<GatewayResponse> {
    let resentAfter401 = false;

    for (let attempt = 1; ; attempt++) {
      let response: GatewayResponse;
      try {
        response = await this.authorizedExchange(prepared, deadline.signal);
      } catch (error) {
        const code = networkCode(error);
        const retryable = code !== undefined && RETRYABLE_NETWORK_CODES.has(code) && !(error instanceof GatewayError) && !deadline.signal.aborted;
        if (retryable && options.idempotent && attempt < MAX_ATTEMPTS) {
          const delay = Math.random() * exponentialBackoffMs(attempt);
          if (delay < deadline.remainingMs()) {
            await this.waitBeforeRetry(options, attempt, { code }, delay, deadline);
            continue;
          }
        }
        throw error;
      }

      if (response.status >= 200 && response.status < 300) {
        this.checkEnvelope(response, options);
        return response;
      }

      if (response.status === 401 && !resentAfter401) {
        // The gateway rejected the token before doing anything, so a fresh token and one resend are safe for any call.
        resentAfter401 = true;
        this.options.logger.info({ operation: options.operation, status: 401 }, "token rejected with 401; fetching a new one and resending once");
        continue;
      }

      const waitSeconds = rateLimitWait(response.headers);
      const rateLimited = response.status === 429 || (response.status === 409 && waitSeconds !== undefined);
      if (options.idempotent && (rateLimited || response.status === 503) && attempt < MAX_ATTEMPTS) {
        const remaining = deadline.remainingMs();
        if (waitSeconds !== undefined && waitSeconds * 1000 >= remaining) {
          throw describeWaitBeyondDeadline(options.operation, response.status, waitSeconds, remaining, this.options.timeoutMs);
        }
        const delay = retryDelayMs(attempt, waitSeconds, remaining);
        if (delay < remaining) {
          await this.waitBeforeRetry(options, attempt, { status: response.status }, delay, deadline);
          continue;
        }
      }

      throw describeHttpFailure(options.operation, response, waitSeconds, options.idempotent);
    }
  }

  /**
   * Sends one request with a bearer token. The token is read again once a concurrency slot
   * is free, because another call may have had it rejected while this one waited. Sending
   * it anyway would only earn a second 401. A token rejected with 401 is dropped before
   * the slot is released, so the next call in line does not send it either.
   */
  private async authorizedExchange(prepared: PreparedRequest, signal: AbortSignal): Promise<GatewayResponse> {
    for (;;) {
      await this.session.token(signal);
      const release = await this.concurrency.acquire(signal);
      try {
        const token = this.session.peek();
        if (token === undefined) continue;
        const response = await this.transmit(prepared, { authorization: `Bearer ${token}` }, signal);
        if (response.status === 401) this.session.invalidate(token);
        return response;
      } finally {
        release();
      }
    }
  }

  private async waitBeforeRetry(options: SendOptions, attempt: number, failure: AttemptFailure, delay: number, deadline: CallDeadline): Promise<void> {
    this.options.logger.warn(
      { operation: options.operation, ...failure, attempt, maxAttempts: MAX_ATTEMPTS, waitMs: Math.round(delay) },
      "retrying gateway call",
    );
    await this.sleep(delay, deadline.signal);
  }

  /**
   * Rejects a 2xx whose envelope reports a failure: a CSAM `responseCode` other than
   * SUCCESS, or an EASM `code` of 400 or more. Successful EASM responses carry a `code`
   * such as "200" and a `status` word such as SAVED, and pass.
   */
  private checkEnvelope(response: GatewayResponse, options: SendOptions): void {
    if (!response.text.includes('"responseCode"') && !response.text.includes('"code"')) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.text);
    } catch {
      // sendJson reports the malformed body; a caller of send() wanted the text anyway.
      return;
    }
    response.parsedJson = { value: parsed };
    if (envelopeReportsFailure(parsed)) {
      throw describeHttpFailure(options.operation, response, undefined, options.idempotent);
    }
  }

  /**
   * Fetches a token, retrying after a 429, a 503 or a dropped connection like an idempotent
   * call, because POST /auth changes nothing on the gateway. Every call waiting for the
   * token shares these attempts and still stops at its own deadline.
   */
  private async fetchTokenWithRetries(signal: AbortSignal): Promise<string> {
    const endsAt = Date.now() + TOKEN_FETCH_TIMEOUT_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.fetchToken(signal);
      } catch (error) {
        if (!(error instanceof GatewayError) || signal.aborted || attempt >= MAX_ATTEMPTS) throw error;
        const failure = retryableTokenFailure(error);
        if (failure === undefined) throw error;
        const remaining = endsAt - Date.now();
        const waitSeconds = error.details.retryAfterSeconds;
        if (waitSeconds !== undefined && waitSeconds * 1000 >= remaining) throw error;
        const delay = retryDelayMs(attempt, waitSeconds, remaining);
        if (delay >= remaining) throw error;
        this.options.logger.warn(
          { operation: AUTH_OPERATION, ...failure, attempt, maxAttempts: MAX_ATTEMPTS, waitMs: Math.round(delay) },
          "retrying gateway call",
        );
        await this.sleep(delay, signal);
      }
    }
  }

  private async fetchToken(signal: AbortSignal): Promise<string> {
    const form = new URLSearchParams({ username: this.options.username, password: this.options.password, token: "true" }).toString();
    let response: GatewayResponse;
    try {
      const release = await this.concurrency.acquire(signal);
      try {
        response = await this.transmit(
          { method: "POST", path: "/auth", query: {}, body: { contentType: "application/x-www-form-urlencoded", text: form } },
          {},
          signal,
        );
      } finally {
        release();
      }
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      // Asking for a token changes nothing on the gateway, so these messages may suggest trying again.
      if (signal.aborted) throw describeTimeout(AUTH_OPERATION, TOKEN_FETCH_TIMEOUT_MS, true, error);
      throw describeNetworkFailure(AUTH_OPERATION, networkCode(error) ?? "unknown", true, error);
    }

    if (response.status === 401 || response.status === 403) {
      throw new GatewayError(
        "authentication",
        `Authentication failed: POST /auth returned HTTP ${response.status}. Check QUALYS_USERNAME and QUALYS_PASSWORD, and that the user has API access, then restart the server.`,
        { operation: "authentication", status: response.status },
      );
    }
    if (response.status !== 201 && response.status !== 200) {
      throw describeHttpFailure(AUTH_OPERATION, response, rateLimitWait(response.headers), true);
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

  /** Sends one request and reads its body within the size cap. The caller must own a concurrency slot. */
  private async transmit(prepared: PreparedRequest, extraHeaders: Record<string, string>, signal: AbortSignal): Promise<GatewayResponse> {
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": this.options.userAgent ?? "qualys-easm-mcp",
      ...extraHeaders,
    };
    if (prepared.body) headers["content-type"] = prepared.body.contentType;
    const url = this.options.baseUrl + prepared.path + renderQuery(prepared.query);
    this.options.logger.debug({ method: prepared.method, path: prepared.path }, "gateway request");

    const pool = await this.connectionPool();
    const response = await pool.request(url, {
      method: prepared.method,
      headers,
      body: prepared.body?.text,
      dispatcher: pool.agent as Dispatcher,
      signal,
    });
    const responseHeaders = flattenHeaders(response.headers);
    const limit = Number(responseHeaders["x-concurrency-limit-limit"]);
    if (Number.isInteger(limit) && limit > 0 && limit !== this.concurrency.currentLimit) {
      this.concurrency.setLimit(limit);
      this.options.logger.debug({ limit }, "gateway concurrency limit changed");
    }
    const text = await readCapped(response.body, this.maxResponseBytes, prepared);
    return { status: response.statusCode, headers: responseHeaders, text };
  }

  /** Turns whatever a call threw into the GatewayError the tool reports. */
  private toGatewayError(error: unknown, options: SendOptions, deadline: CallDeadline): GatewayError {
    if (error instanceof GatewayError) return error;
    if (deadline.cancelled) return describeCancellation(options.operation, options.idempotent, error);
    const code = networkCode(error);
    if (deadline.signal.aborted || (code !== undefined && TIMEOUT_CODES.has(code))) {
      return describeTimeout(options.operation, this.options.timeoutMs, options.idempotent, error);
    }
    if (code !== undefined) return describeNetworkFailure(options.operation, code, options.idempotent, error);
    const reason = error instanceof Error ? error.message : String(error);
    return new GatewayError("upstream", `${options.operation} failed unexpectedly: ${reason}. Try again.`, { operation: options.operation }, { cause: error });
  }

  /** Removes secrets from the error, logs it once, and returns it. */
  private reportFailure(error: GatewayError, options: SendOptions): GatewayError {
    const { secrets, logger } = this.options;
    error.message = secrets.redact(error.message);
    if (error.details.responseMessage !== undefined) error.details.responseMessage = secrets.redact(error.details.responseMessage);

    if (error.kind === "cancelled") {
      logger.info({ operation: options.operation }, "gateway call cancelled by the client");
      return error;
    }
    logger.warn(
      {
        operation: options.operation,
        kind: error.kind,
        status: error.details.status,
        code: error.details.networkCode,
        responseCode: error.details.responseCode,
      },
      "gateway call failed",
    );
    return error;
  }
}

/** Returns the status or network code that makes a failed token request worth another attempt, or undefined. */
function retryableTokenFailure(error: GatewayError): AttemptFailure | undefined {
  const { status, networkCode: code, retryAfterSeconds } = error.details;
  if (status === 429 || status === 503 || (status === 409 && retryAfterSeconds !== undefined)) return { status };
  if (code !== undefined && RETRYABLE_NETWORK_CODES.has(code)) return { code };
  return undefined;
}

/** Upper bound of the random backoff before retry number `attempt` (1-based). */
function exponentialBackoffMs(attempt: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS);
}

/**
 * Returns the pause before the next attempt: the wait the gateway requested plus jitter,
 * or a random exponential backoff when it named none. The jitter never takes more than
 * half of the time the wait leaves before the deadline.
 */
function retryDelayMs(attempt: number, waitSeconds: number | undefined, remainingMs: number): number {
  if (waitSeconds === undefined) return Math.random() * exponentialBackoffMs(attempt);
  const wait = waitSeconds * 1000;
  return wait + Math.random() * Math.min(RATE_LIMIT_JITTER_MS, (remainingMs - wait) / 2);
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

function envelopeReportsFailure(parsed: unknown): boolean {
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return false;
  const record = parsed as Record<string, unknown>;
  if (typeof record.responseCode === "string") return record.responseCode !== "SUCCESS";
  let code = Number.NaN;
  if (typeof record.code === "number") code = record.code;
  if (typeof record.code === "string") code = Number(record.code);
  return Number.isInteger(code) && code >= 400;
}
