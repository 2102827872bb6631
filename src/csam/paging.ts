/**
 * Reading CSAM asset responses (v1 and v2 share the envelope): the `responseCode` check,
 * cursor paging, and the paging faults the gateway is known for.
 *
 * Paging is a cursor. A page carries `hasMore` (1 or 0) and `lastSeenAssetId`, which the
 * caller passes back to get the next page. NOTE: observed in practice, the gateway
 * sometimes sends `hasMore` 1 with an empty page, or a `lastSeenAssetId` that stops
 * advancing. Both would make a caller loop forever, so paging stops there with a note.
 */
import { sanitizeUntrusted } from "./text.js";

/** One page of raw asset records, with the cursor for the next page when there is one. */
export interface AssetPage {
  /** Raw asset records, as the gateway sent them. */
  assets: unknown[];
  /** Number of records in `assets`. */
  count: number;
  hasMore: boolean;
  /** The `lastSeenAssetId` for the next page. Set only when `hasMore` is true. */
  nextCursor?: number;
  /** Reason paging stopped early, or the meaning of an empty response. */
  note?: string;
}

/**
 * A response whose envelope is not a success: a `responseCode` other than SUCCESS (the
 * gateway sends such envelopes with HTTP 200 too), a missing envelope, or an unexpected
 * HTTP status. The gateway client maps it to its own error kinds.
 */
export class EnvelopeError extends Error {
  override readonly name = "EnvelopeError";
  readonly status: number;
  readonly responseCode?: string;
  readonly responseMessage?: string;

  constructor(message: string, status: number, responseCode?: string, responseMessage?: string) {
    super(message);
    this.status = status;
    if (responseCode !== undefined) this.responseCode = responseCode;
    if (responseMessage !== undefined) this.responseMessage = responseMessage;
  }
}

const SUCCESS = "SUCCESS";
const HTTP_NO_CONTENT = 204;
/** Maximum length of a gateway message repeated in an error. */
const MAX_MESSAGE_LENGTH = 300;

/**
 * Reads one page of a search, list or get response. `requestedCursor` is the
 * `lastSeenAssetId` the request carried, used to detect a stalled cursor.
 *
 * Throws EnvelopeError when the envelope is missing or not a success. HTTP 204 is an
 * empty result. When the gateway reports more assets but sends none, sends no cursor, or
 * sends a cursor that is not past `requestedCursor`, the page has `hasMore: false` and a
 * `note` that explains why.
 */
export function readAssetPage(raw: unknown, status: number, requestedCursor?: number): AssetPage {
  if (status === HTTP_NO_CONTENT) {
    return { assets: [], count: 0, hasMore: false, note: "The gateway responded with HTTP 204 (no content): no assets match." };
  }

  const envelope = readEnvelope(raw, status);
  const assets = readAssetList(envelope, status);
  const page: AssetPage = { assets, count: assets.length, hasMore: false };
  if (!readHasMore(envelope.hasMore)) return page;

  if (assets.length === 0) {
    page.note =
      "The gateway reported more assets (hasMore 1) but sent an empty page, so paging stops here. Search again later or narrow the filters.";
    return page;
  }

  const cursor = readCursor(envelope.lastSeenAssetId);
  if (cursor === undefined) {
    page.note = "The gateway reported more assets but sent no lastSeenAssetId, so the next page cannot be requested.";
    return page;
  }

  // The cursor is the highest asset ID seen so far, so it must grow from page to page.
  if (requestedCursor !== undefined && cursor <= requestedCursor) {
    page.note = `The gateway's cursor did not advance (lastSeenAssetId ${cursor} after a request from ${requestedCursor}), so paging stops here instead of repeating the same page.`;
    return page;
  }

  page.hasMore = true;
  page.nextCursor = cursor;
  return page;
}

/** Reads a count response. HTTP 204 counts as 0. Throws EnvelopeError like readAssetPage. */
export function readAssetCount(raw: unknown, status: number): { count: number } {
  if (status === HTTP_NO_CONTENT) return { count: 0 };

  const envelope = readEnvelope(raw, status);
  const count = envelope.count;
  if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0) {
    throw new EnvelopeError(`The gateway's count response (HTTP ${status}) has no valid count.`, status, SUCCESS);
  }
  return { count };
}

/**
 * Checks the HTTP status and `responseCode`, and returns the envelope's fields. An error
 * envelope's code and message travel in the EnvelopeError, whatever the status.
 */
function readEnvelope(raw: unknown, status: number): Record<string, unknown> {
  const envelope = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  const responseCode = typeof envelope?.responseCode === "string" ? sanitizeUntrusted(envelope.responseCode, 50) : undefined;
  const responseMessage =
    typeof envelope?.responseMessage === "string" ? sanitizeUntrusted(envelope.responseMessage, MAX_MESSAGE_LENGTH) : undefined;
  const detail = responseMessage === undefined ? "" : `: ${responseMessage}`;

  if (status < 200 || status > 299) {
    const code = responseCode === undefined ? "" : ` and responseCode ${responseCode}`;
    throw new EnvelopeError(`The gateway responded with HTTP ${status}${code}${detail}`, status, responseCode, responseMessage);
  }
  if (envelope === undefined) {
    throw new EnvelopeError(`The gateway's response (HTTP ${status}) is not a CSAM response envelope.`, status);
  }
  if (responseCode !== SUCCESS) {
    const code = responseCode === undefined ? "no responseCode" : `responseCode ${responseCode}`;
    throw new EnvelopeError(`The gateway responded with HTTP ${status} and ${code}${detail}`, status, responseCode, responseMessage);
  }
  return envelope;
}

function readAssetList(envelope: Record<string, unknown>, status: number): unknown[] {
  const listData = envelope.assetListData;
  if (listData === undefined || listData === null) return [];
  if (typeof listData !== "object" || Array.isArray(listData)) {
    throw new EnvelopeError(`The gateway's assetListData (HTTP ${status}) is not an object.`, status, SUCCESS);
  }

  const assets = (listData as Record<string, unknown>).asset;
  if (assets === undefined || assets === null) return [];
  if (!Array.isArray(assets)) {
    throw new EnvelopeError(`The gateway's assetListData.asset (HTTP ${status}) is not a list.`, status, SUCCESS);
  }
  return assets;
}

/** `hasMore` is 1 or 0 on the wire. true and "1" are accepted as well. */
function readHasMore(value: unknown): boolean {
  return value === 1 || value === true || value === "1" || value === "true";
}

function readCursor(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}
