import { XMLBuilder } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { BadRequestError } from "../../../src/sandbox/assets/errors.js";
import type { AssetRecord } from "../../../src/sandbox/assets/record.js";
import { DEFAULT_REFERENCE_TIME } from "../../../src/sandbox/assets/tenant.js";
import { parseXmlFilter } from "../../../src/sandbox/assets/v2-filter.js";
import { AssetApi, TEST_ASSETS, collectAllPages, countOf, idsWhere, messageOf, testTenant } from "./support.js";

const SEARCH = "/rest/2.0/search/am/asset";
const COUNT = "/rest/2.0/count/am/asset";
const DAY_MS = 86_400_000;

interface Filter {
  field: string;
  operator: string;
  value: string;
}

/** Builds an XML body the way the project's client does, with fast-xml-parser's builder. */
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", processEntities: true, suppressBooleanAttributes: false, format: false });

function xmlBody(filters: Filter[], operation?: "AND" | "OR"): string {
  const criteria = filters.map((filter) => ({ "@_field": filter.field, "@_operator": filter.operator, value: filter.value }));
  const request: Record<string, unknown> = { filters: { Criteria: criteria } };
  if (operation !== undefined) request["operation"] = operation;
  return builder.build({ FilterRequest: request }) as string;
}

function jsonBody(filters: Filter[], operation?: "AND" | "OR"): string {
  return JSON.stringify(operation === undefined ? { filters } : { filters, operation });
}

const lower = (text: string | null | undefined): string => (text ?? "").toLowerCase();
const software = (asset: AssetRecord) => asset.softwareListData.software;
const ports = (asset: AssetRecord) => asset.openPortListData.openPort;
const tags = (asset: AssetRecord) => asset.tagList.tag;

interface FilterCase {
  name: string;
  filters: Filter[];
  operation?: "AND" | "OR";
  expected: (asset: AssetRecord) => boolean;
}

const REFERENCE_MS = Date.parse(DEFAULT_REFERENCE_TIME);

/** Each case states the expected selection in plain code over the asset records. */
const CASES: FilterCase[] = [
  {
    name: "EQUALS on a text field ignores case",
    filters: [{ field: "operatingSystem.category1", operator: "EQUALS", value: "linux" }],
    expected: (asset) => asset.operatingSystem.category1 === "Linux",
  },
  {
    name: "NOT_EQUALS on a list field excludes every asset with a matching element",
    filters: [{ field: "tags.name", operator: "NOT_EQUALS", value: "Production" }],
    expected: (asset) => !tags(asset).some((tag) => tag.tagName === "Production"),
  },
  {
    name: "CONTAINS on software.product",
    filters: [{ field: "software.product", operator: "CONTAINS", value: "ssl" }],
    expected: (asset) => software(asset).some((item) => lower(item.productName).includes("ssl")),
  },
  {
    name: "GREATER on a number",
    filters: [{ field: "asset.riskScore", operator: "GREATER", value: "500" }],
    expected: (asset) => asset.riskScore > 500,
  },
  {
    name: "LESSER skips assets without a value",
    filters: [{ field: "operatingSystem.lifecycle.detectionScore", operator: "LESSER", value: "40" }],
    expected: (asset) => asset.operatingSystem.lifecycle.detectionScore !== null && asset.operatingSystem.lifecycle.detectionScore < 40,
  },
  {
    name: "GREATER_THAN_EQUAL on a day includes that day",
    filters: [{ field: "asset.lastUpdatedDate", operator: "GREATER_THAN_EQUAL", value: "2026-11-25" }],
    expected: (asset) => Date.parse(asset.lastModifiedDate) >= Date.UTC(2026, 10, 25),
  },
  {
    name: "LESS_THAN_EQUAL on a day includes the whole day",
    filters: [{ field: "sensor.lastVmScanDate", operator: "LESS_THAN_EQUAL", value: "2026-10-01" }],
    expected: (asset) => asset.sensor.lastVMScan !== 0 && asset.sensor.lastVMScan < Date.UTC(2026, 9, 2),
  },
  {
    name: "GREATER on an ISO date-time",
    filters: [{ field: "qualys.agent.lastActivityDate", operator: "GREATER", value: "2026-11-30T00:00:00Z" }],
    expected: (asset) => asset.agent !== null && asset.agent.lastActivity > Date.UTC(2026, 10, 30),
  },
  {
    name: "IN on a text field",
    filters: [{ field: "operatingSystem.lifecycle.stage", operator: "IN", value: "EOL,EOS, EOL/EOS" }],
    expected: (asset) => ["EOL", "EOS", "EOL/EOS"].includes(asset.operatingSystem.lifecycle.stage),
  },
  {
    name: "IN on a number field",
    filters: [{ field: "openPorts.port", operator: "IN", value: "3389,23" }],
    expected: (asset) => ports(asset).some((port) => port.port === 3389 || port.port === 23),
  },
  {
    name: "EQUALS on OS detection score 8",
    filters: [{ field: "operatingSystem.lifecycle.detectionScore", operator: "EQUALS", value: "8" }],
    expected: (asset) => asset.operatingSystem.lifecycle.detectionScore === 8,
  },
  {
    name: "EQUALS on port discovery sources",
    filters: [{ field: "openPorts.discoverySources", operator: "EQUALS", value: "EASM" }],
    expected: (asset) => ports(asset).some((port) => port.discoverySources === "EASM"),
  },
  {
    name: "EQUALS on software discovery sources",
    filters: [{ field: "software.discoverySources", operator: "EQUALS", value: "IP Scanner" }],
    expected: (asset) => software(asset).some((item) => item.discoverySources === "IP Scanner"),
  },
  {
    name: "EQUALS on a tag id",
    filters: [{ field: "tags.id", operator: "EQUALS", value: "25971002" }],
    expected: (asset) => tags(asset).some((tag) => tag.tagId === 25971002),
  },
  {
    name: "EQUALS on hardware lifecycle",
    filters: [{ field: "hardware.lifecycle.stage", operator: "EQUALS", value: "Obsolete" }],
    expected: (asset) => asset.hardware.lifecycle.stage === "Obsolete",
  },
  {
    name: "CONTAINS on the asset name",
    filters: [{ field: "asset.name", operator: "CONTAINS", value: "WKS-FIN" }],
    expected: (asset) => asset.assetName.includes("wks-fin"),
  },
  {
    name: "GREATER on the asset id",
    filters: [{ field: "asset.id", operator: "GREATER", value: String(testTenant().assetIdAt(700)) }],
    expected: (asset) => asset.assetId > testTenant().assetIdAt(700),
  },
  {
    name: "AND joins criteria by default",
    filters: [
      { field: "operatingSystem.category1", operator: "EQUALS", value: "Windows" },
      { field: "software.product", operator: "CONTAINS", value: "OpenSSL" },
    ],
    expected: (asset) => asset.operatingSystem.category1 === "Windows" && software(asset).some((item) => item.productName.includes("OpenSSL")),
  },
  {
    name: "OR joins criteria when asked",
    filters: [
      { field: "openPorts.port", operator: "EQUALS", value: "23" },
      { field: "hardware.lifecycle.stage", operator: "EQUALS", value: "EOS" },
    ],
    operation: "OR",
    expected: (asset) => ports(asset).some((port) => port.port === 23) || asset.hardware.lifecycle.stage === "EOS",
  },
  {
    name: "LESSER with a relative date",
    filters: [{ field: "qualys.agent.lastActivityDate", operator: "LESSER", value: "now-7d" }],
    expected: (asset) => asset.agent !== null && asset.agent.lastActivity < REFERENCE_MS - 7 * DAY_MS,
  },
];

const api = new AssetApi(testTenant());

describe.each([
  ["JSON", "application/json", jsonBody],
  ["XML", "application/xml", xmlBody],
] as const)("v2 filters in %s", (_format, contentType, body) => {
  it.each(CASES)("$name", async (filterCase) => {
    const expected = idsWhere(filterCase.expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(TEST_ASSETS);

    const options = { body: body(filterCase.filters, filterCase.operation), contentType };
    const count = await api.call("POST", COUNT, options);
    expect(count.status).toBe(200);
    expect(countOf(count)).toBe(expected.length);

    const { ids } = await collectAllPages(api, SEARCH, options, 300);
    expect(ids).toEqual(expected);
  });
});

describe("v2 filter bodies", () => {
  it("reads Qualys sample with lower-case criteria", async () => {
    const sample = `<FilterRequest>
<filters>

<criteria field="operatingSystem.lifecycle.detectionScore" 
operator="EQUALS">

<value>8</value>
</criteria>

</filters>
</FilterRequest>`;
    const response = await api.call("POST", COUNT, { body: sample, contentType: "application/xml" });
    expect(countOf(response)).toBe(idsWhere((asset) => asset.operatingSystem.lifecycle.detectionScore === 8).length);
  });

  it("reads the operation as an element", async () => {
    const body = `<FilterRequest><filters><Criteria field="openPorts.port" operator="EQUALS"><value>23</value></Criteria><Criteria field="openPorts.port" operator="EQUALS"><value>21</value></Criteria></filters><operation>OR</operation></FilterRequest>`;
    const response = await api.call("POST", COUNT, { body, contentType: "text/xml; charset=utf-8" });
    expect(countOf(response)).toBe(idsWhere((asset) => ports(asset).some((port) => port.port === 23 || port.port === 21)).length);
  });

  it("joins several XML values for IN", async () => {
    const body = `<FilterRequest><filters><Criteria field="openPorts.port" operator="IN"><value>23</value><value>21</value></Criteria></filters></FilterRequest>`;
    const response = await api.call("POST", COUNT, { body, contentType: "application/xml" });
    expect(countOf(response)).toBe(idsWhere((asset) => ports(asset).some((port) => port.port === 23 || port.port === 21)).length);
  });

  it("rejects several XML values without IN", async () => {
    const body = `<FilterRequest><filters><Criteria field="openPorts.port" operator="EQUALS"><value>23</value><value>21</value></Criteria></filters></FilterRequest>`;
    const response = await api.call("POST", COUNT, { body, contentType: "application/xml" });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toContain("openPorts.port has several values");
  });

  it("treats an empty body as no filter", async () => {
    const response = await api.call("POST", COUNT, { body: "", contentType: "application/xml" });
    expect(countOf(response)).toBe(TEST_ASSETS);
  });

  it("treats an empty filter list as no filter", async () => {
    const response = await api.call("POST", COUNT, { body: '{"filters":[]}', contentType: "application/json" });
    expect(countOf(response)).toBe(TEST_ASSETS);
  });

  it.each([
    ["application/json", jsonBody([{ field: "asset.lastSeen", operator: "GREATER", value: "2024-01-01" }])],
    ["application/xml", xmlBody([{ field: "asset.lastSeen", operator: "GREATER", value: "2024-01-01" }])],
  ])("names an unknown field in %s", async (contentType, body) => {
    const response = await api.call("POST", SEARCH, { body, contentType });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ responseCode: "BAD_REQUEST", responseMessage: "Invalid field: asset.lastSeen" });
  });

  it("rejects a field with a trailing colon", async () => {
    const response = await api.call("POST", COUNT, { body: jsonBody([{ field: " software.discoverySources: ", operator: "EQUALS", value: "EASM" }]), contentType: "application/json" });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toBe("Invalid field: software.discoverySources:");
  });

  it("names an unknown operator", async () => {
    const response = await api.call("POST", COUNT, { body: jsonBody([{ field: "asset.name", operator: "BETWEEN", value: "a" }]), contentType: "application/json" });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toBe("Invalid operator: BETWEEN for field asset.name");
  });

  it("rejects an operator that does not fit the field type", async () => {
    const response = await api.call("POST", COUNT, { body: jsonBody([{ field: "asset.id", operator: "CONTAINS", value: "4000" }]), contentType: "application/json" });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toContain("Invalid operator: CONTAINS for number field asset.id");
  });

  it("rejects a value that is not a number", async () => {
    const response = await api.call("POST", COUNT, { body: jsonBody([{ field: "asset.riskScore", operator: "GREATER", value: "high" }]), contentType: "application/json" });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toBe('Invalid value: "high" for numeric field asset.riskScore (expected a number)');
  });

  it("rejects a value that is not a date", async () => {
    const response = await api.call("POST", COUNT, { body: jsonBody([{ field: "asset.lastUpdatedDate", operator: "GREATER", value: "2024-02-30" }]), contentType: "application/json" });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toContain('Invalid value: "2024-02-30" for date field asset.lastUpdatedDate');
  });

  it("rejects an unknown operation", async () => {
    const response = await api.call("POST", COUNT, { body: '{"filters":[],"operation":"XOR"}', contentType: "application/json" });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toBe("Invalid operation: XOR (expected AND or OR)");
  });

  it("rejects malformed JSON", async () => {
    const response = await api.call("POST", COUNT, { body: '{"filters":[{"field":"asset.name"', contentType: "application/json" });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toMatch(/^Invalid JSON filter body: /);
  });

  it("rejects a JSON filter without a value", async () => {
    const response = await api.call("POST", COUNT, { body: '{"filters":[{"field":"asset.name","operator":"EQUALS"}]}', contentType: "application/json" });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toBe("Invalid filter at filters[0]: value for field asset.name must be a string or a number");
  });

  it("rejects malformed XML with its line and column", async () => {
    const response = await api.call("POST", COUNT, { body: "<FilterRequest><filters></FilterRequest>", contentType: "application/xml" });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toMatch(/^Invalid XML filter body: .*\(line 1, column \d+\)$/);
  });

  it("rejects XML with another root element", async () => {
    const response = await api.call("POST", COUNT, { body: "<Filters><Criteria field='asset.name' operator='EQUALS'>x</Criteria></Filters>", contentType: "application/xml" });
    expect(response.status).toBe(400);
    expect(messageOf(response)).toBe("Invalid XML filter body: expected the root element FilterRequest, found Filters");
  });

  it("rejects a body in another media type with 415", async () => {
    const response = await api.call("POST", COUNT, { body: "field=asset.name", contentType: "application/x-www-form-urlencoded" });
    expect(response.status).toBe(415);
    expect(messageOf(response)).toContain("application/x-www-form-urlencoded");
  });
});

describe("XML escaping", () => {
  const awkward = `a<b & "c" 'd' ]]> &amp; café 😀 \u202e`;

  it("round-trips a value through the builder and the sandbox parser", () => {
    const parsed = parseXmlFilter(xmlBody([{ field: "asset.name", operator: "EQUALS", value: awkward }]));
    expect(parsed.filters[0]?.value).toBe(awkward);
  });

  it("round-trips a field attribute with markup characters", () => {
    const parsed = parseXmlFilter(xmlBody([{ field: `x"<&>'`, operator: "EQUALS", value: "v" }]));
    expect(parsed.filters[0]?.field).toBe(`x"<&>'`);
  });

  it("keeps spaces around a value", () => {
    const parsed = parseXmlFilter(xmlBody([{ field: "asset.name", operator: "EQUALS", value: "  padded  " }]));
    expect(parsed.filters[0]?.value).toBe("  padded  ");
  });

  it("decodes numeric character references once", () => {
    const parsed = parseXmlFilter(`<FilterRequest><filters><Criteria field="asset.name" operator="EQUALS"><value>caf&#233; &#x1F600; &amp;#233;</value></Criteria></filters></FilterRequest>`);
    expect(parsed.filters[0]?.value).toBe("café 😀 &#233;");
  });

  it("reads CDATA sections as text", () => {
    const parsed = parseXmlFilter(`<FilterRequest><filters><Criteria field="asset.name" operator="EQUALS"><value><![CDATA[a<b&c]]></value></Criteria></filters></FilterRequest>`);
    expect(parsed.filters[0]?.value).toBe("a<b&c");
  });

  it("rejects a reference to a character XML forbids", () => {
    expect(() => parseXmlFilter(`<FilterRequest><filters><Criteria field="asset.name" operator="EQUALS"><value>&#0;</value></Criteria></filters></FilterRequest>`)).toThrow(BadRequestError);
  });

  it("leaves DOCTYPE entities unexpanded", () => {
    const parsed = parseXmlFilter(`<!DOCTYPE FilterRequest [<!ENTITY boom "expanded">]><FilterRequest><filters><Criteria field="asset.name" operator="EQUALS"><value>&boom;</value></Criteria></filters></FilterRequest>`);
    expect(parsed.filters[0]?.value).toBe("&boom;");
  });

  it("matches a value with escaped characters end to end", async () => {
    const expected = idsWhere((asset) => software(asset).some((item) => lower(item.cpe).includes("notepad\\+\\+")));
    expect(expected.length).toBeGreaterThan(0);
    const response = await api.call("POST", COUNT, { body: xmlBody([{ field: "software.cpe", operator: "CONTAINS", value: "notepad\\+\\+" }]), contentType: "application/xml" });
    expect(countOf(response)).toBe(expected.length);
  });
});
