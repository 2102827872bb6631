import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  changeEnvelopeShape,
  createProfileShape,
  deleteProfileShape,
  discoveryStatusSummaryShape,
  getDiscoveryStatusShape,
  listProfilesShape,
  patchProfileShape,
  profileListSummaryShape,
  profileNameShape,
  profileSummaryShape,
  setProfileActiveShape,
  statusRowShape,
  updateProfileShape,
} from "../../src/easm/index.js";

type JsonSchema = {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  [key: string]: unknown;
};

const inputShapes: Record<string, z.ZodRawShape> = {
  createProfileShape,
  updateProfileShape,
  patchProfileShape,
  profileNameShape,
  listProfilesShape,
  setProfileActiveShape,
  deleteProfileShape,
  getDiscoveryStatusShape,
};

const outputShapes: Record<string, z.ZodRawShape> = {
  profileSummaryShape,
  profileListSummaryShape,
  statusRowShape,
  discoveryStatusSummaryShape,
  changeEnvelopeShape,
};

function inputJsonSchema(shape: z.ZodRawShape): JsonSchema {
  return z.toJSONSchema(z.object(shape), { io: "input" }) as JsonSchema;
}

/** Lists the path of every property in the schema that has no description. */
function undescribedProperties(schema: JsonSchema, path = ""): string[] {
  const missing: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const propertyPath = path ? `${path}.${name}` : name;
    if (!property.description) missing.push(propertyPath);
    missing.push(...undescribedProperties(property, propertyPath));
    if (property.items) missing.push(...undescribedProperties(property.items, `${propertyPath}[]`));
  }
  return missing;
}

describe("input shapes", () => {
  it.each(Object.entries(inputShapes))("describes every field of %s", (_, shape) => {
    expect(undescribedProperties(inputJsonSchema(shape))).toStrictEqual([]);
  });

  it.each(Object.entries(inputShapes))("has no unions in %s", (_, shape) => {
    const text = JSON.stringify(inputJsonSchema(shape));
    expect(text).not.toContain("anyOf");
    expect(text).not.toContain("oneOf");
  });

  it("bounds the create fields", () => {
    const properties = inputJsonSchema(createProfileShape).properties!;
    expect(properties.includeSeeds?.minItems).toBe(1);
    expect(properties.includeSeeds?.maxItems).toBe(50);
    expect(properties.excludeSeeds?.maxItems).toBe(50);
    expect(properties.name?.maxLength).toBe(256);
    expect(properties.defaultPurgeRuleFrequency?.minimum).toBe(0);
    expect(properties.defaultPurgeRuleFrequency?.maximum).toBe(10);
    expect(properties.dryRun?.default).toBe(false);
  });

  it("bounds the seed values", () => {
    const values = inputJsonSchema(createProfileShape).properties!.includeSeeds!.items!.properties!.values!;
    expect(values.minItems).toBe(1);
    expect(values.maxItems).toBe(500);
    expect(values.items?.maxLength).toBe(4000);
  });

  it("requires name and includeSeeds on create", () => {
    expect(inputJsonSchema(createProfileShape).required).toStrictEqual(["name", "includeSeeds"]);
  });

  it("requires profileName and includeSeeds on update", () => {
    expect(inputJsonSchema(updateProfileShape).required).toStrictEqual(["profileName", "includeSeeds"]);
  });

  it("requires only profileName on patch", () => {
    expect(inputJsonSchema(patchProfileShape).required).toStrictEqual(["profileName"]);
  });

  it("bounds the page number", () => {
    const pageNumber = inputJsonSchema(listProfilesShape).properties!.pageNumber!;
    expect(pageNumber.minimum).toBe(0);
    expect(pageNumber.maximum).toBe(1000);
    expect(pageNumber.default).toBe(0);
  });

  it("offers only exclusion types", () => {
    const seedType = inputJsonSchema(createProfileShape).properties!.excludeSeeds!.items!.properties!.seedType!;
    expect(seedType.enum).toStrictEqual(["NETBLOCK", "ASN", "ORGANIZATION", "CITY", "COUNTRY"]);
  });

  it("rejects unknown seed fields", () => {
    const result = z.object(createProfileShape).safeParse({
      name: "Assets",
      includeSeeds: [{ seedType: "DOMAIN", values: ["example.com"], enumerateSubsidary: true }],
    });
    expect(result.success).toBe(false);
  });

  it("rejects enumeration flags on exclusions", () => {
    const result = z.object(createProfileShape).safeParse({
      name: "Assets",
      includeSeeds: [{ seedType: "DOMAIN", values: ["example.com"] }],
      excludeSeeds: [{ seedType: "ORGANIZATION", values: ["Example Corp"], enumerateSubsidiary: false }],
    });
    expect(result.success).toBe(false);
  });

  it("defaults the enumeration flags", () => {
    const parsed = z.object(createProfileShape).parse({
      name: "Assets",
      includeSeeds: [{ seedType: "DOMAIN", values: ["example.com"] }],
    });
    expect(parsed.includeSeeds[0]?.enumerateSubsidiary).toBe(false);
    expect(parsed.includeSeeds[0]?.horizontalEnumeration).toBe(false);
  });
});

describe("output shapes", () => {
  it.each(Object.entries(outputShapes))("has no unions in %s", (_, shape) => {
    const text = JSON.stringify(z.toJSONSchema(z.object(shape)));
    expect(text).not.toContain("anyOf");
    expect(text).not.toContain("oneOf");
  });
});

describe("easm module", () => {
  it("does not import the MCP SDK", () => {
    const directory = join(import.meta.dirname, "../../src/easm");
    for (const file of readdirSync(directory).filter((name) => name.endsWith(".ts"))) {
      const text = readFileSync(join(directory, file), "utf8");
      expect(text, file).not.toContain("@modelcontextprotocol");
    }
  });
});
