import { describe, expect, it } from "vitest";
import {
  CLOUD_HARDWARE,
  LINUX_OSES,
  REQUIRED_SOFTWARE,
  SERVER_HARDWARE,
  SOFTWARE,
  WORKSTATION_HARDWARE,
  type SoftwareProduct,
} from "../../../src/sandbox/assets/catalog.js";
import { CLOUD_AGENT_KEYS, COMMON_SOFTWARE, COMMON_SOFTWARE_BY_PLATFORM, REQUIRED_SOFTWARE_KEYS } from "../../../src/sandbox/assets/common-software.js";
import type { AssetRecord, Software } from "../../../src/sandbox/assets/record.js";
import { DEFAULT_REFERENCE_TIME } from "../../../src/sandbox/assets/tenant.js";
import { allRecords } from "./support.js";

const REFERENCE_MS = Date.parse(DEFAULT_REFERENCE_TIME);
const ALL_PRODUCTS: readonly SoftwareProduct[] = [...SOFTWARE, ...COMMON_SOFTWARE];
const PRODUCT_BY_KEY = new Map(ALL_PRODUCTS.map((product) => [product.key, product]));
const TRACKED_NAMES = new Set(SOFTWARE.map((product) => product.fullName));
const COMMON_BY_NAME = new Map(COMMON_SOFTWARE.map((product) => [product.fullName, product]));

function productOf(key: string): SoftwareProduct {
  const product = PRODUCT_BY_KEY.get(key);
  if (product === undefined) throw new Error(`Software key "${key}" is missing from the catalogs`);
  return product;
}

function endDatesOf(product: SoftwareProduct): (string | null)[] {
  return product.versions.flatMap((release) => [release.eolDate, release.eosDate]);
}

type AssetGroup = "workstation" | "windows-server" | "linux-server" | "network-device" | "easm" | "other";

/** Classifies an asset by the tags and fields its kind sets, because records do not carry the kind. */
function groupOf(asset: AssetRecord): AssetGroup {
  const tags = new Set(asset.tagList.tag.map((tag) => tag.tagName));
  if (asset.inventory.source === "EASM") return "easm";
  if (tags.has("Network Devices")) return "network-device";
  if (asset.provider !== null) return "other";
  if (tags.has("Windows Workstations")) return "workstation";
  if (tags.has("Windows Servers")) return "windows-server";
  if (tags.has("Linux Servers")) return "linux-server";
  return "other";
}

function softwareOf(asset: AssetRecord): Software[] {
  return asset.softwareListData.software;
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function agentCounts(records: readonly AssetRecord[], group: AssetGroup): number[] {
  return records.filter((asset) => groupOf(asset) === group && asset.agent !== null).map((asset) => softwareOf(asset).length);
}

describe("common software catalog", () => {
  it("gives every product a unique key", () => {
    const keys = ALL_PRODUCTS.map((product) => product.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("shares no full name with tracked products", () => {
    const shared = COMMON_SOFTWARE.filter((product) => TRACKED_NAMES.has(product.fullName)).map((product) => product.fullName);
    expect(shared).toEqual([]);
  });

  it("resolves every key it refers to", () => {
    const referenced = [
      ...Object.values(COMMON_SOFTWARE_BY_PLATFORM).flatMap((rules) => rules.map(([key]) => key)),
      ...ALL_PRODUCTS.flatMap((product) => product.bundle ?? []),
      ...[...WORKSTATION_HARDWARE, ...SERVER_HARDWARE, ...CLOUD_HARDWARE].flatMap((hardware) => [
        ...(hardware.vendorSoftware?.windows ?? []),
        ...(hardware.vendorSoftware?.linux ?? []),
      ]),
      ...Object.values(REQUIRED_SOFTWARE_KEYS),
      ...Object.values(CLOUD_AGENT_KEYS),
    ];
    for (const key of referenced) expect(PRODUCT_BY_KEY.has(key), key).toBe(true);
  });

  it("maps every required product except the agent to a key", () => {
    const names = [...REQUIRED_SOFTWARE.windows, ...REQUIRED_SOFTWARE.linux].filter((name) => name !== "Qualys Cloud Agent");
    for (const name of names) expect(REQUIRED_SOFTWARE_KEYS[name], name).toBeDefined();
  });

  it("gives bundled products one release per release of their bundler", () => {
    for (const product of ALL_PRODUCTS) {
      for (const key of product.bundle ?? []) expect(productOf(key).versions.length, `${product.key} bundles ${key}`).toBe(product.versions.length);
    }
  });

  it("gives generation-bound products three releases", () => {
    for (const product of ALL_PRODUCTS.filter((candidate) => candidate.versionsByGeneration === true)) expect(product.versions.length, product.key).toBe(3);
  });

  it("keeps required products and tracked bundles free of end dates", () => {
    const keys = [...Object.values(REQUIRED_SOFTWARE_KEYS), ...SOFTWARE.flatMap((product) => product.bundle ?? [])];
    for (const key of keys) expect(endDatesOf(productOf(key)).every((date) => date === null), key).toBe(true);
  });

  it("gives each product its own release objects", () => {
    const releases = ALL_PRODUCTS.flatMap((product) => product.versions);
    expect(new Set(releases).size).toBe(releases.length);
  });

  it("keeps end-of-life releases to a few products", () => {
    const ended = COMMON_SOFTWARE.filter((product) => endDatesOf(product).some((date) => date !== null && Date.parse(date) <= REFERENCE_MS));
    expect(ended.map((product) => product.key).sort()).toEqual(["dotnet-runtime-8", "powershell-7", "vc-redist-2010-x86", "vc-redist-2013-x64"]);
  });
});

describe("software lists of the tenant", () => {
  const records = allRecords();

  it("gives agent workstations 20 to 60 entries", () => {
    const counts = agentCounts(records, "workstation");
    expect(counts.length).toBeGreaterThan(100);
    expect(average(counts)).toBeGreaterThan(30);
    expect(average(counts)).toBeLessThan(50);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...counts)).toBeLessThanOrEqual(70);
  });

  it("gives agent Windows servers more entries than Linux servers", () => {
    const windows = agentCounts(records, "windows-server");
    const linux = agentCounts(records, "linux-server");
    expect(average(windows)).toBeGreaterThan(average(linux));
    expect(average(linux)).toBeGreaterThan(20);
    expect(Math.min(...windows, ...linux)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...windows, ...linux)).toBeLessThanOrEqual(70);
  });

  it("keeps internet-facing assets to their banner products", () => {
    const easm = records.filter((asset) => groupOf(asset) === "easm");
    for (const asset of easm) {
      expect(softwareOf(asset).length).toBeLessThanOrEqual(9);
      for (const item of softwareOf(asset)) expect(TRACKED_NAMES.has(item.fullName), item.fullName).toBe(true);
    }
  });

  it("keeps network devices to a few entries", () => {
    for (const asset of records.filter((candidate) => groupOf(candidate) === "network-device")) expect(softwareOf(asset).length).toBeLessThanOrEqual(2);
  });

  it("sorts each list by name without repeats", () => {
    for (const asset of records) {
      const names = softwareOf(asset).map((item) => item.fullName);
      expect(names).toEqual([...names].sort(compareText));
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it("lists the Qualys Cloud Agent exactly when an agent reports", () => {
    for (const asset of records) {
      const agents = softwareOf(asset).filter((item) => item.fullName === "Qualys Cloud Agent");
      if (asset.agent === null) {
        expect(agents).toEqual([]);
      } else {
        expect(agents.map((item) => item.version)).toEqual([asset.agent.version]);
      }
    }
  });

  it("never lists missing software as installed", () => {
    for (const asset of records) {
      const installed = new Set(softwareOf(asset).map((item) => item.fullName));
      for (const name of asset.missingSoftware) {
        const key = REQUIRED_SOFTWARE_KEYS[name];
        if (key !== undefined) expect(installed.has(productOf(key).fullName), `${asset.assetId} ${name}`).toBe(false);
      }
    }
  });

  it("lists required software on agent assets unless missing", () => {
    for (const asset of records.filter((candidate) => candidate.agent !== null)) {
      const family = asset.operatingSystem.category1 === "Windows" ? "windows" : "linux";
      const installed = new Set(softwareOf(asset).map((item) => item.fullName));
      for (const name of REQUIRED_SOFTWARE[family]) {
        const key = REQUIRED_SOFTWARE_KEYS[name];
        if (key === undefined || asset.missingSoftware.includes(name)) continue;
        expect(installed.has(productOf(key).fullName), `${asset.assetId} ${name}`).toBe(true);
      }
    }
  });

  it("installs common software no earlier than its release", () => {
    for (const asset of records) {
      const modifiedMs = Date.parse(asset.lastModifiedDate);
      for (const item of softwareOf(asset)) {
        if (!COMMON_BY_NAME.has(item.fullName) || item.installDate === null) continue;
        const installMs = Date.parse(item.installDate);
        expect(installMs).toBeLessThanOrEqual(modifiedMs);
        if (item.lifecycle.gaDate !== null) expect(installMs, `${item.fullName} ${item.version}`).toBeGreaterThanOrEqual(Date.parse(item.lifecycle.gaDate));
      }
    }
  });

  it("matches Linux package versions to the distribution", () => {
    const bashByOs = new Map<string, Set<string>>();
    for (const asset of records) {
      const bash = softwareOf(asset).find((item) => item.fullName === "GNU Bash");
      if (bash === undefined) continue;
      const versions = bashByOs.get(asset.operatingSystem.osName) ?? new Set<string>();
      versions.add(bash.version);
      bashByOs.set(asset.operatingSystem.osName, versions);
    }
    expect([...(bashByOs.get("CentOS Linux 7.9.2009") ?? [])]).toEqual(["4.2.46"]);
    expect([...(bashByOs.get("Red Hat Enterprise Linux 9.4") ?? [])]).toEqual(["5.1.8"]);
    for (const os of LINUX_OSES) expect(bashByOs.get(os.osName)?.size ?? 0, os.osName).toBeLessThanOrEqual(1);
  });

  it("installs the package manager of the distribution", () => {
    for (const asset of records.filter((candidate) => candidate.agent !== null && candidate.operatingSystem.category1 === "Linux")) {
      const names = new Set(softwareOf(asset).map((item) => item.fullName));
      const debian = /Ubuntu|Debian/.test(asset.operatingSystem.osName);
      expect(names.has("Debian dpkg"), asset.operatingSystem.osName).toBe(debian);
      expect(names.has("RPM Package Manager"), asset.operatingSystem.osName).toBe(!debian);
    }
  });

  it("installs vendor tools only on the vendor's hardware", () => {
    for (const asset of records) {
      const names = new Set(softwareOf(asset).map((item) => item.fullName));
      if (names.has("VMware Tools") || names.has("open-vm-tools")) expect(asset.hardware.manufacturer).toBe("VMware");
      if (names.has("Dell OpenManage Server Administrator")) expect(asset.hardware.model).toMatch(/^PowerEdge/);
      if (names.has("Amazon SSM Agent")) expect(asset.hardware.manufacturer).toBe("Amazon");
    }
  });

  it("adds SQL Server components of the installed release", () => {
    const sqlAssets = records.filter((asset) => asset.agent !== null && softwareOf(asset).some((item) => item.fullName === "Microsoft SQL Server"));
    expect(sqlAssets.length).toBeGreaterThan(5);
    for (const asset of sqlAssets) {
      const server = softwareOf(asset).find((item) => item.fullName === "Microsoft SQL Server");
      const browser = softwareOf(asset).find((item) => item.fullName === "Microsoft SQL Server Browser");
      expect(browser?.version.split(".")[0]).toBe(server?.version === "2014" ? "12" : "15");
    }
  });

  it("keeps almost all common entries free of detection scores", () => {
    const common = records.flatMap((asset) => softwareOf(asset).filter((item) => COMMON_BY_NAME.has(item.fullName)));
    const scored = common.filter((item) => item.lifecycle.detectionScore !== null);
    expect(common.length).toBeGreaterThan(10_000);
    expect(scored.length / common.length).toBeLessThan(0.02);
  });

  it("shares frozen lifecycle blocks between GA entries", () => {
    const bash = records.flatMap((asset) => softwareOf(asset).filter((item) => item.fullName === "GNU Bash" && item.version === "5.1.8"));
    expect(bash.length).toBeGreaterThan(10);
    for (const item of bash) {
      expect(Object.isFrozen(item.lifecycle)).toBe(true);
      expect(item.lifecycle).toBe(bash[0]?.lifecycle);
    }
  });
});
