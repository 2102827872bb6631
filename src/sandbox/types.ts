/**
 * Shapes shared by the sandbox gateway's HTTP server and the modules that add routes to it.
 */
import type { IncomingHttpHeaders } from "node:http";

/** A request as the sandbox received it, after the body was read in full. */
export interface SandboxRequest {
  method: string;
  /** Path as received on the wire, still percent-encoded, without the query string. */
  rawPath: string;
  /** Path with each segment percent-decoded. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
}

/** A route's response. A `body` that is not a string is sent as JSON. */
export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

export type RouteHandler = (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export interface SandboxRoute {
  method: string;
  /** Matched against the decoded path; a RegExp's groups are left for the handler to read again. */
  pattern: string | RegExp;
  handler: RouteHandler;
}
