/**
 * Pieces shared by the asset tools: sending a read request, and turning a page of raw
 * records into the summary or full form the caller asked for.
 */
import {
  EnvelopeError,
  fullAsset,
  fullAssetPage,
  readAssetCount,
  readAssetPage,
  summarizeAsset,
  summarizeAssetPage,
  UNTRUSTED_DATA_NOTICE,
  type AssetPage,
} from "../../src/csam/index.js";
import { GatewayError } from "../../src/gateway/errors.js";
import type { PreparedRequest } from "../../src/gateway/request.js";
import type { ToolAnnotations, ToolContext } from "../define.js";

export const ASSET_READ_ANNOTATIONS: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

/** Sends a read-only asset request. Asset searches are POSTs but change nothing, so they are safe to retry. */
async function sendRead(context: ToolContext, operation: string, request: PreparedRequest): Promise<{ status: number; body: unknown; length: number }> {
  return context.gateway.sendJson(request, { operation, idempotent: true, signal: context.signal });
}

function envelopeFailure(operation: string, error: unknown): unknown {
  if (!(error instanceof EnvelopeError)) return error;
  const gatewaySaid = [error.responseCode, error.responseMessage].filter((part) => part !== undefined).join(": ");
  return new GatewayError(
    "upstream",
    `${operation} failed: ${error.message}${gatewaySaid ? ` (${gatewaySaid})` : ""} Try again later; if it repeats, the gateway's answer format may have changed.`,
    { operation, status: error.status, responseCode: error.responseCode, responseMessage: error.responseMessage },
  );
}

/** Fetches one page of assets and reads its envelope and cursor. */
export async function fetchAssetPage(context: ToolContext, operation: string, request: PreparedRequest, requestedCursor?: number): Promise<AssetPage> {
  return (await fetchSizedAssetPage(context, operation, request, requestedCursor)).page;
}

/** Fetches one page of assets, with the length of the response body in characters. */
export async function fetchSizedAssetPage(
  context: ToolContext,
  operation: string,
  request: PreparedRequest,
  requestedCursor?: number,
): Promise<{ page: AssetPage; length: number }> {
  const { status, body, length } = await sendRead(context, operation, request);
  try {
    return { page: readAssetPage(body, status, requestedCursor), length };
  } catch (error) {
    throw envelopeFailure(operation, error);
  }
}

/** Fetches a count. */
export async function fetchAssetCount(context: ToolContext, operation: string, request: PreparedRequest): Promise<{ count: number }> {
  const { status, body } = await sendRead(context, operation, request);
  try {
    return readAssetCount(body, status);
  } catch (error) {
    throw envelopeFailure(operation, error);
  }
}

/** Renders a page as summaries or as size-capped full records. */
export function renderPage(page: AssetPage, detail: "summary" | "full") {
  return detail === "full" ? fullAssetPage(page) : summarizeAssetPage(page);
}

/** Reads the single asset of a get-by-id response, or throws not found. */
export async function fetchOneAsset(context: ToolContext, operation: string, request: PreparedRequest, assetId: number, detail: "summary" | "full") {
  const page = await fetchAssetPage(context, operation, request);
  const raw = page.assets.find((asset) => (asset as { assetId?: unknown } | null)?.assetId === assetId) ?? page.assets[0];
  if (raw === undefined) {
    throw new GatewayError("not_found", `${operation} failed: no asset with ID ${assetId}. Check the ID; search_assets shows the IDs that exist.`, {
      operation,
    });
  }
  if (detail === "full") {
    const { record, truncated, note } = fullAsset(raw);
    return { record, truncated, ...(note === undefined ? {} : { note }), untrustedData: UNTRUSTED_DATA_NOTICE };
  }
  return { asset: summarizeAsset(raw), untrustedData: UNTRUSTED_DATA_NOTICE };
}
