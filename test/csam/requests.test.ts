import { describe, expect, it } from "vitest";
import { InputError } from "../../src/gateway/errors.js";
import { renderQuery } from "../../src/gateway/request.js";
import type { FilterCriterion } from "../../src/csam/filters.js";
import {
  buildCountAssets,
  buildCountAssetsV1,
  buildFilterAssetsV1,
  buildGetAsset,
  buildGetAssetV1,
  buildListAssetsV1,
  buildSearchAssets,
} from "../../src/csam/requests.js";

function thrownBy(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError, but nothing was thrown");
}

const eolFilter: FilterCriterion[] = [{ field: "operatingSystem.lifecycle.stage", operator: "EQUALS", value: "EOL" }];

describe("buildSearchAssets", () => {
  it("builds the first page without filters", () => {
    expect(buildSearchAssets({})).toStrictEqual({
      method: "POST",
      path: "/rest/2.0/search/am/asset",
      query: { pageSize: "25" },
    });
  });

  it("builds a later page with a JSON filter", () => {
    expect(buildSearchAssets({ filters: eolFilter, operation: "AND", pageSize: 300, lastSeenAssetId: 40330977, format: "json" })).toStrictEqual({
      method: "POST",
      path: "/rest/2.0/search/am/asset",
      query: { pageSize: "300", lastSeenAssetId: "40330977" },
      body: {
        contentType: "application/json",
        text: '{"filters":[{"field":"operatingSystem.lifecycle.stage","operator":"EQUALS","value":"EOL"}],"operation":"AND"}',
      },
    });
  });

  it("builds an XML filter body", () => {
    expect(buildSearchAssets({ filters: eolFilter, pageSize: 1, format: "xml" })).toStrictEqual({
      method: "POST",
      path: "/rest/2.0/search/am/asset",
      query: { pageSize: "1" },
      body: {
        contentType: "application/xml",
        text: '<FilterRequest><filters><Criteria field="operatingSystem.lifecycle.stage" operator="EQUALS"><value>EOL</value></Criteria></filters></FilterRequest>',
      },
    });
  });

  it("sends pageSize before lastSeenAssetId", () => {
    const request = buildSearchAssets({ pageSize: 50, lastSeenAssetId: 7 });
    expect(renderQuery(request.query)).toBe("?pageSize=50&lastSeenAssetId=7");
  });

  it("sends a cursor of 0", () => {
    expect(buildSearchAssets({ lastSeenAssetId: 0 }).query).toStrictEqual({ pageSize: "25", lastSeenAssetId: "0" });
  });

  it.each([0, 301, 2.5, Number.NaN])("rejects page size %s", (pageSize) => {
    const error = thrownBy(() => buildSearchAssets({ pageSize }));
    expect(error.path).toBe("pageSize");
  });

  it.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 1])("rejects cursor %s", (lastSeenAssetId) => {
    const error = thrownBy(() => buildSearchAssets({ lastSeenAssetId }));
    expect(error.path).toBe("lastSeenAssetId");
  });

  it("rejects a bad filter before building", () => {
    const filters = [{ field: "software.discoverySources:", operator: "EQUALS", value: "EASM" }] as FilterCriterion[];
    const error = thrownBy(() => buildSearchAssets({ filters }));
    expect(error.path).toBe("filters[0].field");
  });
});

describe("buildCountAssets", () => {
  it("builds a count without filters", () => {
    expect(buildCountAssets({})).toStrictEqual({ method: "POST", path: "/rest/2.0/count/am/asset", query: {} });
  });

  it("builds a count with an OR filter", () => {
    const filters: FilterCriterion[] = [
      { field: "software.discoverySources", operator: "EQUALS", value: "EASM" },
      { field: "openPorts.discoverySources", operator: "EQUALS", value: "EASM" },
    ];
    expect(buildCountAssets({ filters, operation: "OR", format: "xml" })).toStrictEqual({
      method: "POST",
      path: "/rest/2.0/count/am/asset",
      query: {},
      body: {
        contentType: "application/xml",
        text: '<FilterRequest><filters><Criteria field="software.discoverySources" operator="EQUALS"><value>EASM</value></Criteria><Criteria field="openPorts.discoverySources" operator="EQUALS"><value>EASM</value></Criteria></filters><operation>OR</operation></FilterRequest>',
      },
    });
  });
});

describe("buildGetAsset", () => {
  it("builds a GET with the asset ID", () => {
    expect(buildGetAsset(40330977)).toStrictEqual({ method: "GET", path: "/rest/2.0/get/am/asset", query: { assetId: "40330977" } });
  });

  it.each([0, -5, 1.5])("rejects asset ID %s", (assetId) => {
    expect(thrownBy(() => buildGetAsset(assetId)).path).toBe("assetId");
  });
});

describe("v1 builders", () => {
  it("builds a list page", () => {
    expect(buildListAssetsV1({ pageSize: 1 })).toStrictEqual({ method: "POST", path: "/am/v1/assets/host/list", query: { pageSize: "1" } });
  });

  it("builds a list page with the default size and a cursor", () => {
    expect(buildListAssetsV1({ lastSeenAssetId: 40006682 })).toStrictEqual({
      method: "POST",
      path: "/am/v1/assets/host/list",
      query: { pageSize: "25", lastSeenAssetId: "40006682" },
    });
  });

  it("builds a filtered list page", () => {
    expect(buildFilterAssetsV1({ filter: "openPorts:(discoverySources:EASM)", pageSize: 50, lastSeenAssetId: 40330980 })).toStrictEqual({
      method: "POST",
      path: "/am/v1/assets/host/filter/list",
      query: { filter: "openPorts:(discoverySources:EASM)", pageSize: "50", lastSeenAssetId: "40330980" },
    });
  });

  it("keeps the QQL query as plain text for the client to encode", () => {
    const request = buildFilterAssetsV1({ filter: 'asset.name:"web 01"' });
    expect(renderQuery(request.query)).toBe("?filter=asset.name%3A%22web%2001%22&pageSize=25");
  });

  it("rejects malformed QQL before building", () => {
    const error = thrownBy(() => buildFilterAssetsV1({ filter: "openPorts:(discoverySources:EASM" }));
    expect(error.path).toBe("filter");
  });

  it("builds a count without a filter", () => {
    expect(buildCountAssetsV1({})).toStrictEqual({ method: "POST", path: "/am/v1/assets/host/count", query: {} });
  });

  it("builds a count with a filter", () => {
    expect(buildCountAssetsV1({ filter: "operatingSystem:(lifecycle.detectionScore:8)" })).toStrictEqual({
      method: "POST",
      path: "/am/v1/assets/host/count",
      query: { filter: "operatingSystem:(lifecycle.detectionScore:8)" },
    });
  });

  it("rejects an empty count filter", () => {
    expect(thrownBy(() => buildCountAssetsV1({ filter: "" })).message).toContain("is empty");
  });

  it("builds a get by ID", () => {
    expect(buildGetAssetV1(28975144)).toStrictEqual({ method: "POST", path: "/am/v1/asset/host/id", query: { assetId: "28975144" } });
  });

  it("rejects a get with asset ID 0", () => {
    expect(thrownBy(() => buildGetAssetV1(0)).path).toBe("assetId");
  });

  it("rejects a v1 page size over 300", () => {
    expect(thrownBy(() => buildListAssetsV1({ pageSize: 301 })).path).toBe("pageSize");
  });
});
