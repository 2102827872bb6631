/**
 * Reading the gateway's error responses: its envelopes, its HTML and XML error pages, and
 * the typed error each failure becomes, with the next step for the assistant.
 */
import { GatewayError, type GatewayErrorKind } from "./errors.js";

export interface Envelope {
  responseCode?: string;
  responseMessage?: string;
  /** "xml" for an error document of the older Qualys APIs, "json" for the gateway's envelopes. */
  format: "json" | "xml";
}

interface ResponseLike {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Maximum length of a gateway message quoted in an error, so one response cannot flood the result. */
const MAX_QUOTED_LENGTH = 500;

/** Next step for a changing call whose outcome is unknown. */
const CHECK_STATE_FIRST =
  "The request may have reached the gateway, so it was not sent again: check the current state (for example with a get or list tool) before retrying.";

/**
 * Reads `responseCode`/`responseMessage` from a CSAM envelope, `status`/`message` from an
 * EASM one (`{code, status, date, message}`), or `CODE`/`TEXT` from an XML error document
 * such as `<SIMPLE_RETURN><RESPONSE><CODE>999</CODE><TEXT>…</TEXT>`. Returns undefined for
 * anything else, HTML pages included.
 */
export function readEnvelope(text: string): Envelope | undefined {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("<")) return readXmlEnvelope(trimmed);
  if (!trimmed.startsWith("{")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  const code = firstString(record.responseCode, record.status);
  const message = firstString(record.responseMessage, record.message);
  if (code === undefined && message === undefined) return undefined;
  return { responseCode: code, responseMessage: message === undefined ? undefined : shorten(message, MAX_QUOTED_LENGTH), format: "json" };
}

function readXmlEnvelope(text: string): Envelope | undefined {
  if (/^<!doctype html|^<html/i.test(text)) return undefined;
  const code = xmlElementText(text, "CODE") ?? xmlElementText(text, "responseCode");
  const message = xmlElementText(text, "TEXT") ?? xmlElementText(text, "responseMessage");
  if (code === undefined && message === undefined) return undefined;
  return { responseCode: code, responseMessage: message, format: "xml" };
}

/** Text of the first element with this name, entities decoded; undefined when there is none. */
function xmlElementText(text: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(text);
  if (!match) return undefined;
  const decoded = match[1]!
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
  return decoded === "" ? undefined : shorten(decoded, MAX_QUOTED_LENGTH);
}

/** Returns the first of the values that is a string. */
function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === "string");
}

/**
 * Parses a JSON body, turning HTML, XML and malformed JSON into an upstream error. For a
 * call that changes something, a 2xx with a broken body most likely means the change was
 * made, so the message advises checking the current state before retrying.
 */
export function parseJsonBody(operation: string, response: ResponseLike, idempotent: boolean): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    const nextStep = idempotent ? "The gateway or a proxy in front of it may be failing; try again in a minute." : CHECK_STATE_FIRST;
    throw new GatewayError("upstream", `${operation} failed: the gateway returned HTTP ${response.status} with ${describeBody(response)}. ${nextStep}`, {
      operation,
      status: response.status,
    });
  }
}

/** Builds the typed error for a non-2xx response (or a 2xx whose envelope reports a failure). */
export function describeHttpFailure(operation: string, response: ResponseLike, waitSeconds: number | undefined, idempotent: boolean): GatewayError {
  const envelope = readEnvelope(response.text);
  const status = response.status;
  const kind = kindForStatus(status, waitSeconds);
  let gatewaySaid = "";
  if (envelope) {
    const words = [envelope.responseCode, envelope.responseMessage].filter((part) => part !== undefined && part !== "").join(": ");
    gatewaySaid = envelope.format === "xml" ? ` The body was an XML error document: ${words}.` : ` ${words}.`;
  } else if (response.text.trim() !== "") {
    gatewaySaid = ` The body was ${describeBody(response)}.`;
  }
  const message = `${operation} failed: HTTP ${status}.${gatewaySaid} ${nextStep(operation, kind, status, waitSeconds, idempotent)}`;
  return new GatewayError(kind, message.replace(/\.\./g, "."), {
    operation,
    status,
    responseCode: envelope?.responseCode,
    responseMessage: envelope?.responseMessage,
    retryAfterSeconds: waitSeconds,
  });
}

/**
 * Builds the error for a rate limit whose requested wait does not fit in what is left of
 * the call's deadline, so the call stops at once instead of sleeping past it.
 */
export function describeWaitBeyondDeadline(operation: string, status: number, waitSeconds: number, remainingMs: number, timeoutMs: number): GatewayError {
  const wait = Math.ceil(waitSeconds);
  const left = Math.floor(remainingMs / 1000);
  return new GatewayError(
    "rate_limited",
    `${operation} failed: HTTP ${status}, the gateway's rate limit is reached and it asked to wait ${wait} s, longer than the ${left} s left of this call's ${Math.round(timeoutMs / 1000)} s deadline. Try again in ${wait} s, or raise QUALYS_TIMEOUT_MS.`,
    { operation, status, retryAfterSeconds: wait },
  );
}

/** Builds the error for a call that ran out of time, retries and waits included. */
export function describeTimeout(operation: string, timeoutMs: number, idempotent: boolean, cause: unknown): GatewayError {
  const nextStep = idempotent
    ? "The gateway may be slow; try again, ask for less (a smaller page or a narrower filter), or raise QUALYS_TIMEOUT_MS."
    : CHECK_STATE_FIRST;
  return new GatewayError("timeout", `${operation} timed out after ${timeoutMs} ms (QUALYS_TIMEOUT_MS). ${nextStep}`, { operation }, { cause });
}

/** Builds the error for a call the MCP client cancelled. */
export function describeCancellation(operation: string, idempotent: boolean, cause: unknown): GatewayError {
  const message = idempotent ? `${operation} was cancelled by the client.` : `${operation} was cancelled by the client. ${CHECK_STATE_FIRST}`;
  return new GatewayError("cancelled", message, { operation }, { cause });
}

/** Network error codes that mean the request never left this machine, so nothing reached the gateway. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/** Network error codes of undici's own timeouts, which end a call like the deadline does. */
export const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

const NETWORK_FAILURES: Record<string, string> = {
  ECONNRESET: "the gateway reset the connection",
  EPIPE: "the connection closed while the request was being sent",
  UND_ERR_SOCKET: "the connection closed before the whole response arrived",
  UND_ERR_CLOSED: "the connection closed before the request was sent",
  ECONNREFUSED: "the gateway refused the connection",
  ENOTFOUND: "the gateway's host name did not resolve",
  EAI_AGAIN: "the gateway's host name did not resolve",
  UND_ERR_CONNECT_TIMEOUT: "connecting to the gateway timed out",
};

/** Builds the error for a failed connection, in plain words with the error code. */
export function describeNetworkFailure(operation: string, code: string, idempotent: boolean, cause: unknown): GatewayError {
  const failure = NETWORK_FAILURES[code] ?? "the connection to the gateway failed";
  const nextStep =
    !idempotent && !NOT_SENT_CODES.has(code)
      ? CHECK_STATE_FIRST
      : "Check the network path to the gateway (QUALYS_GATEWAY_URL or QUALYS_PLATFORM, and any proxy), then try again.";
  const kind: GatewayErrorKind = code === "UND_ERR_CONNECT_TIMEOUT" ? "timeout" : "upstream";
  return new GatewayError(kind, `${operation} failed: ${failure} (${code}). ${nextStep}`, { operation, networkCode: code }, { cause });
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

function nextStep(operation: string, kind: GatewayErrorKind, status: number, waitSeconds: number | undefined, idempotent: boolean): string {
  switch (kind) {
    case "rate_limited":
      return `The subscription's API rate limit is reached; try again in ${waitSeconds === undefined ? "a few minutes" : `${Math.ceil(waitSeconds)} s`}.`;
    case "authentication":
      return "The gateway rejected the credentials or token. Check QUALYS_USERNAME and QUALYS_PASSWORD and restart the server.";
    case "permission":
      return "The Qualys user lacks permission for this operation. Ask the subscription manager to grant API access to CSAM/EASM.";
    case "not_found":
      return /asset|attack_surface/.test(operation)
        ? "Check the asset ID; search_assets shows the IDs that exist."
        : "Check the name, which is case-sensitive; list_easm_profiles shows the profiles that exist.";
    case "timeout":
      return idempotent ? "The gateway timed out; try again or narrow the request." : CHECK_STATE_FIRST;
    case "invalid_request":
      return status === 416
        ? "The page size is too large; use at most 300."
        : /asset|attack_surface/.test(operation)
          ? "Fix the request as the gateway's message says; filter fields and operators are listed in the qualys://guides/filters resource."
          : "Fix the request as the gateway's message says.";
    default:
      return idempotent
        ? "The gateway failed; try again in a minute."
        : "The gateway failed and the request may or may not have been applied: check the current state before retrying.";
  }
}

/** Names what a body that is not the expected JSON contains. */
function describeBody(response: ResponseLike): string {
  const text = response.text.trimStart();
  const type = response.headers["content-type"] ?? "";
  if (/^<!doctype html|^<html/i.test(text) || type.includes("html")) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return title ? `an HTML page titled "${shorten(title, 100)}" instead of JSON` : "an HTML page instead of JSON";
  }
  if (text.startsWith("<") || type.includes("xml")) return "an XML document instead of JSON";
  if (text.startsWith("{") || text.startsWith("[")) return "malformed JSON (the body does not parse, it may be cut short)";
  if (text === "") return "an empty body instead of JSON";
  return `unexpected text (${text.length} characters) instead of JSON`;
}

function shorten(text: string, max: number): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, " ");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
