/**
 * The seven CSAM asset endpoints of the sandbox gateway, v2 (JSON and XML filter bodies)
 * and v1 (QQL in the query string), served from a synthetic tenant. Authentication is
 * checked by the server before these handlers run.
 *
 * Every list response has the envelope `responseMessage`, `count` (assets on this page),
 * `responseCode` "SUCCESS", `lastSeenAssetId` (id of the last asset on the page), `hasMore`
 * (1 when matching assets remain) and `assetListData.asset[]`. Paging is by cursor: a page
 * contains the matching assets whose id is greater than the request's `lastSeenAssetId`, in
 * ascending id order.
 */
import type { SandboxRequest, SandboxResponse, SandboxRoute } from "../types.js";
import { BadRequestError } from "./errors.js";
import { compileQql, qqlCacheKey } from "./qql.js";
import type { AssetRecord } from "./record.js";
import { AssetSearch, type AssetQuery, type PageSlice } from "./search.js";
import { createTenant, type AssetTenant } from "./tenant.js";
import { UnsupportedMediaTypeError, compileFilter, filterCacheKey, parseFilterBody } from "./v2-filter.js";
import { parseDate } from "./values.js";

/** Paging faults a client must survive, on every list endpoint, from the second page on. */
export interface AssetPagingFaults {
  /** Return 200 with no assets, count 0 and hasMore 1 instead of the real page. */
  emptyPageWithHasMore?: boolean;
  /** Return the real page but repeat the request's lastSeenAssetId and set hasMore 1, so the cursor never advances. */
  stalledCursor?: boolean;
}

/** Options for the synthetic CSAM tenant. */
export interface AssetTenantOptions {
  /** Number of synthetic assets. */
  assets: number;
  /** Seed for the deterministic generator. */
  seed: string;
  /** "Now" of the tenant as ISO 8601 or epoch milliseconds; default DEFAULT_REFERENCE_TIME in tenant.ts. */
  referenceTime?: string | number;
  faults?: AssetPagingFaults;
}

export const DEFAULT_PAGE_SIZE = 100;
/** NOTE: the page-size maximum of 300 and the 416 above it come from clients' practice, not from Qualys documentation. */
export const MAX_PAGE_SIZE = 300;

const SUCCESS_MESSAGE = "Valid API Access";

/** A pageSize above MAX_PAGE_SIZE, rejected with 416 as the gateway does. */
class PageSizeTooLargeError extends BadRequestError {}

/** An asset id that no asset has, rejected with 404. */
class AssetNotFoundError extends BadRequestError {}

function errorResponse(status: number, responseCode: string, responseMessage: string): SandboxResponse {
  return { status, body: { responseCode, responseMessage } };
}

/**
 * Runs a handler and turns its rejections into the gateway's error envelope.
 * NOTE: the responseCode sent with 404, 415 and 416 is not documented; the sandbox uses
 * NOT_FOUND for 404 and BAD_REQUEST for the others.
 */
function guarded(handler: (request: SandboxRequest) => SandboxResponse): (request: SandboxRequest) => SandboxResponse {
  return (request) => {
    try {
      return handler(request);
    } catch (error) {
      if (error instanceof PageSizeTooLargeError) return errorResponse(416, "BAD_REQUEST", error.message);
      if (error instanceof UnsupportedMediaTypeError) return errorResponse(415, "BAD_REQUEST", error.message);
      if (error instanceof AssetNotFoundError) return errorResponse(404, "NOT_FOUND", error.message);
      if (error instanceof BadRequestError) return errorResponse(400, "BAD_REQUEST", error.message);
      throw error;
    }
  };
}

function parsePageSize(query: URLSearchParams): number {
  const text = query.get("pageSize");
  if (text === null || text.trim() === "") return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new BadRequestError(`Invalid pageSize: ${text} (expected an integer from 1 to ${MAX_PAGE_SIZE})`);
  }
  const pageSize = Number(text);
  if (pageSize > MAX_PAGE_SIZE) throw new PageSizeTooLargeError(`Invalid pageSize: ${text} exceeds the maximum of ${MAX_PAGE_SIZE}`);
  return pageSize;
}

/** Reads a non-negative integer id parameter; returns `fallback` when it is absent. */
function parseIdParameter(query: URLSearchParams, name: string, fallback: number | null): number | null {
  const text = query.get(name);
  if (text === null || text.trim() === "") return fallback;
  if (!/^\d+$/.test(text.trim())) throw new BadRequestError(`Invalid ${name}: ${text} (expected a non-negative integer)`);
  return Number(text.trim());
}

function requireAssetId(query: URLSearchParams): number {
  const assetId = parseIdParameter(query, "assetId", null);
  if (assetId === null) throw new BadRequestError("Missing required parameter assetId");
  return assetId;
}

function parseFieldList(query: URLSearchParams, name: string): Set<string> | null {
  const text = query.get(name);
  if (text === null || text.trim() === "") return null;
  return new Set(text.split(",").map((item) => item.trim()).filter((item) => item !== ""));
}

/**
 * Applies `includeFields` and `excludeFields`: top-level fields that are not included, or
 * that are excluded, are sent as null. `assetId` is always sent, and unknown names are
 * ignored.
 */
function projectFields(record: AssetRecord, include: Set<string> | null, exclude: Set<string> | null): Record<string, unknown> {
  if (include === null && exclude === null) return record as unknown as Record<string, unknown>;
  const projected: Record<string, unknown> = { ...record };
  for (const key of Object.keys(projected)) {
    if (key === "assetId") continue;
    if ((include !== null && !include.has(key)) || (exclude !== null && exclude.has(key))) projected[key] = null;
  }
  return projected;
}

function listEnvelope(assets: Record<string, unknown>[], lastSeenAssetId: number, hasMore: boolean): SandboxResponse {
  return {
    status: 200,
    body: {
      responseMessage: SUCCESS_MESSAGE,
      count: assets.length,
      responseCode: "SUCCESS",
      lastSeenAssetId,
      hasMore: hasMore ? 1 : 0,
      assetListData: { asset: assets },
    },
  };
}

function countEnvelope(count: number): SandboxResponse {
  return { status: 200, body: { count, responseCode: "SUCCESS", responseMessage: SUCCESS_MESSAGE } };
}

function contentTypeOf(request: SandboxRequest): string | undefined {
  const value = request.headers["content-type"];
  return Array.isArray(value) ? value[0] : value;
}

/** Combines an optional filter with the v1 `lastModifiedDate` parameter (assets modified on or after it). */
function withModifiedSince(query: AssetQuery | null, request: SandboxRequest, referenceMs: number): AssetQuery | null {
  const text = request.query.get("lastModifiedDate");
  if (text === null || text.trim() === "") return query;
  const since = parseDate(text, referenceMs);
  if (since === undefined) throw new BadRequestError(`Invalid lastModifiedDate: ${text} (expected YYYY-MM-DD or an ISO 8601 date-time)`);
  const modified = (asset: { lastModifiedDate: string }): boolean => Date.parse(asset.lastModifiedDate) >= since.start;
  if (query === null) return { key: `modified>=${since.start}`, predicate: modified };
  const inner = query.predicate;
  return { key: `${query.key}|modified>=${since.start}`, predicate: (asset) => modified(asset) && inner(asset) };
}

/** Creates the tenant and the routes of the seven CSAM asset endpoints. */
export function createAssetRoutes(options: AssetTenantOptions): SandboxRoute[] {
  const tenant = createTenant({ assets: options.assets, seed: options.seed, referenceTime: options.referenceTime });
  return createAssetRoutesForTenant(tenant, options.faults ?? {});
}

/** Creates the routes over an existing tenant, so a caller can keep the tenant for its own reads. */
export function createAssetRoutesForTenant(tenant: AssetTenant, faults: AssetPagingFaults = {}): SandboxRoute[] {
  const search = new AssetSearch(tenant);

  const v2Query = (request: SandboxRequest): AssetQuery | null => {
    const filter = parseFilterBody(request.bodyText, contentTypeOf(request));
    if (filter === null || filter.filters.length === 0) return null;
    return { key: filterCacheKey(filter), predicate: compileFilter(filter, tenant.referenceMs) };
  };

  /** Reads the v1 query parameters; the plain list endpoint takes no `filter`, so it passes `withFilter` false. */
  const v1Query = (request: SandboxRequest, withFilter: boolean): AssetQuery | null => {
    const text = withFilter ? request.query.get("filter") : null;
    const base = text === null || text.trim() === "" ? null : { key: qqlCacheKey(text), predicate: compileQql(text, tenant.referenceMs) };
    return withModifiedSince(base, request, tenant.referenceMs);
  };

  /**
   * Builds a list response for one page, applying the paging faults to every page after the
   * first. `emptyStatus` is the status of a response without assets.
   */
  const pageResponse = (request: SandboxRequest, slice: PageSlice, lastSeenAssetId: number, emptyStatus: 200 | 204): SandboxResponse => {
    const include = parseFieldList(request.query, "includeFields");
    const exclude = parseFieldList(request.query, "excludeFields");
    const laterPage = lastSeenAssetId > 0;
    if (laterPage && faults.emptyPageWithHasMore) return listEnvelope([], lastSeenAssetId, true);
    const assets = slice.indexes.map((index) => projectFields(tenant.getAssetAt(index), include, exclude));
    if (laterPage && faults.stalledCursor) return listEnvelope(assets, lastSeenAssetId, true);
    if (assets.length === 0 && emptyStatus === 204) return { status: 204 };
    const lastIndex = slice.indexes[slice.indexes.length - 1];
    return listEnvelope(assets, lastIndex === undefined ? lastSeenAssetId : tenant.assetIdAt(lastIndex), slice.hasMore);
  };

  const singleAsset = (request: SandboxRequest, assetId: number): SandboxResponse => {
    const record = tenant.getAsset(assetId);
    if (record === undefined) throw new AssetNotFoundError(`Asset not found: no asset has assetId ${assetId}`);
    const asset = projectFields(record, parseFieldList(request.query, "includeFields"), parseFieldList(request.query, "excludeFields"));
    return listEnvelope([asset], assetId, false);
  };

  /**
   * v2 search. A page with assets is 200. An empty result, meaning no matching asset after
   * the cursor, is 204 No Content without a body rather than 200 with an empty list.
   * NOTE: the 204 follows what clients of the live gateway report; Qualys does not document it.
   */
  const searchV2 = (request: SandboxRequest): SandboxResponse => {
    const pageSize = parsePageSize(request.query);
    const lastSeenAssetId = parseIdParameter(request.query, "lastSeenAssetId", 0) as number;
    const query = v2Query(request);
    const assetId = parseIdParameter(request.query, "assetId", null);
    if (assetId !== null) {
      // Qualys's CSAM API release notes fetch one asset with `?assetId=…&pageSize=1`. A filter still applies.
      const index = tenant.indexOfId(assetId);
      const matches = index !== -1 && (query === null || query.predicate(tenant.getCoreAt(index)));
      return pageResponse(request, { indexes: matches ? [index] : [], hasMore: false }, 0, 204);
    }
    return pageResponse(request, search.page(query, lastSeenAssetId, pageSize), lastSeenAssetId, 204);
  };

  const countV2 = (request: SandboxRequest): SandboxResponse => countEnvelope(search.count(v2Query(request)));

  const getV2 = (request: SandboxRequest): SandboxResponse => singleAsset(request, requireAssetId(request.query));

  /**
   * v1 list and filter list. An empty page is 200 with no assets.
   * NOTE: whether the v1 endpoints return an empty page as 204 as v2 does is not known.
   */
  const listV1 = (withFilter: boolean) => (request: SandboxRequest): SandboxResponse => {
    const pageSize = parsePageSize(request.query);
    const lastSeenAssetId = parseIdParameter(request.query, "lastSeenAssetId", 0) as number;
    return pageResponse(request, search.page(v1Query(request, withFilter), lastSeenAssetId, pageSize), lastSeenAssetId, 200);
  };

  const countV1 = (request: SandboxRequest): SandboxResponse => {
    const lastSeenAssetId = parseIdParameter(request.query, "lastSeenAssetId", 0) as number;
    return countEnvelope(search.count(v1Query(request, true), lastSeenAssetId));
  };

  const getV1 = (request: SandboxRequest): SandboxResponse => singleAsset(request, requireAssetId(request.query));

  return [
    { method: "POST", pattern: "/rest/2.0/search/am/asset", handler: guarded(searchV2) },
    { method: "POST", pattern: "/rest/2.0/count/am/asset", handler: guarded(countV2) },
    { method: "GET", pattern: "/rest/2.0/get/am/asset", handler: guarded(getV2) },
    { method: "POST", pattern: "/am/v1/assets/host/list", handler: guarded(listV1(false)) },
    { method: "POST", pattern: "/am/v1/assets/host/filter/list", handler: guarded(listV1(true)) },
    { method: "POST", pattern: "/am/v1/assets/host/count", handler: guarded(countV1) },
    { method: "POST", pattern: "/am/v1/asset/host/id", handler: guarded(getV1) },
  ];
}
