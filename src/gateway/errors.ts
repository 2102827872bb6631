/**
 * Typed errors for everything that can go wrong between a tool and the gateway. Each
 * message names the operation, the HTTP status, the gateway's responseCode and
 * responseMessage where there are any, and what to do next, and never contains a secret.
 */
export type GatewayErrorKind =
  | "authentication"
  | "permission"
  | "not_found"
  | "invalid_request"
  | "rate_limited"
  | "upstream"
  | "timeout"
  | "cancelled";

export interface GatewayErrorDetails {
  operation: string;
  status?: number;
  responseCode?: string;
  responseMessage?: string;
  /** Seconds the gateway asked the caller to wait, for rate-limit errors. */
  retryAfterSeconds?: number;
  /** Error code of a failed connection, such as ECONNRESET or UND_ERR_SOCKET. */
  networkCode?: string;
}

export class GatewayError extends Error {
  override readonly name = "GatewayError";
  readonly kind: GatewayErrorKind;
  readonly details: GatewayErrorDetails;

  constructor(kind: GatewayErrorKind, message: string, details: GatewayErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.details = details;
  }
}

/**
 * Input that breaks a documented rule, found before any request is built. `path` is the
 * field path in the tool's input, for example `includeSeeds[0].values[1]`.
 */
export class InputError extends Error {
  override readonly name = "InputError";
  readonly path: string;
  readonly value: unknown;

  constructor(path: string, value: unknown, problem: string, fix: string) {
    super(`${path || "input"}: ${formatValue(value)} ${problem}. ${fix}`);
    this.path = path;
    this.value = value;
  }
}

/** Quotes a value for an error message and cuts it short, so one bad value cannot flood the result. */
export function formatValue(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
