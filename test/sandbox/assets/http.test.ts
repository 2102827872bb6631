import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../../../src/sandbox/assets/tenant.js";
import { startSandbox, type SandboxGateway } from "../../../src/sandbox/index.js";
import { call, getToken, json } from "../helpers.js";

const ASSETS = 400;
const SEED = "http-asset-tests";

describe("asset endpoints over HTTP", () => {
  const tenant = createTenant({ assets: ASSETS, seed: SEED });
  const records = [...tenant.assetsAfter(0)];
  let sandbox: SandboxGateway;
  let token: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, assets: ASSETS, seed: SEED });
    token = await getToken(sandbox);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it("serves the tenant the seed describes", async () => {
    const result = await call(sandbox, "POST", "/rest/2.0/search/am/asset?pageSize=3&lastSeenAssetId=0", { token });
    expect(result.status).toBe(200);
    expect(result.headers["content-type"]).toMatch(/^application\/json/);
    expect(json(result).assetListData.asset).toEqual(records.slice(0, 3).map((asset) => JSON.parse(JSON.stringify(asset))));
  });

  it("filters with a JSON body", async () => {
    const filter = { filters: [{ field: "operatingSystem.lifecycle.stage", operator: "EQUALS", value: "EOL/EOS" }] };
    const result = await call(sandbox, "POST", "/rest/2.0/count/am/asset", { token, json: filter });
    const expected = records.filter((asset) => asset.operatingSystem.lifecycle.stage === "EOL/EOS").length;
    expect(json(result)).toEqual({ count: expected, responseCode: "SUCCESS", responseMessage: "Valid API Access" });
  });

  it("filters with an XML body", async () => {
    const body = '<FilterRequest><filters><Criteria field="tags.name" operator="EQUALS"><value>Internet Facing Assets</value></Criteria></filters></FilterRequest>';
    const result = await call(sandbox, "POST", "/rest/2.0/count/am/asset", { token, body, headers: { "content-type": "application/xml" } });
    const expected = records.filter((asset) => asset.tagList.tag.some((tag) => tag.tagName === "Internet Facing Assets")).length;
    expect(json(result).count).toBe(expected);
  });

  it("returns 204 with an empty body past the last asset", async () => {
    const last = records[records.length - 1]?.assetId;
    const result = await call(sandbox, "POST", `/rest/2.0/search/am/asset?lastSeenAssetId=${last}`, { token });
    expect(result.status).toBe(204);
    expect(result.text).toBe("");
  });

  it("returns 416 above the maximum page size", async () => {
    const result = await call(sandbox, "POST", "/rest/2.0/search/am/asset?pageSize=500", { token });
    expect(result.status).toBe(416);
    expect(json(result).responseCode).toBe("BAD_REQUEST");
  });

  it("names an unknown field with 400", async () => {
    const filter = { filters: [{ field: "asset.lastSeen", operator: "GREATER", value: "2024-01-01" }] };
    const result = await call(sandbox, "POST", "/rest/2.0/search/am/asset", { token, json: filter });
    expect(result.status).toBe(400);
    expect(json(result)).toEqual({ responseCode: "BAD_REQUEST", responseMessage: "Invalid field: asset.lastSeen" });
  });

  it("takes QQL from the query string", async () => {
    const filter = encodeURIComponent("openPorts:(discoverySources:EASM AND port:443)");
    const result = await call(sandbox, "POST", `/am/v1/assets/host/filter/list?pageSize=300&filter=${filter}`, { token });
    const expected = records.filter((asset) => asset.openPortListData.openPort.some((port) => port.discoverySources === "EASM" && port.port === 443));
    expect(json(result).assetListData.asset.map((asset: { assetId: number }) => asset.assetId)).toEqual(expected.map((asset) => asset.assetId));
  });

  it("gets one asset by id with GET", async () => {
    const id = records[5]?.assetId;
    const result = await call(sandbox, "GET", `/rest/2.0/get/am/asset?assetId=${id}`, { token });
    expect(json(result).assetListData.asset[0].assetId).toBe(id);
  });

  it("requires a token", async () => {
    const result = await call(sandbox, "POST", "/am/v1/assets/host/count");
    expect(result.status).toBe(401);
  });
});
