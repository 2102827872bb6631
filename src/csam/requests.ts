/**
 * Request builders for the seven CSAM asset operations. Each builder checks its input
 * and returns the exact request, so nothing invalid reaches the gateway and `dryRun`
 * can show what would be sent. Query values are plain text, and the gateway client
 * encodes them.
 */
import { InputError } from "../gateway/errors.js";
import type { PreparedRequest } from "../gateway/request.js";
import {
  buildFilterBody,
  DEFAULT_PAGE_SIZE,
  MAX_ASSET_ID,
  MAX_PAGE_SIZE,
  type FilterCriterion,
  type FilterFormat,
  type FilterOperation,
} from "./filters.js";
import { checkQql } from "./qql.js";

export const V2_SEARCH_ASSETS_PATH = "/rest/2.0/search/am/asset";
export const V2_COUNT_ASSETS_PATH = "/rest/2.0/count/am/asset";
export const V2_GET_ASSET_PATH = "/rest/2.0/get/am/asset";
export const V1_LIST_ASSETS_PATH = "/am/v1/assets/host/list";
export const V1_FILTER_ASSETS_PATH = "/am/v1/assets/host/filter/list";
export const V1_COUNT_ASSETS_PATH = "/am/v1/assets/host/count";
export const V1_GET_ASSET_PATH = "/am/v1/asset/host/id";

export interface SearchAssetsInput {
  filters?: readonly FilterCriterion[];
  operation?: FilterOperation;
  pageSize?: number;
  lastSeenAssetId?: number;
  format?: FilterFormat;
}

export interface CountAssetsInput {
  filters?: readonly FilterCriterion[];
  operation?: FilterOperation;
  format?: FilterFormat;
}

export interface ListAssetsV1Input {
  pageSize?: number;
  lastSeenAssetId?: number;
}

export interface FilterAssetsV1Input {
  filter: string;
  pageSize?: number;
  lastSeenAssetId?: number;
}

export interface CountAssetsV1Input {
  filter?: string;
}

/** POST /rest/2.0/search/am/asset: one page of assets that match a v2 filter. */
export function buildSearchAssets(input: SearchAssetsInput): PreparedRequest {
  const body = buildFilterBody(input.filters ?? [], input.operation ?? "AND", input.format ?? "json");
  const request: PreparedRequest = {
    method: "POST",
    path: V2_SEARCH_ASSETS_PATH,
    query: pagingQuery(input.pageSize, input.lastSeenAssetId),
  };
  if (body !== undefined) request.body = body;
  return request;
}

/** POST /rest/2.0/count/am/asset: the number of assets that match a v2 filter. */
export function buildCountAssets(input: CountAssetsInput): PreparedRequest {
  const body = buildFilterBody(input.filters ?? [], input.operation ?? "AND", input.format ?? "json");
  const request: PreparedRequest = { method: "POST", path: V2_COUNT_ASSETS_PATH, query: {} };
  if (body !== undefined) request.body = body;
  return request;
}

/** GET /rest/2.0/get/am/asset?assetId=ID: one asset. */
export function buildGetAsset(assetId: number): PreparedRequest {
  checkAssetId(assetId);
  return { method: "GET", path: V2_GET_ASSET_PATH, query: { assetId: String(assetId) } };
}

/** POST /am/v1/assets/host/list: one page of all assets, without a filter. */
export function buildListAssetsV1(input: ListAssetsV1Input): PreparedRequest {
  return { method: "POST", path: V1_LIST_ASSETS_PATH, query: pagingQuery(input.pageSize, input.lastSeenAssetId) };
}

/** POST /am/v1/assets/host/filter/list: one page of assets that match a QQL query. */
export function buildFilterAssetsV1(input: FilterAssetsV1Input): PreparedRequest {
  checkQql(input.filter, "filter");
  const query = { filter: input.filter, ...pagingQuery(input.pageSize, input.lastSeenAssetId) };
  return { method: "POST", path: V1_FILTER_ASSETS_PATH, query };
}

/** POST /am/v1/assets/host/count: the number of assets, all of them or those that match a QQL query. */
export function buildCountAssetsV1(input: CountAssetsV1Input): PreparedRequest {
  const query: Record<string, string> = {};
  if (input.filter !== undefined) {
    checkQql(input.filter, "filter");
    query.filter = input.filter;
  }
  return { method: "POST", path: V1_COUNT_ASSETS_PATH, query };
}

/** POST /am/v1/asset/host/id?assetId=ID: one asset. */
export function buildGetAssetV1(assetId: number): PreparedRequest {
  checkAssetId(assetId);
  return { method: "POST", path: V1_GET_ASSET_PATH, query: { assetId: String(assetId) } };
}

/** Builds `pageSize` and, after the first page, `lastSeenAssetId`, in that order. */
function pagingQuery(pageSize: number | undefined, lastSeenAssetId: number | undefined): Record<string, string> {
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new InputError(
      "pageSize",
      size,
      `is not a whole number from 1 to ${MAX_PAGE_SIZE}`,
      `Use at most ${MAX_PAGE_SIZE} (the gateway's limit) and page on with lastSeenAssetId.`,
    );
  }

  const query: Record<string, string> = { pageSize: String(size) };
  if (lastSeenAssetId !== undefined) {
    if (!Number.isSafeInteger(lastSeenAssetId) || lastSeenAssetId < 0) {
      throw new InputError(
        "lastSeenAssetId",
        lastSeenAssetId,
        "is not a whole number of 0 or more",
        "Pass the nextCursor of the previous result, or leave it out for the first page.",
      );
    }
    query.lastSeenAssetId = String(lastSeenAssetId);
  }
  return query;
}

function checkAssetId(assetId: number): void {
  if (!Number.isSafeInteger(assetId) || assetId < 1 || assetId > MAX_ASSET_ID) {
    throw new InputError("assetId", assetId, "is not a valid asset ID", "Use the id of an asset from a search result, a whole number of 1 or more.");
  }
}
