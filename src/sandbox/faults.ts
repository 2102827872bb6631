/**
 * Faults the sandbox injects on demand, so clients can be tested against rate limits,
 * gateway failures, slow responses, dropped connections and broken bodies.
 *
 * Faults wait in a queue. Each request takes the first fault whose `match` fits its path,
 * and a fault leaves the queue after it has been applied `times` times.
 */
import { STATUS_CODES } from "node:http";
import { statusCodeName } from "./responses.js";
import type { SandboxResponse } from "./types.js";

/** Fields shared by every fault. */
export interface FaultScope {
  /**
   * Path prefix, compared with both the percent-encoded and the decoded path. Without it
   * the fault applies to any request except those to `/auth`.
   */
  match?: string;
  /** Number of matching requests that get the fault; default 1. */
  times?: number;
}

/** A response with the given status, body and headers in place of the real one. */
export interface StatusFault extends FaultScope {
  kind: "status";
  status: number;
  /** Default: the gateway's JSON error envelope for the status. */
  body?: string;
  /** Default: application/json. */
  contentType?: string;
  headers?: Record<string, string>;
}

/** A rate-limit rejection carrying `X-RateLimit-ToWait-Sec` and `Retry-After`. */
export interface RateLimitFault extends FaultScope {
  kind: "rate_limit";
  waitSeconds: number;
  /** 429 as the gateway sends; 409 as older Qualys APIs send. Default 429. */
  status?: 429 | 409;
}

/** A pause before the request is handled as usual. */
export interface DelayFault extends FaultScope {
  kind: "delay";
  ms: number;
}

/** A connection reset (TCP RST) in place of any response. */
export interface ResetFault extends FaultScope {
  kind: "reset";
}

/** A body that is declared as JSON but does not parse. */
export interface MalformedJsonFault extends FaultScope {
  kind: "malformed_json";
  /** Default 200, the case that trips clients that trust a success status. */
  status?: number;
}

/** An HTML error page as a proxy or load balancer sends it. */
export interface HtmlFault extends FaultScope {
  kind: "html";
  /** Default 502. */
  status?: number;
}

/** An XML error document in the style of the older Qualys APIs. */
export interface XmlErrorFault extends FaultScope {
  kind: "xml_error";
  /** Default 500. */
  status?: number;
}

/**
 * The real response's headers and the first half of its body, after which the connection
 * is closed. `Content-Length` still gives the full length.
 */
export interface TruncatedFault extends FaultScope {
  kind: "truncated";
}

export type Fault =
  | StatusFault
  | RateLimitFault
  | DelayFault
  | ResetFault
  | MalformedJsonFault
  | HtmlFault
  | XmlErrorFault
  | TruncatedFault;

export type FaultKind = Fault["kind"];

const FAULT_KINDS: readonly FaultKind[] = ["status", "rate_limit", "delay", "reset", "malformed_json", "html", "xml_error", "truncated"];

/** Wait used by a `rate_limit` fault spec that gives no number of seconds. */
const DEFAULT_SPEC_WAIT_SECONDS = 5;

/** Throws an Error naming the field when a fault is invalid. */
export function validateFault(fault: Fault): void {
  if (!FAULT_KINDS.includes(fault.kind)) {
    throw new Error(`Unknown fault kind ${JSON.stringify(fault.kind)}; use one of ${FAULT_KINDS.join(", ")}.`);
  }
  if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times >= 1)) {
    throw new Error(`Fault times must be an integer of at least 1, got ${fault.times}.`);
  }
  if (fault.match !== undefined && !fault.match.startsWith("/")) {
    throw new Error(`Fault match must be a path prefix starting with "/", got ${JSON.stringify(fault.match)}.`);
  }

  switch (fault.kind) {
    case "status":
      checkHttpStatus(fault.status, "status");
      break;
    case "rate_limit":
      if (!(Number.isInteger(fault.waitSeconds) && fault.waitSeconds >= 0)) {
        throw new Error(`rate_limit waitSeconds must be a non-negative integer, got ${fault.waitSeconds}.`);
      }
      if (fault.status !== undefined && fault.status !== 429 && fault.status !== 409) {
        throw new Error(`rate_limit status must be 429 or 409, got ${fault.status}.`);
      }
      break;
    case "delay":
      if (!(Number.isFinite(fault.ms) && fault.ms >= 0)) {
        throw new Error(`delay ms must be a non-negative number, got ${fault.ms}.`);
      }
      break;
    case "malformed_json":
    case "html":
    case "xml_error":
      if (fault.status !== undefined) checkHttpStatus(fault.status, `${fault.kind} status`);
      break;
    case "reset":
    case "truncated":
      break;
  }
}

function checkHttpStatus(status: number, field: string): void {
  if (!(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new Error(`Fault ${field} must be an HTTP status from 200 to 599, got ${status}.`);
  }
}

/**
 * Parses a comma-separated fault list for the command line. Each item is
 * `kind[:number[:number]][*times][@/path-prefix]`:
 *
 * - `status:503` responds 503 with the JSON error envelope
 * - `rate_limit[:waitSeconds[:429|409]]` responds 429 or 409 (default wait 5 s)
 * - `delay:ms` delays the response by ms milliseconds
 * - `reset`, `malformed_json`, `html`, `xml_error`, `truncated` take no number
 *
 * For example `rate_limit:2,status:503*3@/easm/v2/profile,delay:1500,reset`.
 * Throws an Error naming the item when the spec is invalid.
 */
export function parseFaultSpec(spec: string): Fault[] {
  const items = spec.split(",").map((item) => item.trim()).filter((item) => item !== "");
  return items.map(parseFaultItem);
}

const FAULT_ITEM_PATTERN = /^(?<kind>[a-z_]+)(?<numbers>(?::\d+)*)(?:\*(?<times>\d+))?(?:@(?<match>\/\S*))?$/;

function parseFaultItem(item: string): Fault {
  const parts = FAULT_ITEM_PATTERN.exec(item)?.groups;
  if (!parts) {
    throw new Error(`Invalid fault ${JSON.stringify(item)}: expected kind[:number[:number]][*times][@/path-prefix], for example status:503*2@/easm.`);
  }

  const kind = parts.kind as FaultKind;
  const numbers = parts.numbers!.split(":").slice(1).map(Number);
  const scope: FaultScope = {};
  if (parts.times !== undefined) scope.times = Number(parts.times);
  if (parts.match !== undefined) scope.match = parts.match;

  const expectNumbers = (minimum: number, maximum: number, usage: string) => {
    if (numbers.length < minimum || numbers.length > maximum) {
      throw new Error(`Invalid fault ${JSON.stringify(item)}: use ${usage}.`);
    }
  };

  let fault: Fault;
  switch (kind) {
    case "status":
      expectNumbers(1, 1, "status:<HTTP status>, for example status:503");
      fault = { ...scope, kind, status: numbers[0]! };
      break;
    case "rate_limit":
      expectNumbers(0, 2, "rate_limit[:<wait seconds>[:429|409]], for example rate_limit:30");
      fault = { ...scope, kind, waitSeconds: numbers[0] ?? DEFAULT_SPEC_WAIT_SECONDS };
      if (numbers[1] !== undefined) fault.status = numbers[1] as 429 | 409;
      break;
    case "delay":
      expectNumbers(1, 1, "delay:<milliseconds>, for example delay:1500");
      fault = { ...scope, kind, ms: numbers[0]! };
      break;
    case "reset":
    case "malformed_json":
    case "html":
    case "xml_error":
    case "truncated":
      expectNumbers(0, 0, `${kind} without a number`);
      fault = { ...scope, kind };
      break;
    default:
      throw new Error(`Invalid fault ${JSON.stringify(item)}: unknown kind ${JSON.stringify(kind)}; use one of ${FAULT_KINDS.join(", ")}.`);
  }

  try {
    validateFault(fault);
  } catch (error) {
    throw new Error(`Invalid fault ${JSON.stringify(item)}: ${(error as Error).message}`);
  }
  return fault;
}

/** Queue of pending faults. */
export class FaultQueue {
  private readonly pending: { fault: Fault; remaining: number }[] = [];

  add(fault: Fault): void {
    validateFault(fault);
    this.pending.push({ fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** Removes one use of the first fault that applies to the path and returns it, if any. */
  take(rawPath: string, decodedPath: string): Fault | undefined {
    const index = this.pending.findIndex(({ fault }) => appliesTo(fault, rawPath, decodedPath));
    if (index === -1) return undefined;

    const entry = this.pending[index]!;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.pending.splice(index, 1);
    return entry.fault;
  }
}

function appliesTo(fault: Fault, rawPath: string, decodedPath: string): boolean {
  if (fault.match === undefined) return rawPath !== "/auth";
  return rawPath.startsWith(fault.match) || decodedPath.startsWith(fault.match);
}

/** Faults that replace the response outright. The server handles `delay`, `reset` and `truncated` itself. */
export type ReplacingFault = StatusFault | RateLimitFault | MalformedJsonFault | HtmlFault | XmlErrorFault;

export function isReplacingFault(fault: Fault): fault is ReplacingFault {
  return fault.kind === "status" || fault.kind === "rate_limit" || fault.kind === "malformed_json" || fault.kind === "html" || fault.kind === "xml_error";
}

/** Builds the response a replacing fault sends. `now` is in epoch milliseconds. */
export function faultResponse(fault: ReplacingFault, now: number): SandboxResponse {
  switch (fault.kind) {
    case "status": {
      const body = fault.body ?? JSON.stringify({ responseCode: statusCodeName(fault.status), responseMessage: `${statusMessage(fault.status)}.` });
      return { status: fault.status, body, contentType: fault.contentType ?? "application/json", headers: fault.headers };
    }

    case "rate_limit": {
      const wait = String(fault.waitSeconds);
      return {
        status: fault.status ?? 429,
        headers: { "X-RateLimit-Remaining": "0", "X-RateLimit-ToWait-Sec": wait, "Retry-After": wait },
        body: {
          responseCode: "TOO_MANY_REQUESTS",
          responseMessage: `API rate limit exceeded. Retry after ${wait} seconds.`,
        },
      };
    }

    case "malformed_json":
      return {
        status: fault.status ?? 200,
        contentType: "application/json",
        body: '{"responseCode":"SUCCESS","responseMessage":"Valid API Access","count":1,"assetListData":{"asset":[{"assetId":123456,,}',
      };

    case "html": {
      const status = fault.status ?? 502;
      const title = `${status} ${statusMessage(status)}`;
      return {
        status,
        contentType: "text/html; charset=utf-8",
        body: `<!DOCTYPE html>\n<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`,
      };
    }

    case "xml_error": {
      const status = fault.status ?? 500;
      const datetime = new Date(now).toISOString().slice(0, 19) + "Z";
      return {
        status,
        contentType: "text/xml;charset=UTF-8",
        body:
          '<?xml version="1.0" encoding="UTF-8" ?>\n' +
          "<SIMPLE_RETURN>\n  <RESPONSE>\n" +
          `    <DATETIME>${datetime}</DATETIME>\n` +
          "    <CODE>999</CODE>\n" +
          "    <TEXT>Internal error. Please contact customer support.</TEXT>\n" +
          "  </RESPONSE>\n</SIMPLE_RETURN>\n",
      };
    }
  }
}

function statusMessage(status: number): string {
  return STATUS_CODES[status] ?? "Unknown Status";
}
