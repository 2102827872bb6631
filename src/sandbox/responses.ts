/**
 * Response bodies shared by the sandbox's routes. Errors from the gateway itself
 * (authentication, unknown operations, injected faults) use the CSAM-style envelope
 * `{"responseCode":"UNAUTHORIZED","responseMessage":"…"}`. The EASM profile service uses
 * its own envelope `{"code":"400","status":"BAD_REQUEST","date":"…","message":"…"}`.
 */
import { STATUS_CODES } from "node:http";
import { formatGatewayDate } from "./dates.js";
import type { SandboxResponse } from "./types.js";

/** Builds an error response of the gateway layer, in the CSAM error envelope. */
export function gatewayError(status: number, responseCode: string, responseMessage: string, headers?: Record<string, string>): SandboxResponse {
  return { status, headers, body: { responseCode, responseMessage } };
}

/** Upper snake case name of an HTTP status, for example 503 → "SERVICE_UNAVAILABLE". */
export function statusCodeName(status: number): string {
  const reason = STATUS_CODES[status] ?? "UNKNOWN";
  return reason.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_|_$/g, "");
}

/** Builds an EASM profile service response, whose envelope carries both results and errors. */
export function easmEnvelope(httpStatus: number, status: string, message: string, now: number): SandboxResponse {
  return {
    status: httpStatus,
    body: { code: String(httpStatus), status, date: formatGatewayDate(now), message },
  };
}
