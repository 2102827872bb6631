import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InputError } from "../../src/gateway/errors.js";
import {
  buildFilterBody,
  filterShape,
  KNOWN_V2_FIELDS,
  validateFilters,
  type FilterCriterion,
  type UncheckedCriterion,
} from "../../src/csam/filters.js";

function thrownBy(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError, but nothing was thrown");
}

const criterion = (field: string, operator: string, value: string): UncheckedCriterion => ({ field, operator, value });

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  processEntities: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === "Criteria",
});

describe("validateFilters", () => {
  const accepted: [string, UncheckedCriterion[], string][] = [
    ["no criteria", [], "AND"],
    ["known field", [criterion("operatingSystem.lifecycle.stage", "EQUALS", "EOL")], "AND"],
    ["unknown well-formed field", [criterion("custom_field.sub_1", "CONTAINS", "x")], "OR"],
    ["empty value for EQUALS", [criterion("asset.name", "EQUALS", "")], "AND"],
    ["IN list", [criterion("operatingSystem.lifecycle.stage", "IN", "EOL,EOS")], "AND"],
    ["IN list with one item", [criterion("tags.name", "IN", "EASM Default Profile")], "AND"],
    ["value of 4000 characters", [criterion("asset.name", "CONTAINS", "a".repeat(4000))], "AND"],
    ["Unicode value", [criterion("asset.name", "CONTAINS", "é 中文 😀")], "AND"],
    ["50 criteria", Array.from({ length: 50 }, () => criterion("asset.name", "EQUALS", "x")), "AND"],
  ];

  it.each(accepted)("accepts %s", (_name, filters, operation) => {
    expect(() => validateFilters(filters, operation)).not.toThrow();
  });

  const rejected: [string, UncheckedCriterion[], string, string, string][] = [
    ["trailing colon", [criterion("software.discoverySources:", "EQUALS", "EASM")], "AND", "filters[0].field", 'Use "software.discoverySources"'],
    ["spaces and colon", [criterion(" software.discoverySources: ", "EQUALS", "EASM")], "AND", "filters[0].field", 'Use "software.discoverySources"'],
    ["leading digit", [criterion("1asset", "EQUALS", "x")], "AND", "filters[0].field", "starts with a letter"],
    ["dash in name", [criterion("asset-name", "EQUALS", "x")], "AND", "filters[0].field", "starts with a letter"],
    ["empty field", [criterion("", "EQUALS", "x")], "AND", "filters[0].field", "is missing"],
    ["field too long", [criterion("a".repeat(201), "EQUALS", "x")], "AND", "filters[0].field", "longer than 200"],
    ["asset.lastSeen", [criterion("asset.lastSeen", "GREATER", "2024-01-01")], "AND", "filters[0].field", 'Use "asset.lastUpdatedDate"'],
    ["unknown operator", [criterion("asset.name", "LIKE", "x")], "AND", "filters[0].operator", "is not a known operator"],
    ["lower-case operator", [criterion("asset.name", "equals", "x")], "AND", "filters[0].operator", "is not a known operator"],
    ["empty IN list", [criterion("asset.name", "IN", "")], "AND", "filters[0].value", "empty list for the IN operator"],
    ["blank IN list", [criterion("asset.name", "IN", "  ")], "AND", "filters[0].value", "empty list for the IN operator"],
    ["empty IN item", [criterion("asset.name", "IN", "EOL,,EOS")], "AND", "filters[0].value", "empty item at position 2"],
    ["trailing IN comma", [criterion("asset.name", "IN", "EOL,")], "AND", "filters[0].value", "empty item at position 2"],
    ["value too long", [criterion("asset.name", "EQUALS", "a".repeat(4001))], "AND", "filters[0].value", "longer than 4000"],
    ["unknown operation", [criterion("asset.name", "EQUALS", "x")], "XOR", "operation", 'Use "AND" or "OR"'],
    ["51 criteria", Array.from({ length: 51 }, () => criterion("asset.name", "EQUALS", "x")), "AND", "filters", "maximum of 50"],
    [
      "bad third criterion",
      [criterion("asset.name", "EQUALS", "a"), criterion("asset.id", "EQUALS", "1"), criterion("asset.name", "EQUALS", "a\u0000")],
      "AND",
      "filters[2].value",
      "U+0000",
    ],
  ];

  it.each(rejected)("rejects %s", (_name, filters, operation, path, fragment) => {
    const error = thrownBy(() => validateFilters(filters, operation));
    expect(error.path).toBe(path);
    expect(error.message).toContain(fragment);
  });

  const controlCharacters: [string, string, string][] = [
    ["NUL", "a\u0000b", "U+0000"],
    ["BEL", "a\u0007b", "U+0007"],
    ["tab", "a\tb", "U+0009"],
    ["line feed", "a\nb", "U+000A"],
    ["DEL", "a\u007Fb", "U+007F"],
    ["C1 NEL", "a\u0085b", "U+0085"],
    ["bidi override", "a\u202Eb", "U+202E"],
    ["bidi isolate", "a\u2066b", "U+2066"],
    ["zero-width space", "a\u200Bb", "U+200B"],
    ["byte order mark", "a\uFEFFb", "U+FEFF"],
    ["tag character", "a\u{E0041}b", "U+E0041"],
    ["lone surrogate", "a\uD800b", "U+D800"],
    ["noncharacter", "a\uFFFFb", "U+FFFF"],
  ];

  it.each(controlCharacters)("rejects %s in a value", (_name, value, codePoint) => {
    const error = thrownBy(() => validateFilters([criterion("asset.name", "EQUALS", value)], "AND"));
    expect(error.path).toBe("filters[0].value");
    expect(error.message).toContain(`${codePoint} at position 2`);
  });

  it("reports the code-point position after an emoji", () => {
    const error = thrownBy(() => validateFilters([criterion("asset.name", "EQUALS", "😀\u0007")], "AND"));
    expect(error.message).toContain("U+0007 at position 2");
  });

  it("names the value and the fix in the message", () => {
    const error = thrownBy(() => validateFilters([criterion("asset.name", "EQUALS", "a\u0007b")], "AND"));
    expect(error.message).toBe(
      'filters[0].value: "a\\u0007b" contains the control or invisible character U+0007 at position 2. Remove it. Filter values must be printable text.',
    );
  });
});

describe("buildFilterBody", () => {
  const detectionScore: FilterCriterion[] = [{ field: "operatingSystem.lifecycle.detectionScore", operator: "EQUALS", value: "8" }];
  const twoSources: FilterCriterion[] = [
    { field: "software.discoverySources", operator: "EQUALS", value: "IP Scanner" },
    { field: "openPorts.discoverySources", operator: "EQUALS", value: "EASM" },
  ];

  it("returns undefined without criteria", () => {
    expect(buildFilterBody([], "AND", "json")).toBeUndefined();
    expect(buildFilterBody([], "OR", "xml")).toBeUndefined();
  });

  it("renders one JSON criterion", () => {
    expect(buildFilterBody(detectionScore, "AND", "json")).toStrictEqual({
      contentType: "application/json",
      text: '{"filters":[{"field":"operatingSystem.lifecycle.detectionScore","operator":"EQUALS","value":"8"}],"operation":"AND"}',
    });
  });

  it("renders two JSON criteria joined by OR", () => {
    const body = buildFilterBody(twoSources, "OR", "json");
    expect(body?.text).toBe(
      '{"filters":[{"field":"software.discoverySources","operator":"EQUALS","value":"IP Scanner"},{"field":"openPorts.discoverySources","operator":"EQUALS","value":"EASM"}],"operation":"OR"}',
    );
  });

  it("drops extra criterion properties from JSON", () => {
    const extra = [{ field: "asset.name", operator: "EQUALS", value: "x", note: "dropped" }] as unknown as FilterCriterion[];
    expect(buildFilterBody(extra, "AND", "json")?.text).toBe(
      '{"filters":[{"field":"asset.name","operator":"EQUALS","value":"x"}],"operation":"AND"}',
    );
  });

  it("renders one XML criterion like the API sample", () => {
    expect(buildFilterBody(detectionScore, "AND", "xml")).toStrictEqual({
      contentType: "application/xml",
      text: '<FilterRequest><filters><Criteria field="operatingSystem.lifecycle.detectionScore" operator="EQUALS"><value>8</value></Criteria></filters></FilterRequest>',
    });
  });

  it("leaves the XML operation out for AND", () => {
    expect(buildFilterBody(twoSources, "AND", "xml")?.text).toBe(
      '<FilterRequest><filters><Criteria field="software.discoverySources" operator="EQUALS"><value>IP Scanner</value></Criteria><Criteria field="openPorts.discoverySources" operator="EQUALS"><value>EASM</value></Criteria></filters></FilterRequest>',
    );
  });

  it("adds the XML operation for OR", () => {
    expect(buildFilterBody(twoSources, "OR", "xml")?.text).toBe(
      '<FilterRequest><filters><Criteria field="software.discoverySources" operator="EQUALS"><value>IP Scanner</value></Criteria><Criteria field="openPorts.discoverySources" operator="EQUALS"><value>EASM</value></Criteria></filters><operation>OR</operation></FilterRequest>',
    );
  });

  it("leaves the XML operation out for OR with one criterion", () => {
    expect(buildFilterBody(detectionScore, "OR", "xml")?.text).not.toContain("<operation>");
  });

  it("renders an IN list unchanged", () => {
    const body = buildFilterBody([{ field: "operatingSystem.lifecycle.stage", operator: "IN", value: "EOL,EOS" }], "AND", "xml");
    expect(body?.text).toContain("<value>EOL,EOS</value>");
  });

  it("validates before rendering", () => {
    const bad = [{ field: "asset.name", operator: "EQUALS", value: "x\u0000" }] as FilterCriterion[];
    expect(() => buildFilterBody(bad, "AND", "xml")).toThrow(InputError);
  });

  const awkwardValues = [
    "<",
    "&",
    '"',
    "'",
    "]]>",
    "<![CDATA[x]]>",
    "&amp; stays &amp;",
    'a<b & c>"d" \'e\' ]]> &amp;',
    "</value></Criteria><Criteria field=\"asset.id\" operator=\"EQUALS\"><value>1",
    "é",
    "中文",
    "😀 👩‍💻",
    "  padded  ",
    "",
  ];

  it.each(awkwardValues)("round-trips %j through XML", (value) => {
    const body = buildFilterBody([{ field: "asset.name", operator: "EQUALS", value }], "AND", "xml");
    const text = body?.text ?? "";
    expect(XMLValidator.validate(text)).toBe(true);

    const parsed = xmlParser.parse(text);
    const criteria = parsed.FilterRequest.filters.Criteria;
    expect(criteria).toHaveLength(1);
    expect(criteria[0].value).toBe(value);
    expect(criteria[0]["@_field"]).toBe("asset.name");
    expect(criteria[0]["@_operator"]).toBe("EQUALS");
  });

  it.each(awkwardValues)("round-trips %j through JSON", (value) => {
    const body = buildFilterBody([{ field: "asset.name", operator: "CONTAINS", value }], "OR", "json");
    expect(JSON.parse(body?.text ?? "")).toStrictEqual({
      filters: [{ field: "asset.name", operator: "CONTAINS", value }],
      operation: "OR",
    });
  });

  it("round-trips every awkward value in one XML body", () => {
    const filters = awkwardValues.map((value): FilterCriterion => ({ field: "asset.name", operator: "EQUALS", value }));
    const parsed = xmlParser.parse(buildFilterBody(filters, "OR", "xml")?.text ?? "");
    const values = parsed.FilterRequest.filters.Criteria.map((entry: { value: string }) => entry.value);
    expect(values).toStrictEqual(awkwardValues);
    expect(parsed.FilterRequest.operation).toBe("OR");
  });
});

describe("filterShape", () => {
  const searchInput = z.object({
    filters: filterShape.filters,
    operation: filterShape.operation,
    pageSize: filterShape.pageSize,
    lastSeenAssetId: filterShape.lastSeenAssetId,
    detail: filterShape.detail,
  });

  it("fills defaults", () => {
    expect(searchInput.parse({})).toStrictEqual({ filters: [], operation: "AND", pageSize: 25, detail: "summary" });
  });

  it("rejects a page size over 300", () => {
    expect(searchInput.safeParse({ pageSize: 301 }).success).toBe(false);
  });

  it("rejects a page size of 0", () => {
    expect(searchInput.safeParse({ pageSize: 0 }).success).toBe(false);
  });

  it("rejects a negative cursor", () => {
    expect(searchInput.safeParse({ lastSeenAssetId: -1 }).success).toBe(false);
  });

  it("rejects extra criterion properties", () => {
    const input = { filters: [{ field: "asset.name", operator: "EQUALS", value: "x", extra: 1 }] };
    expect(searchInput.safeParse(input).success).toBe(false);
  });

  it("rejects an unknown operator", () => {
    const input = { filters: [{ field: "asset.name", operator: "LIKE", value: "x" }] };
    expect(searchInput.safeParse(input).success).toBe(false);
  });

  it("rejects 51 criteria", () => {
    const filters = Array.from({ length: 51 }, () => ({ field: "asset.name", operator: "EQUALS", value: "x" }));
    expect(searchInput.safeParse({ filters }).success).toBe(false);
  });

  it("rejects an asset ID of 0", () => {
    expect(z.object({ assetId: filterShape.assetId }).safeParse({ assetId: 0 }).success).toBe(false);
  });

  it("rejects a QQL query over 4000 characters", () => {
    expect(z.object({ filter: filterShape.qqlFilter }).safeParse({ filter: "a".repeat(4001) }).success).toBe(false);
  });

  it.each(Object.keys(filterShape))("describes %s with an example", (key) => {
    const schema = z.toJSONSchema(z.object({ [key]: filterShape[key as keyof typeof filterShape] }), { io: "input" });
    const property = (schema.properties as Record<string, { description?: string }>)[key];
    expect(property.description).toMatch(/example/i);
  });

  it("describes every criterion property", () => {
    const schema = z.toJSONSchema(z.object({ filters: filterShape.filters }), { io: "input" }) as unknown as {
      properties: { filters: { items: { properties: Record<string, { description?: string }> } } };
    };
    const properties = schema.properties.filters.items.properties;
    expect(Object.keys(properties)).toStrictEqual(["field", "operator", "value"]);
    for (const property of Object.values(properties)) expect(property.description).toMatch(/example/i);
  });

  it("has no top-level union", () => {
    const schema = z.toJSONSchema(z.object(filterShape), { io: "input" }) as Record<string, unknown>;
    expect(schema.type).toBe("object");
    expect(schema.anyOf).toBeUndefined();
    expect(schema.oneOf).toBeUndefined();
  });
});

describe("KNOWN_V2_FIELDS", () => {
  it("passes validation for every field", () => {
    const filters = KNOWN_V2_FIELDS.map((known) => criterion(known.field, "EQUALS", known.example));
    expect(() => validateFilters(filters, "AND")).not.toThrow();
  });

  it("contains the release note's fields", () => {
    const fields = KNOWN_V2_FIELDS.map((known) => known.field);
    expect(fields).toContain("operatingSystem.lifecycle.detectionScore");
    expect(fields).toContain("software.discoverySources");
    expect(fields).toContain("openPorts.discoverySources");
  });

  it("lists each field once", () => {
    const fields = KNOWN_V2_FIELDS.map((known) => known.field);
    expect(new Set(fields).size).toBe(fields.length);
  });
});
