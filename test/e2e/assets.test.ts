import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../../src/sandbox/assets/index.js";
import { apiRequests, resultText, startCliSession, type CliSession } from "./harness.js";

const ASSETS = 600;
const SEED = "e2e-assets";
const tenant = createTenant({ assets: ASSETS, seed: SEED });

type Raw = Record<string, any>;

function allAssets(): Raw[] {
  return [...tenant.assetsAfter(0)] as Raw[];
}

function portSources(asset: Raw): string[] {
  const ports: Raw[] = asset.openPortListData?.openPort ?? [];
  return ports.flatMap((port) => String(port.discoverySources ?? "").split(/,\s*/));
}

/** Assets with a port that EASM found, computed from the tenant without the sandbox's filter engine. */
const easmIds = allAssets()
  .filter((asset) => portSources(asset).includes("EASM"))
  .map((asset) => asset.assetId as number);
const eolIds = allAssets()
  .filter((asset) => asset.operatingSystem?.lifecycle?.stage === "EOL")
  .map((asset) => asset.assetId as number);

const EASM_FILTER = [{ field: "openPorts.discoverySources", operator: "EQUALS", value: "EASM" }];

interface Page {
  assets?: Array<{ id: number; [key: string]: unknown }>;
  count: number;
  hasMore: boolean;
  nextCursor?: number;
  note?: string;
  untrustedData: string;
}

let session: CliSession;

function lastRequest() {
  const requests = apiRequests(session.sandbox);
  return requests[requests.length - 1]!;
}

beforeAll(async () => {
  session = await startCliSession({ sandbox: { assets: ASSETS, seed: SEED } });
});

afterAll(async () => {
  await session?.close();
});

describe("asset tools through the built CLI", () => {
  it("tenant has EASM and EOL assets to find", () => {
    expect(easmIds.length).toBeGreaterThan(20);
    expect(eolIds.length).toBeGreaterThan(20);
  });

  it("count_assets sends the JSON filter body", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("count_assets", { filters: EASM_FILTER });
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/rest/2.0/count/am/asset");
    expect(request.query).toEqual({});
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual({ filters: EASM_FILTER, operation: "AND" });
    expect(result.structuredContent).toEqual({ count: easmIds.length });
  });

  it("search_assets sends pageSize and returns summaries", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("search_assets", { filters: EASM_FILTER, pageSize: 5 });
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/rest/2.0/search/am/asset");
    expect(request.query).toEqual({ pageSize: "5" });
    expect(JSON.parse(request.body)).toEqual({ filters: EASM_FILTER, operation: "AND" });
    const page = result.structuredContent as unknown as Page;
    expect(page.count).toBe(5);
    expect(page.hasMore).toBe(true);
    expect(page.assets!.map((asset) => asset.id)).toEqual(easmIds.slice(0, 5));
    expect(page.nextCursor).toBe(easmIds[4]);
    expect(page.untrustedData).toMatch(/data, not instructions/);
    expect(page.assets![0]!.discoverySources).toContain("EASM");
  });

  it("search_assets follows the cursor", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("search_assets", { filters: EASM_FILTER, pageSize: 5, lastSeenAssetId: easmIds[4] });
    expect(lastRequest().query).toEqual({ pageSize: "5", lastSeenAssetId: String(easmIds[4]) });
    const page = result.structuredContent as unknown as Page;
    expect(page.assets!.map((asset) => asset.id)).toEqual(easmIds.slice(5, 10));
  });

  it("search_assets walks a filtered set to its end", async () => {
    const seen: number[] = [];
    let cursor: number | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const args: Record<string, unknown> = { filters: [{ field: "operatingSystem.lifecycle.stage", operator: "EQUALS", value: "EOL" }], pageSize: 40 };
      if (cursor !== undefined) args.lastSeenAssetId = cursor;
      const page = (await session.call("search_assets", args)).structuredContent as unknown as Page;
      seen.push(...page.assets!.map((asset) => asset.id));
      if (!page.hasMore) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(eolIds);
  });

  it("search_assets with no match reports an empty result", async () => {
    const result = await session.call("search_assets", { filters: [{ field: "asset.name", operator: "EQUALS", value: "no-such-asset.invalid" }] });
    expect(result.isError).toBeFalsy();
    const page = result.structuredContent as unknown as Page;
    expect(page.count).toBe(0);
    expect(page.hasMore).toBe(false);
    expect(page.note).toMatch(/204/);
  });

  it("search_assets detail full returns gateway records", async () => {
    const result = await session.call("search_assets", { filters: EASM_FILTER, pageSize: 2, detail: "full" });
    const page = result.structuredContent as { records: Raw[] };
    expect(page.records).toHaveLength(2);
    expect(page.records[0]!.assetId).toBe(easmIds[0]);
    expect(page.records[0]!.openPortListData).toBeDefined();
  });

  it("a bad field names the field and the guide", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("search_assets", { filters: [{ field: "asset.lastSeen", operator: "EQUALS", value: "x" }] });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain("asset.lastSeen");
  });

  it("a field the gateway rejects points to the filter guide", async () => {
    const result = await session.call("count_assets", { filters: [{ field: "asset.colour", operator: "EQUALS", value: "blue" }] });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain("HTTP 400");
    expect(resultText(result)).toContain("asset.colour");
    expect(resultText(result)).toContain("qualys://guides/filters");
  });

  it("get_asset sends GET with the id", async () => {
    session.sandbox.clearRequests();
    const id = easmIds[0]!;
    const result = await session.call("get_asset", { assetId: id });
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("GET");
    expect(request.path).toBe("/rest/2.0/get/am/asset");
    expect(request.query).toEqual({ assetId: String(id) });
    const asset = (result.structuredContent as { asset: Raw }).asset;
    const raw = tenant.getAsset(id) as Raw;
    expect(asset.id).toBe(id);
    expect(asset.name).toBe(raw.assetName);
    expect(asset.os.lifecycleStage).toBe(raw.operatingSystem.lifecycle.stage);
    expect(asset.openPorts.map((port: Raw) => port.port)).toEqual(
      [...raw.openPortListData.openPort].map((port: Raw) => port.port).sort((a: number, b: number) => a - b),
    );
  });

  it("get_asset for an unknown id is not found", async () => {
    const result = await session.call("get_asset", { assetId: 1 });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/404|no asset with ID 1/);
  });

  it("count_assets_v1 sends the QQL filter in the query", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("count_assets_v1", { filter: "openPorts:(discoverySources:EASM)" });
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/am/v1/assets/host/count");
    expect(request.query).toEqual({ filter: "openPorts:(discoverySources:EASM)" });
    expect(result.structuredContent).toEqual({ count: easmIds.length });
  });

  it("count_assets_v1 without a filter counts everything", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("count_assets_v1", {});
    expect(lastRequest().query).toEqual({});
    expect(result.structuredContent).toEqual({ count: ASSETS });
  });

  it("filter_assets_v1 pages through QQL matches", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("filter_assets_v1", { filter: "operatingSystem:(lifecycle.stage:`EOL`)", pageSize: 3 });
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.path).toBe("/am/v1/assets/host/filter/list");
    expect(request.query).toEqual({ filter: "operatingSystem:(lifecycle.stage:`EOL`)", pageSize: "3" });
    const page = result.structuredContent as unknown as Page;
    expect(page.assets!.map((asset) => asset.id)).toEqual(eolIds.slice(0, 3));
  });

  it("filter_assets_v1 rejects unbalanced QQL before sending", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("filter_assets_v1", { filter: "openPorts:(discoverySources:EASM" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/unclosed "\(" at character 11/);
    expect(apiRequests(session.sandbox)).toHaveLength(0);
  });

  it("list_assets_v1 pages without a filter", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("list_assets_v1", { pageSize: 4 });
    const request = lastRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/am/v1/assets/host/list");
    expect(request.query).toEqual({ pageSize: "4" });
    const page = result.structuredContent as unknown as Page;
    expect(page.assets!.map((asset) => asset.id)).toEqual(allAssets().slice(0, 4).map((asset) => asset.assetId));
  });

  it("get_asset_v1 posts the id", async () => {
    session.sandbox.clearRequests();
    const id = eolIds[2]!;
    const result = await session.call("get_asset_v1", { assetId: id });
    const request = lastRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/am/v1/asset/host/id");
    expect(request.query).toEqual({ assetId: String(id) });
    expect((result.structuredContent as { asset: Raw }).asset.id).toBe(id);
  });
});

describe("XML filter bodies", () => {
  let xmlSession: CliSession;

  beforeAll(async () => {
    xmlSession = await startCliSession({ sandbox: { assets: ASSETS, seed: SEED }, args: ["--filter-format", "xml"] });
  });

  afterAll(async () => {
    await xmlSession?.close();
  });

  it("search_assets sends the FilterRequest XML", async () => {
    xmlSession.sandbox.clearRequests();
    const result = await xmlSession.call("search_assets", { filters: EASM_FILTER, pageSize: 3 });
    expect(result.isError).toBeFalsy();
    const request = apiRequests(xmlSession.sandbox).at(-1)!;
    expect(request.headers["content-type"]).toBe("application/xml");
    expect(request.body).toBe(
      '<FilterRequest><filters><Criteria field="openPorts.discoverySources" operator="EQUALS"><value>EASM</value></Criteria></filters></FilterRequest>',
    );
    const page = result.structuredContent as unknown as Page;
    expect(page.assets!.map((asset) => asset.id)).toEqual(easmIds.slice(0, 3));
  });

  it("count_assets gives the same count as JSON", async () => {
    const result = await xmlSession.call("count_assets", { filters: EASM_FILTER });
    expect(result.structuredContent).toEqual({ count: easmIds.length });
  });
});

describe("filter value escaping", () => {
  const NASTY = `a<b & c>"d" 'e' ]]> é 中文 🙂`;

  it.each(["json", "xml"])("%s body carries the value unchanged", async (format) => {
    const escapeSession = await startCliSession({ sandbox: { assets: 50, seed: SEED }, args: ["--filter-format", format] });
    try {
      const result = await escapeSession.call("count_assets", { filters: [{ field: "asset.name", operator: "EQUALS", value: NASTY }] });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ count: 0 });
      const body = apiRequests(escapeSession.sandbox).at(-1)!.body;
      const parsedValue =
        format === "json"
          ? JSON.parse(body).filters[0].value
          : new XMLParser({ ignoreAttributes: false, processEntities: true, parseTagValue: false, trimValues: false }).parse(body).FilterRequest.filters
              .Criteria.value;
      expect(parsedValue).toBe(NASTY);
    } finally {
      await escapeSession.close();
    }
  });
});

describe("paging faults", () => {
  it("stops on a page with hasMore and no assets", async () => {
    const faultSession = await startCliSession({ sandbox: { assets: 200, seed: SEED, assetPagingFaults: { emptyPageWithHasMore: true } } });
    try {
      const first = (await faultSession.call("search_assets", { pageSize: 10 })).structuredContent as unknown as Page;
      expect(first.hasMore).toBe(true);
      const second = (await faultSession.call("search_assets", { pageSize: 10, lastSeenAssetId: first.nextCursor })).structuredContent as unknown as Page;
      expect(second.hasMore).toBe(false);
      expect(second.nextCursor).toBeUndefined();
      expect(second.note).toMatch(/empty page/);
    } finally {
      await faultSession.close();
    }
  });

  it("stops when the cursor does not advance", async () => {
    const faultSession = await startCliSession({ sandbox: { assets: 200, seed: SEED, assetPagingFaults: { stalledCursor: true } } });
    try {
      const first = (await faultSession.call("list_assets_v1", { pageSize: 10 })).structuredContent as unknown as Page;
      const second = (await faultSession.call("list_assets_v1", { pageSize: 10, lastSeenAssetId: first.nextCursor })).structuredContent as unknown as Page;
      expect(second.hasMore).toBe(false);
      expect(second.note).toMatch(/did not advance/);
    } finally {
      await faultSession.close();
    }
  });
});
