/**
 * Input fuzzing: every tool in the catalog gets generated arguments (schema-valid values,
 * schema-shaped values with broken parts, and random JSON objects) through an MCP client,
 * against the sandbox gateway, so inputs that pass validation reach a real gateway.
 */
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KNOWN_V2_FIELDS } from "../../src/csam/filters.js";
import { SANDBOX_PASSWORD, SANDBOX_USERNAME, startSandbox, type SandboxGateway } from "../../src/sandbox/index.js";
import { CATALOG } from "../../tools/catalog.js";
import { expectWellFormedResult, FUZZ_TEST_TIMEOUT_MS, fuzzParameters, resultText, SDK_INPUT_ERROR, startFuzzServer, type FuzzServer } from "./harness.js";
import { anyJson, schemaArbitrary, type JsonSchema, type SchemaHints } from "./schema-arbitrary.js";

/** Runs per tool, sized with the other properties to keep the suite short (see fuzzParameters). */
const RUNS_PER_TOOL = 50;

/** Names of the sandbox's starting profiles and of profiles the fuzzed create calls may add. */
const PROFILE_NAMES = ["EASM Default Profile", "Example Subsidiaries", "Fuzz Profile", "Fuzz_2", "a"];

/** Seed values by type that pass every documented rule. */
const VALID_SEED_VALUES: Record<string, readonly string[]> = {
  DOMAIN: ["example.com", "example.co.uk", "example.org"],
  NETBLOCK: ["192.0.2.0/24", "198.51.100.7", "203.0.113.1-203.0.113.9", "2001:db8::/32"],
  CERTSUBJECT: ["Example Corporation", "CN=example.com, O=Example"],
  ASN: ["AS13335", "AS1", "AS15169"],
  ORGANIZATION: ["Example Corporation", "Google LLC"],
  CITY: ["Paris", "São Paulo"],
  COUNTRY: ["US", "GB", "FR"],
};

/** Values that look right but break a rule: a subdomain, an IDN test name, a bad prefix, 7 digits, a country name. */
const NEAR_MISS_SEED_VALUES: Record<string, readonly string[]> = {
  DOMAIN: ["www.example.com", "xn--bcher-kva.example", "example"],
  NETBLOCK: ["10.0.0.0/33", "192.0.2.9-192.0.2.1", "2001:db8::/129"],
  ASN: ["AS1234567", "as15169", "AS"],
  COUNTRY: ["France", "us", "ZZ"],
};

const SEED_VALUES: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(VALID_SEED_VALUES).map(([seedType, values]) => [seedType, [...values, ...(NEAR_MISS_SEED_VALUES[seedType] ?? [])]]),
);

const INCLUDE_SEED_TYPES = ["DOMAIN", "NETBLOCK", "CERTSUBJECT", "ASN", "ORGANIZATION"];
const EXCLUDE_SEED_TYPES = ["NETBLOCK", "ASN", "ORGANIZATION", "CITY", "COUNTRY"];
/** Only these seed types may enable subsidiary or horizontal enumeration. */
const ENUMERATING_SEED_TYPES = new Set(["DOMAIN", "ORGANIZATION"]);

function validSeedValues(seedType: string): fc.Arbitrary<string[]> {
  const pool = VALID_SEED_VALUES[seedType]!;
  return fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: pool.length });
}

/** An include seed that passes every documented rule. */
const validIncludeSeed = fc.constantFrom(...INCLUDE_SEED_TYPES).chain((seedType) =>
  fc.record(
    {
      seedType: fc.constant(seedType),
      values: validSeedValues(seedType),
      enumerateSubsidiary: ENUMERATING_SEED_TYPES.has(seedType) ? fc.boolean() : fc.constant(false),
      horizontalEnumeration: ENUMERATING_SEED_TYPES.has(seedType) ? fc.boolean() : fc.constant(false),
      seedHeading: fc.constantFrom("Main", "Subsidiaries"),
    },
    { requiredKeys: ["seedType", "values"] },
  ),
);

/** Exclusion values that no valid include seed uses, because a value both included and excluded breaks a rule. */
const VALID_EXCLUDE_VALUES: Record<string, readonly string[]> = {
  NETBLOCK: ["198.18.0.0/15", "192.0.2.200"],
  ASN: ["AS64496"],
  ORGANIZATION: ["Example Reseller Inc"],
  CITY: ["Paris", "São Paulo"],
  COUNTRY: ["US", "GB", "FR"],
};

/** An exclusion that passes every documented rule. */
const validExcludeSeed = fc.constantFrom(...EXCLUDE_SEED_TYPES).chain((seedType) =>
  fc.record({
    seedType: fc.constant(seedType),
    values: fc.uniqueArray(fc.constantFrom(...VALID_EXCLUDE_VALUES[seedType]!), { minLength: 1, maxLength: 2 }),
  }),
);

/** Profile fields that pass every documented rule, so a change tool sends its request. */
const validProfileFields = fc.record(
  {
    name: fc.constantFrom(...PROFILE_NAMES),
    includeSeeds: fc.array(validIncludeSeed, { minLength: 1, maxLength: 3 }),
    excludeSeeds: fc.array(validExcludeSeed, { maxLength: 2 }),
    enableIFAScan: fc.boolean(),
    excludeCDNAssets: fc.boolean(),
    defaultPurgeRuleFrequency: fc.integer({ min: 0, max: 10 }),
    dryRun: fc.constant(false),
  },
  { requiredKeys: ["name", "includeSeeds", "dryRun"] },
);

const QQL_FILTERS = [
  "operatingSystem:(lifecycle.stage:EOL)",
  "openPorts:(discoverySources:EASM)",
  'asset.name:"web01.example.com"',
  "NOT tags.name:Production",
  "software:(product:OpenSSL) AND openPorts:(port:443)",
  "(",
  "a:b AND",
  "operatingSystem:(",
];

const ASSET_IDS = [40_000_000, 40_000_002, 40_000_010, 1, Number.MAX_SAFE_INTEGER];

const HINTS: SchemaHints = {
  byName: {
    profileName: fc.constantFrom(...PROFILE_NAMES),
    name: fc.constantFrom(...PROFILE_NAMES),
    confirm: fc.constantFrom(...PROFILE_NAMES),
    field: fc.constantFrom(...KNOWN_V2_FIELDS.map((known) => known.field), "asset.hostName", "openPorts"),
    value: fc.constantFrom(...KNOWN_V2_FIELDS.map((known) => known.example), "EOL,EOS", ""),
    filter: fc.constantFrom(...QQL_FILTERS),
    assetId: fc.constantFrom(...ASSET_IDS),
    lastSeenAssetId: fc.constantFrom(0, ...ASSET_IDS),
    pageNumber: fc.constantFrom(0, 1),
    pageSize: fc.constantFrom(1, 2, 300),
    // Small walks keep summarize_attack_surface fast; the generated values still reach the 1,000,000 bound.
    maxAssets: fc.constantFrom(1, 5, 301),
  },
  valuesBySeedType: SEED_VALUES,
};

/**
 * Inputs that a plain schema rarely produces but a tool treats specially: profile changes
 * whose every seed passes the rules (random seeds almost never do), and deletions whose
 * `confirm` equals the name (a random pair almost never matches).
 */
function extraInputs(tool: string): fc.Arbitrary<unknown> | undefined {
  switch (tool) {
    case "create_easm_profile":
      return validProfileFields;
    case "update_easm_profile":
    case "patch_easm_profile":
      return fc.tuple(validProfileFields, fc.constantFrom(...PROFILE_NAMES)).map(([fields, profileName]) => ({ ...fields, profileName }));
    case "delete_easm_profile":
      return fc.constantFrom(...PROFILE_NAMES).map((name) => ({ profileName: name, confirm: name, dryRun: false }));
    default:
      return undefined;
  }
}

type GeneratedInput = { kind: "valid" | "fuzzed" | "random"; args: unknown };

function inputArbitrary(tool: string, schema: JsonSchema): fc.Arbitrary<GeneratedInput> {
  const valid = schemaArbitrary(schema, "valid", HINTS).map((args): GeneratedInput => ({ kind: "valid", args }));
  const fuzzed = schemaArbitrary(schema, "fuzzed", HINTS).map((args): GeneratedInput => ({ kind: "fuzzed", args }));
  const random = fc.dictionary(fc.string(), anyJson, { maxKeys: 5 }).map((args): GeneratedInput => ({ kind: "random", args }));
  const arbitraries: Array<fc.WeightedArbitrary<GeneratedInput>> = [
    { arbitrary: valid, weight: 4 },
    { arbitrary: fuzzed, weight: 4 },
    { arbitrary: random, weight: 1 },
  ];
  const extra = extraInputs(tool);
  if (extra !== undefined) arbitraries.push({ arbitrary: extra.map((args): GeneratedInput => ({ kind: "valid", args })), weight: 1 });
  return fc.oneof(...arbitraries);
}

let sandbox: SandboxGateway;
let servers: Record<"json" | "xml", FuzzServer>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, profileLimit: 1000 });
  const gateway = { baseUrl: sandbox.url, username: SANDBOX_USERNAME, password: SANDBOX_PASSWORD, timeoutMs: 5000 };
  servers = {
    json: await startFuzzServer({ gateway, filterFormat: "json" }),
    xml: await startFuzzServer({ gateway, filterFormat: "xml" }),
  };
});

afterAll(async () => {
  await servers?.json.close();
  await servers?.xml.close();
  await sandbox?.close();
});

describe("tool input fuzzing", () => {
  it("tools/list shows every catalog tool", () => {
    const listed = servers.json.tools.map((tool) => tool.name).sort();
    expect(listed).toEqual(CATALOG.map((tool) => tool.name).sort());
  });

  for (const { name: tool } of CATALOG) {
    it(
      `${tool} survives generated input`,
      async () => {
        const listed = servers.json.tools.find((candidate) => candidate.name === tool);
        expect(listed, `${tool} is missing from tools/list`).toBeDefined();
        const schema = listed!.inputSchema as JsonSchema;
        let reachedGateway = 0;

        await fc.assert(
          fc.asyncProperty(fc.constantFrom("json" as const, "xml" as const), inputArbitrary(tool, schema), fc.boolean(), async (format, input, progress) => {
            const server = servers[format];
            sandbox.clearRequests();

            const result = await server.call(tool, input.args, { progress });
            expectWellFormedResult(tool, result, JSON.stringify(input.args));
            if (input.kind === "valid") {
              // Schema-valid arguments must get past the SDK's validation, or this fuzzing never reaches the handler.
              expect(resultText(result), `${tool}: schema-valid arguments were rejected by the SDK`).not.toMatch(SDK_INPUT_ERROR);
            }
            if (sandbox.requests.some((request) => request.path !== "/auth")) reachedGateway += 1;

            const followUp = await server.call("list_easm_profiles", {});
            expect(followUp.isError, `list_easm_profiles after ${tool}: ${resultText(followUp)}`).not.toBe(true);
          }),
          fuzzParameters(RUNS_PER_TOOL),
        );

        // Dry runs and the input rules stop many calls before the gateway; some must still reach it.
        expect(reachedGateway, `${tool}: no generated input reached the gateway`).toBeGreaterThan(0);
      },
      FUZZ_TEST_TIMEOUT_MS,
    );
  }

  it("non-object arguments get a protocol error", async () => {
    // MCP requires tools/call arguments to be an object. SDK 1.32.2 rejects anything else while it parses the
    // request, before any handler runs, and reports the schema failure as JSON-RPC InternalError (-32603).
    // InvalidParams (-32602) fits better and passes too, in case a later SDK switches to it.
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CATALOG.map((tool) => tool.name)),
        fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.array(anyJson, { maxLength: 3 })),
        async (tool, args) => {
          const outcome = await servers.json.client
            .callTool({ name: tool, arguments: args as unknown as Record<string, unknown> }, undefined, { timeout: 10_000 })
            .then(
              (result) => ({ result, error: undefined }),
              (error: unknown) => ({ result: undefined, error }),
            );
          expect(outcome.result).toBeUndefined();
          expect(outcome.error).toBeInstanceOf(McpError);
          expect([ErrorCode.InvalidParams, ErrorCode.InternalError]).toContain((outcome.error as McpError).code);

          const followUp = await servers.json.call("list_easm_profiles", {});
          expect(followUp.isError, resultText(followUp)).not.toBe(true);
        },
      ),
      fuzzParameters(20),
    );
  });

  it("unknown tool name gets an error result", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }).filter((name) => !CATALOG.some((tool) => tool.name === name)),
        anyJson,
        async (tool, args) => {
          const result = await servers.json.call(tool, typeof args === "object" && args !== null && !Array.isArray(args) ? args : {});
          expect(result.isError).toBe(true);
          // SDK 1.32.2 looks tools up in a plain object, so a name such as "toString" finds an inherited member and reads as "disabled".
          expect(resultText(result)).toMatch(/ not found$| disabled$/);
        },
      ),
      fuzzParameters(20),
    );
  });
});
