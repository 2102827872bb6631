/** Helpers for the asset endpoint tests: direct handler calls and independent tenant scans. */
import { createAssetRoutesForTenant, type AssetPagingFaults } from "../../../src/sandbox/assets/routes.js";
import type { AssetRecord } from "../../../src/sandbox/assets/record.js";
import { createTenant, type AssetTenant } from "../../../src/sandbox/assets/tenant.js";
import type { SandboxResponse, SandboxRoute } from "../../../src/sandbox/types.js";

/** Size and seed of the tenant most tests share. */
export const TEST_ASSETS = 1000;
export const TEST_SEED = "asset-tests";

export interface RouteCall {
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
}

/** The routes of one tenant and a way to call them without HTTP. */
export class AssetApi {
  readonly routes: SandboxRoute[];

  constructor(
    readonly tenant: AssetTenant,
    faults: AssetPagingFaults = {},
  ) {
    this.routes = createAssetRoutesForTenant(tenant, faults);
  }

  async call(method: string, path: string, options: RouteCall = {}): Promise<SandboxResponse> {
    const route = this.routes.find((candidate) => candidate.method === method && candidate.pattern === path);
    if (route === undefined) throw new Error(`No route for ${method} ${path}`);
    const headers = options.contentType === undefined ? {} : { "content-type": options.contentType };
    return route.handler({
      method,
      rawPath: path,
      path,
      query: new URLSearchParams(options.query ?? {}),
      headers,
      bodyText: options.body ?? "",
    });
  }
}

/** Body of a list response, typed loosely for assertions. */
export interface ListBody {
  responseCode: string;
  responseMessage: string;
  count: number;
  hasMore: number;
  lastSeenAssetId: number;
  assetListData: { asset: AssetRecord[] };
}

export function listBody(response: SandboxResponse): ListBody {
  return response.body as ListBody;
}

export function countOf(response: SandboxResponse): number {
  return (response.body as { count: number }).count;
}

export function messageOf(response: SandboxResponse): string {
  return (response.body as { responseMessage: string }).responseMessage;
}

let sharedTenant: AssetTenant | undefined;
let sharedRecords: AssetRecord[] | undefined;

/** Returns the shared 1,000-asset tenant. */
export function testTenant(): AssetTenant {
  sharedTenant ??= createTenant({ assets: TEST_ASSETS, seed: TEST_SEED });
  return sharedTenant;
}

/** Returns every record of the shared tenant, built once. */
export function allRecords(): AssetRecord[] {
  sharedRecords ??= [...testTenant().assetsAfter(0)];
  return sharedRecords;
}

/** Returns the ids of the shared tenant's records that satisfy `predicate`, computed by plain iteration. */
export function idsWhere(predicate: (asset: AssetRecord) => boolean): number[] {
  return allRecords()
    .filter(predicate)
    .map((asset) => asset.assetId);
}

/** Pages through a list endpoint until hasMore is 0 and returns every asset id seen, in order. */
export async function collectAllPages(api: AssetApi, path: string, options: RouteCall, pageSize: number): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let lastSeenAssetId = 0;
  let pages = 0;
  for (;;) {
    const response = await api.call("POST", path, { ...options, query: { ...options.query, pageSize: String(pageSize), lastSeenAssetId: String(lastSeenAssetId) } });
    pages++;
    if (response.status === 204) break;
    const body = listBody(response);
    ids.push(...body.assetListData.asset.map((asset) => asset.assetId));
    if (body.hasMore === 0) break;
    if (pages > 10_000) throw new Error("paging did not end");
    lastSeenAssetId = body.lastSeenAssetId;
  }
  return { ids, pages };
}
