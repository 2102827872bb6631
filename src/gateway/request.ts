/**
 * The exact HTTP request a tool sends to the gateway. Request builders in src/easm and
 * src/csam produce it, `dryRun` returns it unchanged, and the gateway client sends it.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface PreparedRequest {
  method: HttpMethod;
  /** Path with every segment already percent-encoded, for example `/easm/v2/profile/My%20Profile`. */
  path: string;
  /** Query parameters in the order they are sent. Values are plain text; the client encodes them. */
  query: Record<string, string>;
  /** Request body, or undefined for a request without one. */
  body?: { contentType: string; text: string };
}

/** Options for sending a request, beyond its wire form. */
export interface SendOptions {
  /** Operation name used in errors and logs, normally the tool name. */
  operation: string;
  /**
   * True when sending the request twice has the same effect as sending it once. Only
   * idempotent requests are retried after a rate limit, a 503 or a connection reset.
   */
  idempotent: boolean;
  /** Aborts the request, for example when the MCP client cancels the tool call. */
  signal?: AbortSignal;
}

/** Encodes one path segment, so names with spaces or slashes stay one segment. */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment);
}

/** Renders the query string (with a leading `?`, or empty) exactly as the client sends it. */
export function renderQuery(query: Record<string, string>): string {
  const entries = Object.entries(query);
  if (entries.length === 0) return "";
  return "?" + entries.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&");
}
