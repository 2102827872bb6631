/**
 * Reading the gateway's error answers: its envelopes, its HTML and XML error pages, and
 * the typed error each status becomes, with the next step for the assistant.
 */
import { GatewayError, type GatewayErrorKind } from "./errors.js";

export interface Envelope {
  responseCode?: string;
  responseMessage?: string;
}

interface ResponseLike {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/**
 * Reads `responseCode`/`responseMessage` from a CSAM envelope, or `status`/`message` from
 * an EASM one (`{code, status, date, message}`). Returns undefined for anything else.
 */
export function readEnvelope(text: string): Envelope | undefined {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  const code = typeof record.responseCode === "string" ? record.responseCode : typeof record.status === "string" ? record.status : undefined;
  const message =
    typeof record.responseMessage === "string" ? record.responseMessage : typeof record.message === "string" ? record.message : undefined;
  if (code === undefined && message === undefined) return undefined;
  return { responseCode: code, responseMessage: message === undefined ? undefined : shorten(message, 500) };
}

/** Parses a JSON body, turning HTML, XML and malformed JSON into an upstream error. */
export function parseJsonBody(operation: string, response: ResponseLike): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    throw new GatewayError(
      "upstream",
      `${operation} failed: the gateway answered HTTP ${response.status} with ${describeBody(response)} instead of JSON. The gateway or a proxy in front of it may be failing; try again later.`,
      { operation, status: response.status },
    );
  }
}

/** Builds the typed error for a non-2xx answer (or a 2xx whose envelope reports a failure). */
export function describeHttpFailure(operation: string, response: ResponseLike, waitSeconds: number | undefined, idempotent: boolean): GatewayError {
  const envelope = readEnvelope(response.text);
  const status = response.status;
  const kind = kindForStatus(status, waitSeconds);
  const gatewaySaid = envelope
    ? ` ${[envelope.responseCode, envelope.responseMessage].filter((part) => part !== undefined && part !== "").join(": ")}.`
    : response.text.trim() === ""
      ? ""
      : ` The body was ${describeBody(response)}.`;
  const message = `${operation} failed: HTTP ${status}.${gatewaySaid} ${nextStep(kind, status, waitSeconds, idempotent)}`;
  return new GatewayError(kind, message.replace(/\.\./g, "."), {
    operation,
    status,
    responseCode: envelope?.responseCode,
    responseMessage: envelope?.responseMessage,
    retryAfterSeconds: waitSeconds,
  });
}

function kindForStatus(status: number, waitSeconds: number | undefined): GatewayErrorKind {
  if (status === 429 || (status === 409 && waitSeconds !== undefined)) return "rate_limited";
  if (status === 401) return "authentication";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 408 || status === 504) return "timeout";
  if (status >= 400 && status < 500) return "invalid_request";
  return "upstream";
}

function nextStep(kind: GatewayErrorKind, status: number, waitSeconds: number | undefined, idempotent: boolean): string {
  switch (kind) {
    case "rate_limited":
      return `The subscription's API rate limit is reached; try again in ${waitSeconds === undefined ? "a few minutes" : `${Math.ceil(waitSeconds)} s`}.`;
    case "authentication":
      return "The gateway rejected the credentials or token. Check QUALYS_USERNAME and QUALYS_PASSWORD and restart the server.";
    case "permission":
      return "The Qualys user lacks permission for this operation. Ask the subscription manager to grant API access to CSAM/EASM.";
    case "not_found":
      return "Check the name or id (list tools show what exists).";
    case "timeout":
      return "The gateway timed out; try again or narrow the request.";
    case "invalid_request":
      return status === 416
        ? "The page size is too large; use at most 300."
        : "Fix the request as the gateway's message says; filter fields and operators are listed in the qualys://guides/filters resource.";
    default:
      return idempotent
        ? "The gateway failed; try again in a minute."
        : "The gateway failed and the request may or may not have been applied: check the current state before retrying.";
  }
}

function describeBody(response: ResponseLike): string {
  const text = response.text.trimStart();
  const type = response.headers["content-type"] ?? "";
  if (/^<!doctype html|^<html/i.test(text) || type.includes("html")) return "an HTML page";
  if (text.startsWith("<") || type.includes("xml")) return "an XML document";
  if (text.startsWith("{") || text.startsWith("[")) return "malformed JSON";
  return `unexpected text (${text.length} characters)`;
}

function shorten(text: string, max: number): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, " ");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
