/**
 * Checks and helpers for one request to the HTTP transport: the Host and Origin checks
 * against DNS rebinding, the bearer token, the size-capped JSON body and JSON-RPC error
 * responses.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import { isLoopbackHost } from "../config.js";

/**
 * Returns the check for the Host header of requests to a server bound to `bindHost:port`.
 *
 * A DNS-rebinding attack reaches the server under the attacker's domain name, so that
 * name is what the check must reject:
 * - A server bound to one address accepts that address, and the loopback names when the
 *   address is a loopback one, each with the bound port.
 * - A server bound to every address (0.0.0.0 or ::) cannot know which address or port a
 *   client used, because NAT and container port mappings change both. So it accepts any
 *   IP literal and "localhost" on any port, and rejects every other name.
 * NOTE: a client that reaches the server under a DNS name (for example through a reverse
 * proxy that keeps the Host header) gets 403; there is no setting to allow more names yet.
 */
export function createHostCheck(bindHost: string, port: number): (hostHeader: string | undefined) => boolean {
  if (isUnspecifiedAddress(bindHost)) {
    return (hostHeader) => {
      const hostname = hostnameOf(hostHeader);
      return hostname !== undefined && (hostname === "localhost" || isIP(hostname.replace(/^\[|\]$/g, "")) !== 0);
    };
  }

  const names = new Set<string>([bindHost.toLowerCase()]);
  if (isLoopbackHost(bindHost)) ["127.0.0.1", "localhost", "[::1]"].forEach((name) => names.add(name));
  if (bindHost.includes(":") && !bindHost.startsWith("[")) names.add(`[${bindHost.toLowerCase()}]`);
  const accepted = new Set<string>();
  for (const name of names) {
    accepted.add(`${name}:${port}`);
    if (port === 80) accepted.add(name);
  }
  return (hostHeader) => accepted.has((hostHeader ?? "").toLowerCase());
}

/** True for the addresses that bind every interface: 0.0.0.0 and ::. */
export function isUnspecifiedAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  return bare === "0.0.0.0" || bare === "::" || bare === "0:0:0:0:0:0:0:0";
}

/** Extracts the lower-case hostname of a Host header (IPv6 in brackets), or undefined when it does not parse. */
function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined || hostHeader === "" || /[/?#@\s]/.test(hostHeader)) return undefined;
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Checks the Origin header that browsers send. Only pages served from loopback or from the bind host may call. */
export function isAllowedOrigin(origin: string, bindHost: string): boolean {
  try {
    const { hostname } = new URL(origin);
    return isLoopbackHost(hostname) || hostname.toLowerCase() === bindHost.toLowerCase();
  } catch {
    return false;
  }
}

/** Hashes a token with SHA-256 so that tokens of any length compare in constant time. */
export function tokenDigest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

/** Compares the request's bearer token with the expected digest in constant time. */
export function hasBearerToken(request: IncomingMessage, expectedDigest: Buffer): boolean {
  const header = request.headers.authorization ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) return false;
  return timingSafeEqual(tokenDigest(match[1]!.trim()), expectedDigest);
}

/** A request body over the size limit. The server responds with 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Payload too large: the request body exceeds ${maxBytes} bytes`);
  }
}

/** A request body that is not JSON. The server responds with 400 and JSON-RPC code -32700. */
export class BodyParseError extends Error {}

/**
 * Bytes of an oversized body that are read and thrown away before the 413 goes out. A
 * client that writes its whole body before it reads the response (Node's http client
 * does) would otherwise see a connection reset in place of the 413, whenever the server
 * closes the connection after the response. Beyond this much the server responds at once.
 */
export const MAX_DISCARDED_BYTES = 32 * 1024 * 1024;

/**
 * Reads and parses a JSON body of at most `maxBytes`. The rest of a larger body is read
 * and thrown away, up to `maxDiscardedBytes` more, and then the read fails with
 * BodyTooLargeError. A Content-Length beyond both limits fails before any read.
 */
export async function readJsonBody(request: IncomingMessage, maxBytes: number, maxDiscardedBytes = MAX_DISCARDED_BYTES): Promise<unknown> {
  const declaredLength = Number(request.headers["content-length"]);
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes + maxDiscardedBytes) throw new BodyTooLargeError(maxBytes);

  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      if (total > maxBytes + maxDiscardedBytes) {
        stopListening();
        reject(new BodyTooLargeError(maxBytes));
      }
    };
    const onEnd = (): void => {
      stopListening();
      if (total > maxBytes) reject(new BodyTooLargeError(maxBytes));
      else resolve(Buffer.concat(chunks));
    };
    const onAborted = (): void => {
      stopListening();
      reject(new Error("the client closed the connection before the request body was complete"));
    };
    const onError = (error: Error): void => {
      stopListening();
      reject(error);
    };
    const stopListening = (): void => {
      request.off("data", onData).off("end", onEnd).off("aborted", onAborted).off("error", onError);
    };
    request.on("data", onData).on("end", onEnd).on("aborted", onAborted).on("error", onError);
  });

  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new BodyParseError("Parse error: the request body is not valid JSON");
  }
}

/** Sends a JSON-RPC error object with id null, as the Streamable HTTP transport does for HTTP-level errors. */
export function sendJsonRpcError(
  response: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { ...headers, "content-type": "application/json" });
  response.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}
