import { describe, expect, it } from "vitest";
import { createAssetRoutes } from "../../../src/sandbox/assets/routes.js";
import { createTenant } from "../../../src/sandbox/assets/tenant.js";
import { AssetApi, TEST_ASSETS, TEST_SEED, allRecords, collectAllPages, countOf, idsWhere, listBody, messageOf, testTenant } from "./support.js";

const SEARCH = "/rest/2.0/search/am/asset";
const COUNT = "/rest/2.0/count/am/asset";
const GET = "/rest/2.0/get/am/asset";
const LIST_V1 = "/am/v1/assets/host/list";
const FILTER_LIST_V1 = "/am/v1/assets/host/filter/list";
const COUNT_V1 = "/am/v1/assets/host/count";
const GET_V1 = "/am/v1/asset/host/id";

const tenant = testTenant();
const api = new AssetApi(tenant);
const allIds = allRecords().map((asset) => asset.assetId);
const easmJson = JSON.stringify({ filters: [{ field: "openPorts.discoverySources", operator: "EQUALS", value: "EASM" }] });
const easmIds = idsWhere((asset) => asset.openPortListData.openPort.some((port) => port.discoverySources === "EASM"));

describe("createAssetRoutes", () => {
  it("serves the seven CSAM endpoints", () => {
    const routes = createAssetRoutes({ assets: 10, seed: TEST_SEED });
    expect(routes.map((route) => `${route.method} ${String(route.pattern)}`)).toEqual([
      `POST ${SEARCH}`,
      `POST ${COUNT}`,
      `GET ${GET}`,
      `POST ${LIST_V1}`,
      `POST ${FILTER_LIST_V1}`,
      `POST ${COUNT_V1}`,
      `POST ${GET_V1}`,
    ]);
  });
});

describe("v2 search paging", () => {
  it("returns the documented envelope", async () => {
    const response = await api.call("POST", SEARCH, { query: { pageSize: "2" } });
    expect(response.status).toBe(200);
    const body = listBody(response);
    expect(Object.keys(body)).toEqual(["responseMessage", "count", "responseCode", "lastSeenAssetId", "hasMore", "assetListData"]);
    expect(body.responseCode).toBe("SUCCESS");
    expect(body.responseMessage).toBe("Valid API Access");
    expect(body.count).toBe(2);
    expect(body.hasMore).toBe(1);
    expect(body.lastSeenAssetId).toBe(allIds[1]);
    expect(body.assetListData.asset.map((asset) => asset.assetId)).toEqual(allIds.slice(0, 2));
  });

  it("sends 100 assets by default", async () => {
    const response = await api.call("POST", SEARCH);
    expect(listBody(response).count).toBe(100);
  });

  it("pages through the whole tenant without gaps or duplicates", async () => {
    const { ids, pages } = await collectAllPages(api, SEARCH, {}, 300);
    expect(ids).toEqual(allIds);
    expect(pages).toBe(4);
  });

  it("pages through a filtered set and ends with hasMore 0", async () => {
    const { ids, pages } = await collectAllPages(api, SEARCH, { body: easmJson, contentType: "application/json" }, 37);
    expect(ids).toEqual(easmIds);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(easmIds.length / 37));
  });

  it("sets hasMore 0 on the last page", async () => {
    const beforeLast = easmIds[easmIds.length - 3] as number;
    const response = await api.call("POST", SEARCH, { query: { lastSeenAssetId: String(beforeLast), pageSize: "2" }, body: easmJson, contentType: "application/json" });
    const body = listBody(response);
    expect(body.assetListData.asset.map((asset) => asset.assetId)).toEqual(easmIds.slice(-2));
    expect(body.hasMore).toBe(0);
    expect(body.lastSeenAssetId).toBe(easmIds[easmIds.length - 1]);
  });

  it("accepts a cursor that is no asset's id", async () => {
    const cursor = (allIds[10] as number) + 1;
    const response = await api.call("POST", SEARCH, { query: { lastSeenAssetId: String(cursor), pageSize: "1" } });
    const expected = allIds.find((id) => id > cursor);
    expect(listBody(response).assetListData.asset[0]?.assetId).toBe(expected);
  });

  it("returns 204 without a body past the last asset", async () => {
    const response = await api.call("POST", SEARCH, { query: { lastSeenAssetId: String(allIds[allIds.length - 1]) } });
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
  });

  it("returns 204 when the filter matches nothing", async () => {
    const body = JSON.stringify({ filters: [{ field: "asset.name", operator: "EQUALS", value: "no-such-host" }] });
    const response = await api.call("POST", SEARCH, { body, contentType: "application/json" });
    expect(response.status).toBe(204);
  });

  it("accepts the maximum page size of 300", async () => {
    const response = await api.call("POST", SEARCH, { query: { pageSize: "300" } });
    expect(listBody(response).count).toBe(300);
  });

  it("returns 416 above 300", async () => {
    const response = await api.call("POST", SEARCH, { query: { pageSize: "301" } });
    expect(response.status).toBe(416);
    expect(response.body).toEqual({ responseCode: "BAD_REQUEST", responseMessage: "Invalid pageSize: 301 exceeds the maximum of 300" });
  });

  it.each(["0", "-5", "ten", "2.5"])("returns 400 for pageSize %s", async (pageSize) => {
    const response = await api.call("POST", SEARCH, { query: { pageSize } });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toBe(`Invalid pageSize: ${pageSize} (expected an integer from 1 to 300)`);
  });

  it("returns 400 for a cursor that is not an integer", async () => {
    const response = await api.call("POST", SEARCH, { query: { lastSeenAssetId: "abc" } });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toBe("Invalid lastSeenAssetId: abc (expected a non-negative integer)");
  });

  it("fetches one asset by assetId", async () => {
    const id = allIds[42] as number;
    const response = await api.call("POST", SEARCH, { query: { assetId: String(id), pageSize: "1" }, contentType: "application/xml" });
    const body = listBody(response);
    expect(body.assetListData.asset.map((asset) => asset.assetId)).toEqual([id]);
    expect(body.hasMore).toBe(0);
    expect(body.lastSeenAssetId).toBe(id);
  });

  it("returns 204 for an unknown assetId", async () => {
    const response = await api.call("POST", SEARCH, { query: { assetId: "1" } });
    expect(response.status).toBe(204);
  });
});

describe("field selection", () => {
  it("nulls every top-level field that includeFields leaves out", async () => {
    const response = await api.call("POST", SEARCH, { query: { pageSize: "1", includeFields: "assetName,tagList" } });
    const asset = listBody(response).assetListData.asset[0] as unknown as Record<string, unknown>;
    expect(asset["assetId"]).toBe(allIds[0]);
    expect(asset["assetName"]).toBe(allRecords()[0]?.assetName);
    expect(asset["tagList"]).toEqual(allRecords()[0]?.tagList);
    expect(asset["operatingSystem"]).toBeNull();
    expect(asset["softwareListData"]).toBeNull();
  });

  it("nulls the fields that excludeFields names", async () => {
    const response = await api.call("POST", SEARCH, { query: { pageSize: "1", excludeFields: "softwareListData, openPortListData" } });
    const asset = listBody(response).assetListData.asset[0] as unknown as Record<string, unknown>;
    expect(asset["softwareListData"]).toBeNull();
    expect(asset["openPortListData"]).toBeNull();
    expect(asset["operatingSystem"]).toEqual(allRecords()[0]?.operatingSystem);
  });
});

describe("v2 count and get", () => {
  it("counts with the count envelope", async () => {
    const response = await api.call("POST", COUNT, { body: easmJson, contentType: "application/json" });
    expect(response.body).toEqual({ count: easmIds.length, responseCode: "SUCCESS", responseMessage: "Valid API Access" });
  });

  it("counts 0 with 200", async () => {
    const body = JSON.stringify({ filters: [{ field: "asset.name", operator: "EQUALS", value: "no-such-host" }] });
    const response = await api.call("POST", COUNT, { body, contentType: "application/json" });
    expect(response.status).toBe(200);
    expect(countOf(response)).toBe(0);
  });

  it("gets one asset by id", async () => {
    const id = allIds[7] as number;
    const response = await api.call("GET", GET, { query: { assetId: String(id) } });
    const body = listBody(response);
    expect(body.count).toBe(1);
    expect(body.hasMore).toBe(0);
    expect(body.lastSeenAssetId).toBe(id);
    expect(body.assetListData.asset[0]).toEqual(allRecords()[7]);
  });

  it("returns 404 for an unknown id", async () => {
    const response = await api.call("GET", GET, { query: { assetId: "123" } });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ responseCode: "NOT_FOUND", responseMessage: "Asset not found: no asset has assetId 123" });
  });

  it("returns 400 without an assetId", async () => {
    const response = await api.call("GET", GET);
    expect(response.status).toBe(400);
    expect(messageOf(response)).toBe("Missing required parameter assetId");
  });
});

describe("v1 endpoints", () => {
  it("lists every asset page by page", async () => {
    const { ids } = await collectAllPages(api, LIST_V1, {}, 250);
    expect(ids).toEqual(allIds);
  });

  it("ignores a filter on the plain list", async () => {
    const response = await api.call("POST", LIST_V1, { query: { filter: "openPorts.port:23", pageSize: "5" } });
    expect(listBody(response).assetListData.asset.map((asset) => asset.assetId)).toEqual(allIds.slice(0, 5));
  });

  it("returns an empty page as 200", async () => {
    const lastId = allIds[allIds.length - 1] as number;
    const response = await api.call("POST", LIST_V1, { query: { lastSeenAssetId: String(lastId) } });
    expect(response.status).toBe(200);
    const body = listBody(response);
    expect(body.count).toBe(0);
    expect(body.hasMore).toBe(0);
    expect(body.lastSeenAssetId).toBe(lastId);
    expect(body.assetListData.asset).toEqual([]);
  });

  it("pages through a QQL selection", async () => {
    const { ids } = await collectAllPages(api, FILTER_LIST_V1, { query: { filter: "openPorts:(discoverySources:EASM)" } }, 100);
    expect(ids).toEqual(easmIds);
  });

  it("limits the page size to 300", async () => {
    const response = await api.call("POST", FILTER_LIST_V1, { query: { filter: "name:a", pageSize: "1000" } });
    expect(response.status).toBe(416);
  });

  it("counts a QQL selection after a cursor", async () => {
    const cursor = allIds[499] as number;
    const response = await api.call("POST", COUNT_V1, { query: { filter: "openPorts:(discoverySources:EASM)", lastSeenAssetId: String(cursor) } });
    expect(countOf(response)).toBe(easmIds.filter((id) => id > cursor).length);
  });

  it("counts every asset without a filter", async () => {
    const response = await api.call("POST", COUNT_V1);
    expect(response.body).toEqual({ count: TEST_ASSETS, responseCode: "SUCCESS", responseMessage: "Valid API Access" });
  });

  it("restricts to assets modified since lastModifiedDate", async () => {
    const expected = idsWhere((asset) => Date.parse(asset.lastModifiedDate) >= Date.UTC(2026, 10, 28));
    expect(expected.length).toBeGreaterThan(0);
    const response = await api.call("POST", COUNT_V1, { query: { lastModifiedDate: "2026-11-28" } });
    expect(countOf(response)).toBe(expected.length);
  });

  it("rejects an unreadable lastModifiedDate", async () => {
    const response = await api.call("POST", LIST_V1, { query: { lastModifiedDate: "last week" } });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toBe("Invalid lastModifiedDate: last week (expected YYYY-MM-DD or an ISO 8601 date-time)");
  });

  it("gets one asset by id", async () => {
    const id = allIds[3] as number;
    const response = await api.call("POST", GET_V1, { query: { assetId: String(id) } });
    const body = listBody(response);
    expect(body.count).toBe(1);
    expect(body.assetListData.asset[0]?.assetId).toBe(id);
  });

  it("returns 404 for an unknown id", async () => {
    const response = await api.call("POST", GET_V1, { query: { assetId: "40000000000" } });
    expect(response.status).toBe(404);
  });
});

describe("paging faults", () => {
  it("sends an empty page with hasMore 1 after the first page", async () => {
    const faulty = new AssetApi(createTenant({ assets: 50, seed: TEST_SEED }), { emptyPageWithHasMore: true });
    const first = listBody(await faulty.call("POST", SEARCH, { query: { pageSize: "10" } }));
    expect(first.count).toBe(10);
    const second = await faulty.call("POST", SEARCH, { query: { pageSize: "10", lastSeenAssetId: String(first.lastSeenAssetId) } });
    expect(second.status).toBe(200);
    const body = listBody(second);
    expect(body.count).toBe(0);
    expect(body.hasMore).toBe(1);
    expect(body.assetListData.asset).toEqual([]);
    expect(body.lastSeenAssetId).toBe(first.lastSeenAssetId);
  });

  it("stalls the cursor after the first page", async () => {
    const faulty = new AssetApi(createTenant({ assets: 50, seed: TEST_SEED }), { stalledCursor: true });
    const first = listBody(await faulty.call("POST", FILTER_LIST_V1, { query: { pageSize: "10", filter: "name:a" } }));
    const query = { pageSize: "10", filter: "name:a", lastSeenAssetId: String(first.lastSeenAssetId) };
    const second = listBody(await faulty.call("POST", FILTER_LIST_V1, { query }));
    const third = listBody(await faulty.call("POST", FILTER_LIST_V1, { query }));
    expect(second.lastSeenAssetId).toBe(first.lastSeenAssetId);
    expect(second.hasMore).toBe(1);
    expect(third.assetListData.asset.map((asset) => asset.assetId)).toEqual(second.assetListData.asset.map((asset) => asset.assetId));
  });

  it("leaves the first page alone", async () => {
    const faulty = new AssetApi(createTenant({ assets: 50, seed: TEST_SEED }), { emptyPageWithHasMore: true, stalledCursor: true });
    const first = listBody(await faulty.call("POST", LIST_V1, { query: { pageSize: "10" } }));
    expect(first.count).toBe(10);
    expect(first.lastSeenAssetId).toBe(first.assetListData.asset[9]?.assetId);
  });
});
