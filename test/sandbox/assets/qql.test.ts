import { describe, expect, it } from "vitest";
import { tokenizeQql } from "../../../src/sandbox/assets/qql.js";
import type { AssetRecord } from "../../../src/sandbox/assets/record.js";
import { DEFAULT_REFERENCE_TIME } from "../../../src/sandbox/assets/tenant.js";
import { AssetApi, TEST_ASSETS, collectAllPages, countOf, idsWhere, messageOf, testTenant } from "./support.js";

const COUNT = "/am/v1/assets/host/count";
const FILTER_LIST = "/am/v1/assets/host/filter/list";
const REFERENCE_MS = Date.parse(DEFAULT_REFERENCE_TIME);
const DAY_MS = 86_400_000;

const api = new AssetApi(testTenant());

const lower = (text: string | null | undefined): string => (text ?? "").toLowerCase();
const software = (asset: AssetRecord) => asset.softwareListData.software;
const ports = (asset: AssetRecord) => asset.openPortListData.openPort;
const tagNames = (asset: AssetRecord) => asset.tagList.tag.map((tag) => tag.tagName);
const softwareNamed = (item: AssetRecord["softwareListData"]["software"][number], text: string): boolean =>
  lower(item.fullName).includes(text) || lower(item.productName).includes(text);

async function countFor(filter: string): Promise<number> {
  const response = await api.call("POST", COUNT, { query: { filter } });
  expect(response.status).toBe(200);
  return countOf(response);
}

interface QqlCase {
  query: string;
  expected: (asset: AssetRecord) => boolean;
}

const DOCUMENTED_CASES: QqlCase[] = [
  { query: "operatingSystem:(lifecycle.detectionScore:8)", expected: (asset) => asset.operatingSystem.lifecycle.detectionScore === 8 },
  { query: "operatingSystem:(lifecycle.detectionScore:80)", expected: (asset) => asset.operatingSystem.lifecycle.detectionScore === 80 },
  { query: " openPorts:(discoverySources:EASM) ", expected: (asset) => ports(asset).some((port) => port.discoverySources === "EASM") },
  { query: " software:(discoverySources:EASM) ", expected: (asset) => software(asset).some((item) => item.discoverySources === "EASM") },
];

const QUERY_CASES: QqlCase[] = [
  {
    query: "openPorts:(discoverySources:EASM AND port:443)",
    expected: (asset) => ports(asset).some((port) => port.discoverySources === "EASM" && port.port === 443),
  },
  {
    query: "operatingSystem:(lifecycle.stage:EOL) AND NOT tags.name:`Production`",
    expected: (asset) => asset.operatingSystem.lifecycle.stage.includes("EOL") && !tagNames(asset).includes("Production"),
  },
  {
    query: "software:(name:OpenSSL AND lifecycle.stage:`EOL/EOS`)",
    expected: (asset) => software(asset).some((item) => softwareNamed(item, "openssl") && item.lifecycle.stage === "EOL/EOS"),
  },
  {
    query: "software.name:OpenSSL AND software.lifecycle.stage:`EOL/EOS`",
    expected: (asset) => software(asset).some((item) => softwareNamed(item, "openssl")) && software(asset).some((item) => item.lifecycle.stage === "EOL/EOS"),
  },
  {
    query: "operatingSystem.lifecycle.stage:EOL",
    expected: (asset) => asset.operatingSystem.lifecycle.stage.includes("EOL"),
  },
  {
    query: "operatingSystem.lifecycle.stage:`EOL`",
    expected: (asset) => asset.operatingSystem.lifecycle.stage === "EOL",
  },
  {
    query: 'operatingSystem.osName:"Windows Server 2019"',
    expected: (asset) => asset.operatingSystem.osName.includes("Windows Server 2019"),
  },
  {
    query: "operatingSystem:windows",
    expected: (asset) => lower(asset.operatingSystem.osName).includes("windows") || lower(asset.operatingSystem.fullName).includes("windows"),
  },
  {
    query: "software:openssl",
    expected: (asset) => software(asset).some((item) => softwareNamed(item, "openssl")),
  },
  {
    query: "riskScore:[500 .. 800]",
    expected: (asset) => asset.riskScore >= 500 && asset.riskScore <= 800,
  },
  {
    query: "lastModifiedDate:[2026-11-20 .. 2026-11-25]",
    expected: (asset) => Date.parse(asset.lastModifiedDate) >= Date.UTC(2026, 10, 20) && Date.parse(asset.lastModifiedDate) < Date.UTC(2026, 10, 26),
  },
  {
    query: "agent.lastActivity:[now-2d .. now]",
    expected: (asset) => asset.agent !== null && asset.agent.lastActivity >= REFERENCE_MS - 2 * DAY_MS && asset.agent.lastActivity <= REFERENCE_MS,
  },
  {
    query: "tags.name:[`Production`,`Development`]",
    expected: (asset) => tagNames(asset).includes("Production") || tagNames(asset).includes("Development"),
  },
  {
    query: "openPorts.port:[23, 21]",
    expected: (asset) => ports(asset).some((port) => port.port === 23 || port.port === 21),
  },
  {
    query: "name:wks-fin and not tags.name:`Production` or openPorts.port:23",
    expected: (asset) => (asset.assetName.includes("wks-fin") && !tagNames(asset).includes("Production")) || ports(asset).some((port) => port.port === 23),
  },
  {
    query: "name:wks-fin AND (NOT tags.name:`Production` OR openPorts.port:3389)",
    expected: (asset) => asset.assetName.includes("wks-fin") && (!tagNames(asset).includes("Production") || ports(asset).some((port) => port.port === 3389)),
  },
  {
    query: "address:198.51.100",
    expected: (asset) => asset.networkInterfaceListData.networkInterface.some((item) => lower(item.addressIpV4).includes("198.51.100")),
  },
  {
    query: "domain:`example.com` AND openPorts:(port:3389 OR port:23)",
    expected: (asset) => (asset.domain ?? []).includes("example.com") && ports(asset).some((port) => port.port === 3389 || port.port === 23),
  },
  {
    query: "hardware.lifecycle.stage:`EOS`",
    expected: (asset) => asset.hardware.lifecycle.stage === "EOS",
  },
  {
    query: "inventory.source:`Passive Sensor`",
    expected: (asset) => asset.inventory.source === "Passive Sensor",
  },
];

describe("QQL examples from Qualys docs", () => {
  it.each(DOCUMENTED_CASES)("counts $query", async ({ query, expected }) => {
    const ids = idsWhere(expected);
    expect(ids.length).toBeGreaterThan(0);
    expect(await countFor(query)).toBe(ids.length);
  });
});

describe("QQL evaluation", () => {
  it.each(QUERY_CASES)("selects $query", async ({ query, expected }) => {
    const ids = idsWhere(expected);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(TEST_ASSETS);
    const { ids: listed } = await collectAllPages(api, FILTER_LIST, { query: { filter: query } }, 300);
    expect(listed).toEqual(ids);
  });

  it("requires nested terms to match the same element", async () => {
    const nested = await countFor("software:(name:OpenSSL AND lifecycle.stage:`EOL/EOS`)");
    const flat = await countFor("software.name:OpenSSL AND software.lifecycle.stage:`EOL/EOS`");
    expect(nested).toBeLessThan(flat);
  });

  it("matches backtick values with their case", async () => {
    expect(await countFor("tags.name:`production`")).toBe(0);
  });

  it("matches plain values without their case", async () => {
    expect(await countFor("tags.name:PRODUCTION")).toBe(idsWhere((asset) => tagNames(asset).includes("Production")).length);
  });

  it("reads an escaped quotation mark inside a phrase", () => {
    const tokens = tokenizeQql('name:"a \\"quoted\\" word"');
    expect(tokens[2]).toEqual({ kind: "phrase", text: 'a "quoted" word', position: 6 });
  });

  it("treats an empty filter as no filter", async () => {
    expect(await countFor("")).toBe(TEST_ASSETS);
    expect(await countFor("   ")).toBe(TEST_ASSETS);
  });
});

describe("QQL errors", () => {
  it.each([
    ["(name:a", "Invalid QQL at position 8: missing ')' to close the '(' at position 1"],
    ["name:a)", "Invalid QQL at position 7: unbalanced ')' without a matching '('"],
    ["software:(name:a", "Invalid QQL at position 17: missing ')' to close the '(' at position 10"],
    ["((name:a) OR name:b", "Invalid QQL at position 20: missing ')' to close the '(' at position 1"],
    ['name:"abc', "Invalid QQL at position 6: unterminated quotation mark"],
    ["name:`abc", "Invalid QQL at position 6: unterminated backtick"],
    ["name:a AND", "Invalid QQL at position 11: expected a condition after AND at position 8"],
    ["name:a AND NOT", "Invalid QQL at position 15: expected a condition after NOT at position 12"],
    ["(name:a OR)", "Invalid QQL at position 11: expected a condition after OR at position 9"],
    ["AND name:a", "Invalid QQL at position 1: expected a condition such as name:value, found 'AND'"],
    ["name:a AND OR name:b", "Invalid QQL at position 12: expected a condition such as name:value, found 'OR'"],
    ["name:", "Invalid QQL at position 6: missing value for 'name'"],
    ["name: AND riskScore:1", "Invalid QQL at position 7: missing value for 'name'"],
    ['name:""', "Invalid QQL at position 6: empty value for 'name'"],
    ["name:``", "Invalid QQL at position 6: empty value for 'name'"],
    ["name:a name:b", "Invalid QQL at position 8: expected AND, OR or the end of the query, found 'name'"],
    ["windows", "Invalid QQL at position 8: expected ':' after the token 'windows'"],
    ["riskScore:[1 .. 2", "Invalid QQL at position 18: missing ']' to close the '[' at position 11"],
    ["riskScore:[]", "Invalid QQL at position 12: missing value for 'riskScore'"],
    ["riskScore:[1 2]", "Invalid QQL at position 14: expected ',', '..' or ']' in the list at position 11, found '2'"],
    ["lastSeen:x", "Invalid QQL at position 1: unknown token 'lastSeen'"],
    ["riskScore:high", "Invalid QQL at position 11: 'riskScore' takes a number, found 'high'"],
    ["name:[a .. b]", "Invalid QQL at position 6: 'name' is a text token; ranges need a number or date token"],
    ["lastModifiedDate:yesterday", "Invalid QQL at position 18: 'lastModifiedDate' takes a date such as 2024-06-30 or now-30d, found 'yesterday'"],
    ["name:(a)", "Invalid QQL at position 1: 'name' takes no nested query; nested queries work on operatingSystem, hardware, software, openPorts, tags, interfaces"],
    ["software:(lifecycle:(stage:EOL))", "Invalid QQL at position 21: 'lifecycle:(' cannot appear inside another nested query; nesting goes one level deep"],
  ])("rejects %s", async (filter, message) => {
    const response = await api.call("POST", COUNT, { query: { filter } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ responseCode: "BAD_REQUEST", responseMessage: message });
  });

  it("lists the leaves of a scope for an unknown nested token", async () => {
    const response = await api.call("POST", FILTER_LIST, { query: { filter: "software:(port:443)" } });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toMatch(/^Invalid QQL at position 11: unknown token 'port' in software:\( \); use one of name, product, /);
  });
});
