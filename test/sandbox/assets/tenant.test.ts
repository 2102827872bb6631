import { describe, expect, it } from "vitest";
import { HOSTILE_TEXTS } from "../../../src/sandbox/assets/catalog.js";
import type { AssetRecord } from "../../../src/sandbox/assets/record.js";
import { ASSET_ID_STRIDE, DEFAULT_REFERENCE_TIME, FIRST_ASSET_ID, createTenant } from "../../../src/sandbox/assets/tenant.js";
import { AssetApi, TEST_SEED, allRecords, countOf, listBody, testTenant } from "./support.js";

const REFERENCE_MS = Date.parse(DEFAULT_REFERENCE_TIME);
const SOURCES = ["EASM", "IP Scanner", "Cloud Agent", "Passive Sensor"];

describe("tenant determinism", () => {
  it("builds identical assets from the same seed", () => {
    const first = createTenant({ assets: 200, seed: "determinism" });
    const second = createTenant({ assets: 200, seed: "determinism" });
    for (const index of [0, 1, 57, 199]) {
      expect(JSON.stringify(second.getAssetAt(index))).toBe(JSON.stringify(first.getAssetAt(index)));
    }
  });

  it("builds the same asset regardless of tenant size", () => {
    const small = createTenant({ assets: 10, seed: "determinism" });
    const large = createTenant({ assets: 5000, seed: "determinism" });
    expect(JSON.stringify(large.getAssetAt(7))).toBe(JSON.stringify(small.getAssetAt(7)));
  });

  it("builds different assets from another seed", () => {
    const first = createTenant({ assets: 50, seed: "seed-a" });
    const second = createTenant({ assets: 50, seed: "seed-b" });
    let differing = 0;
    for (let index = 0; index < 50; index++) {
      if (JSON.stringify(first.getAssetAt(index)) !== JSON.stringify(second.getAssetAt(index))) differing++;
    }
    expect(differing).toBe(50);
  });

  it("moves dates with the reference time", () => {
    const now = createTenant({ assets: 5, seed: TEST_SEED });
    const later = createTenant({ assets: 5, seed: TEST_SEED, referenceTime: REFERENCE_MS + 86_400_000 });
    const shift = Date.parse(later.getAssetAt(0).createdDate) - Date.parse(now.getAssetAt(0).createdDate);
    expect(shift).toBe(86_400_000);
  });

  it("rejects a size that is not a non-negative integer", () => {
    expect(() => createTenant({ assets: -1, seed: "x" })).toThrow(RangeError);
    expect(() => createTenant({ assets: 1.5, seed: "x" })).toThrow(RangeError);
  });

  it("rejects an unreadable reference time", () => {
    expect(() => createTenant({ assets: 1, seed: "x", referenceTime: "yesterday" })).toThrow(/Invalid tenant reference time/);
  });
});

describe("tenant ids and cursor", () => {
  const tenant = testTenant();

  it("gives ids that rise with the index", () => {
    let previous = FIRST_ASSET_ID - 1;
    for (let index = 0; index < tenant.size; index++) {
      const id = tenant.assetIdAt(index);
      expect(id).toBeGreaterThan(previous);
      expect(id - FIRST_ASSET_ID - index * ASSET_ID_STRIDE).toBeLessThan(ASSET_ID_STRIDE);
      previous = id;
    }
  });

  it("finds each asset by its id", () => {
    for (const index of [0, 1, 500, tenant.size - 1]) {
      const id = tenant.assetIdAt(index);
      expect(tenant.indexOfId(id)).toBe(index);
      expect(tenant.getAsset(id)?.assetId).toBe(id);
    }
  });

  it("returns nothing for ids no asset has", () => {
    expect(tenant.getAsset(FIRST_ASSET_ID - 1)).toBeUndefined();
    expect(tenant.getAsset(tenant.assetIdAt(tenant.size - 1) + ASSET_ID_STRIDE * 2)).toBeUndefined();
    const gapId = tenant.assetIdAt(10) + 1 === tenant.assetIdAt(11) ? tenant.assetIdAt(12) - 1 : tenant.assetIdAt(10) + 1;
    expect(tenant.getAsset(gapId)).toBeUndefined();
  });

  it("places the cursor after every id", () => {
    for (let index = 0; index < tenant.size; index++) {
      const id = tenant.assetIdAt(index);
      expect(tenant.firstIndexAfter(id)).toBe(index + 1);
      expect(tenant.firstIndexAfter(id - 1)).toBe(index);
    }
    expect(tenant.firstIndexAfter(0)).toBe(0);
    expect(tenant.firstIndexAfter(Number.MAX_SAFE_INTEGER)).toBe(tenant.size);
  });

  it("iterates records after a cursor in id order", () => {
    const cursor = tenant.assetIdAt(994);
    const ids = [...tenant.assetsAfter(cursor)].map((asset) => asset.assetId);
    expect(ids).toEqual([995, 996, 997, 998, 999].map((index) => tenant.assetIdAt(index)));
  });
});

function operatingSystemNames(records: AssetRecord[]): Set<string> {
  return new Set(records.map((asset) => asset.operatingSystem.osName));
}

function hasOs(records: AssetRecord[], fragment: string): boolean {
  return [...operatingSystemNames(records)].some((name) => name.includes(fragment));
}

describe("tenant realism", () => {
  const records = allRecords();

  it.each([
    "Windows 7",
    "Windows 10",
    "Windows 11",
    "Windows Server 2008 R2",
    "Windows Server 2012 R2",
    "Windows Server 2016",
    "Windows Server 2019",
    "Windows Server 2022",
    "Ubuntu Linux 16.04",
    "Ubuntu Linux 22.04",
    "CentOS Linux 7",
    "Red Hat Enterprise Linux 8",
    "Red Hat Enterprise Linux 9",
    "Debian GNU/Linux",
    "Cisco IOS XE",
    "Fortinet FortiOS",
  ])("includes %s", (fragment) => {
    expect(hasOs(records, fragment)).toBe(true);
  });

  it("keeps lifecycle stages consistent with their dates", () => {
    for (const asset of [...records.map((record) => record.operatingSystem), ...records.flatMap((record) => record.softwareListData.software)]) {
      const { stage, eolDate, eosDate } = asset.lifecycle;
      const eolPassed = eolDate !== null && Date.parse(eolDate) <= REFERENCE_MS;
      const eosPassed = eosDate !== null && Date.parse(eosDate) <= REFERENCE_MS;
      if (stage === "Unknown") continue;
      const expected = eolPassed && eosPassed ? "EOL/EOS" : eolPassed ? "EOL" : eosPassed ? "EOS" : "GA";
      expect(stage).toBe(expected);
    }
  });

  it("marks Windows 7 and CentOS 7 as EOL/EOS and Ubuntu 22.04 as GA", () => {
    const stageOf = (fragment: string): Set<string> =>
      new Set(records.filter((asset) => asset.operatingSystem.osName.includes(fragment)).map((asset) => asset.operatingSystem.lifecycle.stage));
    expect([...stageOf("Windows 7")]).toEqual(["EOL/EOS"]);
    expect([...stageOf("CentOS Linux 7")]).toEqual(["EOL/EOS"]);
    expect([...stageOf("Ubuntu Linux 22.04")]).toEqual(["GA"]);
  });

  it("includes documented OS detection scores", () => {
    const scores = new Set(records.map((asset) => asset.operatingSystem.lifecycle.detectionScore));
    expect(scores.has(8)).toBe(true);
    expect(scores.has(20)).toBe(true);
    expect(scores.has(80)).toBe(true);
  });

  it("writes well-formed CPE 2.3 names", () => {
    const cpes = records.flatMap((asset) => [asset.operatingSystem.cpe, ...asset.softwareListData.software.map((item) => item.cpe)]).filter((cpe) => cpe !== null);
    for (const cpe of cpes) expect(cpe).toMatch(/^cpe:2\.3:[aoh](?::(?:[^:\\]|\\.)+){10}$/);
  });

  it.each([
    "openssl:openssl",
    "apache:http_server",
    "f5:nginx",
    "videolan:vlc_media_player",
    "splunk:universal_forwarder",
    "apache:log4j",
    "openbsd:openssh",
    "php:php",
    "oracle:mysql",
    "jquery:jquery",
  ])("has software with CPE vendor and product %s", (vendorProduct) => {
    const found = records.some((asset) => asset.softwareListData.software.some((item) => item.cpe?.startsWith(`cpe:2.3:a:${vendorProduct}:`)));
    expect(found).toBe(true);
  });

  it("uses the four discovery sources on ports and software", () => {
    const seen = new Set<string>();
    for (const asset of records) {
      for (const port of asset.openPortListData.openPort) seen.add(port.discoverySources);
      for (const item of asset.softwareListData.software) seen.add(item.discoverySources);
    }
    expect([...seen].sort()).toEqual([...SOURCES].sort());
  });

  it("keeps risk and criticality scores in range", () => {
    for (const asset of records) {
      expect(asset.riskScore).toBeGreaterThanOrEqual(0);
      expect(asset.riskScore).toBeLessThanOrEqual(1000);
      expect(asset.criticality.score).toBeGreaterThanOrEqual(1);
      expect(asset.criticality.score).toBeLessThanOrEqual(5);
    }
  });

  it("gives internet-facing assets documentation addresses and consistent domains", () => {
    const easm = records.filter((asset) => asset.inventory.source === "EASM");
    expect(easm.length).toBeGreaterThan(100);
    for (const asset of easm) {
      expect(asset.address).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/);
      expect(asset.asn).toMatch(/^AS\d+$/);
      const domain = asset.domain?.[0];
      for (const subdomain of asset.subdomain ?? []) expect(subdomain.endsWith(`.${domain}`)).toBe(true);
      if (domain !== undefined) expect(asset.whois?.[0]?.domain).toBe(domain);
    }
  });

  it("gives internal assets private addresses", () => {
    const internal = records.filter((asset) => asset.inventory.source !== "EASM");
    for (const asset of internal) expect(asset.address).toMatch(/^(10\.|172\.31\.)/);
  });

  it("tags exactly the assets whose OS is past EOL or EOS", () => {
    for (const asset of records) {
      const tagged = asset.tagList.tag.some((tag) => tag.tagName === "EOL Operating System");
      const pastEnd = ["EOL", "EOS", "EOL/EOS"].includes(asset.operatingSystem.lifecycle.stage);
      expect(tagged).toBe(pastEnd);
    }
  });

  it("keeps the software ids in the 64-bit range the API uses", () => {
    const ids = records.flatMap((asset) => asset.softwareListData.software.map((item) => Math.abs(item.id)));
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(1e18);
  });

  it("plants every hostile text in some internet-facing field", () => {
    const tenant = createTenant({ assets: 12_000, seed: TEST_SEED });
    const texts = new Set<string>();
    for (const asset of tenant.assetsAfter(0)) {
      if (asset.inventory.source !== "EASM") continue;
      for (const port of asset.openPortListData.openPort) texts.add(port.description).add(port.title ?? "");
      for (const tag of asset.easmTags ?? []) texts.add(tag);
      for (const whois of asset.whois ?? []) texts.add(whois.registrantOrganization);
    }
    for (const hostile of HOSTILE_TEXTS) expect(texts.has(hostile)).toBe(true);
  });
});

describe("100,000-asset tenant", () => {
  const size = 100_000;
  const tenant = createTenant({ assets: size, seed: "large" });

  it("maps every index to a rising id and back", () => {
    let previous = 0;
    for (let index = 0; index < size; index++) {
      const id = tenant.assetIdAt(index);
      expect(id > previous).toBe(true);
      expect(tenant.indexOfId(id) === index).toBe(true);
      previous = id;
    }
  });

  it("builds the first, middle and last asset", () => {
    for (const index of [0, 50_000, size - 1]) {
      const id = tenant.assetIdAt(index);
      expect(tenant.getAsset(id)?.assetId).toBe(id);
    }
  });

  it("serves the last page without a scan", async () => {
    const api = new AssetApi(tenant);
    const cursor = tenant.assetIdAt(size - 3);
    const response = await api.call("POST", "/rest/2.0/search/am/asset", { query: { lastSeenAssetId: String(cursor), pageSize: "300" } });
    const body = listBody(response);
    expect(body.assetListData.asset.map((asset) => asset.assetId)).toEqual([tenant.assetIdAt(size - 2), tenant.assetIdAt(size - 1)]);
    expect(body.hasMore).toBe(0);
  });

  it("counts all assets", async () => {
    const api = new AssetApi(tenant);
    expect(countOf(await api.call("POST", "/rest/2.0/count/am/asset"))).toBe(size);
  });
});
