/**
 * Gateway-response fuzzing: every tool is called with valid arguments while a stand-in
 * gateway sends generated status codes, headers and bodies. The starting point of each
 * body is the real response the sandbox sent to the same call, so broken fields sit
 * where the readers look for them.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_PASSWORD, SANDBOX_USERNAME, startSandbox } from "../../src/sandbox/index.js";
import { CATALOG } from "../../tools/catalog.js";
import { ECHO_AUTHORIZATION, signToken, startFakeGateway, type FakeGateway, type ScriptedResponse } from "./fake-gateway.js";
import { echoBody, FUZZ_MAX_RESPONSE_BYTES, headersArbitrary, responseArbitrary, responsesText, statusArbitrary, validResponse } from "./gateway-responses.js";
import { expectWellFormedResult, FUZZ_TEST_TIMEOUT_MS, fuzzParameters, resultText, startFuzzServer, type FuzzServer } from "./harness.js";

/** Runs per tool, sized with the other properties to keep the suite short (see fuzzParameters). */
const RUNS_PER_TOOL = 60;

/** Characters that form encoding changes, so a leak in encoded form is caught too. */
const PASSWORD = "fuzz p@ss&word=1!";
const PROFILE = "Fuzz Profile";

/** Deadline of one gateway call in the fuzzed client. No generated response is slow, so the property never reaches it. */
const GATEWAY_TIMEOUT_MS = 2000;

/**
 * Valid arguments of each tool, in an order the sandbox accepts: the profile is created
 * before it is changed and deleted. `{assetId}` is replaced with an ID the sandbox returned.
 */
const VALID_CALLS: Array<{ tool: string; args: Record<string, unknown> }> = [
  { tool: "list_easm_profiles", args: { pageNumber: 0 } },
  { tool: "get_easm_profile", args: { profileName: "EASM Default Profile" } },
  { tool: "get_easm_discovery_status", args: {} },
  { tool: "create_easm_profile", args: { name: PROFILE, includeSeeds: [{ seedType: "DOMAIN", values: ["example.com"] }] } },
  {
    tool: "update_easm_profile",
    args: { profileName: PROFILE, includeSeeds: [{ seedType: "ORGANIZATION", values: ["Example Corporation"], enumerateSubsidiary: true }] },
  },
  { tool: "patch_easm_profile", args: { profileName: PROFILE, excludeSeeds: [{ seedType: "COUNTRY", values: ["AQ"] }] } },
  { tool: "set_easm_profile_active", args: { profileName: PROFILE, active: false } },
  { tool: "delete_easm_profile", args: { profileName: PROFILE, confirm: PROFILE } },
  { tool: "count_assets", args: { filters: [{ field: "operatingSystem.lifecycle.stage", operator: "EQUALS", value: "EOL" }] } },
  { tool: "search_assets", args: { pageSize: 3, detail: "full" } },
  { tool: "get_asset", args: { assetId: "{assetId}", detail: "full" } },
  { tool: "count_assets_v1", args: { filter: "operatingSystem:(lifecycle.stage:EOL)" } },
  { tool: "filter_assets_v1", args: { filter: "openPorts:(discoverySources:EASM)", pageSize: 3, detail: "full" } },
  { tool: "list_assets_v1", args: { pageSize: 3, detail: "full" } },
  { tool: "get_asset_v1", args: { assetId: "{assetId}", detail: "full" } },
  { tool: "summarize_attack_surface", args: { filters: [{ field: "openPorts.discoverySources", operator: "EQUALS", value: "EASM" }], maxAssets: 5 } },
];

/** Tools that take `detail`: the fuzzed call requests either form, because each reads the records differently. */
const DETAIL_TOOLS = new Set(["search_assets", "get_asset", "filter_assets_v1", "list_assets_v1", "get_asset_v1"]);
/** Tools that take `lastSeenAssetId`: a cursor in the request turns on the stalled-cursor check. */
const CURSOR_TOOLS = new Set(["search_assets", "filter_assets_v1", "list_assets_v1"]);

/** Tools whose results carry asset values, which come from scanned hosts and the internet. */
const ASSET_TOOLS = new Set(["search_assets", "get_asset", "filter_assets_v1", "list_assets_v1", "get_asset_v1", "summarize_attack_surface"]);

/**
 * Characters that the server removes from asset values: controls, format and bidi marks,
 * lone surrogates and the noncharacters U+FFFE and U+FFFF. The zero-width joiner and
 * non-joiner stay, because emoji and several scripts need them.
 */
const HIDDEN_CHARACTER = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Cs}\uFFFE\uFFFF]/u;

/** Fails when a string anywhere in `value` still contains a hidden character. */
function expectNoHiddenCharacters(tool: string, value: unknown, path = "structuredContent"): void {
  if (typeof value === "string") {
    expect(HIDDEN_CHARACTER.test(value), `${tool}: ${path} keeps a hidden character: ${JSON.stringify(value).slice(0, 200)}`).toBe(false);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => expectNoHiddenCharacters(tool, item, `${path}[${index}]`));
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) expectNoHiddenCharacters(tool, child, `${path}.${key}`);
  }
}

/** A page that offers more must name a cursor past the one requested, or a caller that follows it loops forever. */
function expectAdvancingCursor(tool: string, content: unknown, requestedCursor: unknown): void {
  const page = content as { hasMore?: unknown; nextCursor?: unknown };
  if (page.hasMore !== true) return;
  expect(Number.isSafeInteger(page.nextCursor), `${tool}: hasMore without a usable nextCursor (${String(page.nextCursor)})`).toBe(true);
  if (typeof requestedCursor === "number") {
    expect(page.nextCursor as number, `${tool}: nextCursor does not advance past lastSeenAssetId`).toBeGreaterThan(requestedCursor);
  }
}

/** The JSON bodies the sandbox returned to each tool's valid call, in order, with null for an empty body. */
const samples = new Map<string, unknown[]>();
const validArgs = new Map<string, Record<string, unknown>>();

/** Calls each tool once against the sandbox and keeps the parsed body of its gateway response. */
async function recordSandboxResponses(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, profileLimit: 1000 });
  const server = await startFuzzServer({
    gateway: { baseUrl: sandbox.url, username: SANDBOX_USERNAME, password: SANDBOX_PASSWORD, timeoutMs: 5000 },
  });
  try {
    let recorded: unknown[] = [];
    const sendJson = server.gateway.sendJson.bind(server.gateway);
    server.gateway.sendJson = async (request, options) => {
      const response = await sendJson(request, options);
      recorded.push(response.body ?? null);
      return response;
    };

    let assetId: unknown;
    for (const { tool, args } of VALID_CALLS) {
      const resolved = args.assetId === "{assetId}" ? { ...args, assetId } : args;
      recorded = [];
      const result = await server.call(tool, resolved);
      expect(result.isError, `${tool} against the sandbox: ${resultText(result)}`).not.toBe(true);
      samples.set(tool, recorded);
      validArgs.set(tool, resolved);
      if (tool === "search_assets") assetId = (recorded[0] as { assetListData?: { asset?: Array<{ assetId?: unknown }> } }).assetListData?.asset?.[0]?.assetId;
    }
  } finally {
    await server.close();
    await sandbox.close();
  }
}

/**
 * Generates the responses for one call: one from each recorded response, in order, and up
 * to two more from the last, which retries and further pages receive.
 */
function responsesArbitrary(tool: string): fc.Arbitrary<ScriptedResponse[]> {
  const recorded = samples.get(tool)!;
  const last = recorded[recorded.length - 1];
  return fc
    .tuple(fc.tuple(...recorded.map((sample) => responseArbitrary(sample))), fc.array(responseArbitrary(last), { maxLength: 2 }))
    .map(([inOrder, extra]) => [...inOrder, ...extra]);
}

function argsArbitrary(tool: string): fc.Arbitrary<Record<string, unknown>> {
  const args = validArgs.get(tool)!;
  return fc
    .record({
      detail: fc.constantFrom("summary", "full"),
      lastSeenAssetId: fc.option(fc.constantFrom(0, 40_000_002, Number.MAX_SAFE_INTEGER), { nil: undefined }),
    })
    .map(({ detail, lastSeenAssetId }) => ({
      ...args,
      ...(DETAIL_TOOLS.has(tool) ? { detail } : {}),
      ...(CURSOR_TOOLS.has(tool) && lastSeenAssetId !== undefined ? { lastSeenAssetId } : {}),
    }));
}

let gateway: FakeGateway;
let server: FuzzServer;

async function startServerOnFake(): Promise<FuzzServer> {
  return startFuzzServer({
    gateway: {
      baseUrl: gateway.url,
      username: "fuzz",
      password: PASSWORD,
      timeoutMs: GATEWAY_TIMEOUT_MS,
      maxResponseBytes: FUZZ_MAX_RESPONSE_BYTES,
      // Retries wait for nothing, so a run of 503s or 429s costs milliseconds.
      sleep: async () => undefined,
    },
  });
}

/** Fails when the password, in plain or form-encoded form, or a token the gateway issued appears in the result. */
function expectNoSecrets(tool: string, result: CallToolResult): void {
  const text = `${resultText(result)} ${JSON.stringify(result.structuredContent ?? {})}`;
  const passwordForms = [PASSWORD, new URLSearchParams({ p: PASSWORD }).toString().slice(2), encodeURIComponent(PASSWORD)];
  for (const form of passwordForms) expect(text, `${tool}: the password leaked as ${form}`).not.toContain(form);
  for (const token of gateway.issuedTokens()) expect(text, `${tool}: a token leaked`).not.toContain(token);
}

/** Calls list_easm_profiles with a valid response queued, and fails the test unless it succeeds. */
async function expectServerStillWorks(target: FuzzServer, after: string): Promise<void> {
  gateway.setResponses([validResponse(samples.get("list_easm_profiles")![0])]);
  const followUp = await target.call("list_easm_profiles", validArgs.get("list_easm_profiles"));
  expect(followUp.isError, `list_easm_profiles after ${after}: ${resultText(followUp)}`).not.toBe(true);
}

beforeAll(async () => {
  await recordSandboxResponses();
  gateway = await startFakeGateway();
  server = await startServerOnFake();
});

afterAll(async () => {
  await server?.close();
  await gateway?.close();
});

describe("gateway response fuzzing", () => {
  it("sandbox responses were recorded for every tool", () => {
    for (const { name } of CATALOG) {
      expect(validArgs.has(name), `no valid call for ${name}`).toBe(true);
      expect(samples.get(name)?.length, `no gateway response recorded for ${name}`).toBeGreaterThan(0);
    }
  });

  for (const { name: tool } of CATALOG) {
    it(
      `${tool} survives generated responses`,
      async () => {
        expect(samples.has(tool), `add a valid call for ${tool} to VALID_CALLS`).toBe(true);
        await fc.assert(
          fc.asyncProperty(argsArbitrary(tool), responsesArbitrary(tool), fc.boolean(), async (args, responses, progress) => {
            gateway.setResponses(responses);
            const result = await server.call(tool, args, { progress });

            expectWellFormedResult(tool, result, responsesText(responses));
            expectNoSecrets(tool, result);
            expect(gateway.requestCount(), `${tool}: the valid call never reached the gateway`).toBeGreaterThan(0);
            if (result.isError !== true && ASSET_TOOLS.has(tool)) {
              expectNoHiddenCharacters(tool, result.structuredContent);
              expectAdvancingCursor(tool, result.structuredContent, args.lastSeenAssetId);
            }

            await expectServerStillWorks(server, tool);
          }),
          fuzzParameters(RUNS_PER_TOOL),
        );
      },
      FUZZ_TEST_TIMEOUT_MS,
    );
  }

  it(
    "concurrent calls survive generated responses",
    async () => {
      // Calls share the token, the connection pool and the concurrency limit, which the generated headers change mid-flight.
      const callArbitrary = fc
        .constantFrom(...VALID_CALLS.map((call) => call.tool))
        .chain((tool) => fc.tuple(fc.constant(tool), argsArbitrary(tool), responseArbitrary(samples.get(tool)![0])));

      await fc.assert(
        fc.asyncProperty(fc.array(callArbitrary, { minLength: 2, maxLength: 6 }), async (calls) => {
          const responses = calls.map(([, , response]) => response);
          gateway.setResponses(responses);
          const results = await Promise.all(calls.map(([tool, args]) => server.call(tool, args)));

          results.forEach((result, index) => {
            expectWellFormedResult(calls[index]![0], result, responsesText(responses));
            expectNoSecrets(calls[index]![0], result);
          });
          await expectServerStillWorks(server, "concurrent calls");
        }),
        fuzzParameters(30),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    "cancelled calls release their slot",
    async () => {
      const fresh = await startServerOnFake();
      try {
        // One slot: a call that keeps its slot after the client cancels it blocks the follow-up call until it times out.
        const listSample = samples.get("list_easm_profiles")![0];
        gateway.setResponses([{ ...validResponse(listSample), headers: { "content-type": "application/json", "x-concurrency-limit-limit": "1" } }]);
        await fresh.call("list_easm_profiles", validArgs.get("list_easm_profiles"));
        expect(fresh.gateway.concurrencyLimit).toBe(1);

        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...VALID_CALLS.map((call) => call.tool)),
            fc.constantFrom("stall" as const, "silent" as const),
            fc.integer({ min: 0, max: 30 }),
            async (tool, ending, cancelAfterMs) => {
              gateway.setResponses([{ ...validResponse(samples.get(tool)![0]), ending }]);
              const controller = new AbortController();
              const pending = fresh.client.callTool({ name: tool, arguments: validArgs.get(tool) }, undefined, { signal: controller.signal });
              setTimeout(() => controller.abort(), cancelAfterMs);
              await expect(pending).rejects.toThrow();

              await expectServerStillWorks(fresh, `a cancelled ${tool}`);
            },
          ),
          fuzzParameters(15),
        );
      } finally {
        await fresh.close();
      }
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  it(
    "bad /auth responses fail clearly and do not stick",
    async () => {
      const tokenBody = fc.oneof(
        fc.constantFrom("", " ", "\n", "<html>login</html>", '{"token":"x"}', "two words", "abc", "eyJ.broken.jwt"),
        fc.integer({ min: -100_000, max: 100_000 }).map(async (seconds) => signToken(seconds)),
        // exp claims at and past the ends of the Date range (8.64e12 s either side of 1970), and one that is not a number.
        fc.constantFrom(8_640_000_000_000, -8_640_000_000_000, 1e300, 9e15, -1e300, 0, "soon").map((exp) => unsignedToken({ sub: "fuzz", exp })),
        fc.string({ unit: "grapheme-ascii", maxLength: 80 }),
        echoBody,
      );
      const authResponse = fc.record({
        status: fc.oneof({ arbitrary: fc.constantFrom(200, 201), weight: 3 }, { arbitrary: statusArbitrary, weight: 2 }),
        headers: headersArbitrary,
        body: tokenBody,
        ending: fc.constantFrom("complete" as const, "complete" as const, "complete" as const, "reset" as const),
      });

      await fc.assert(
        fc.asyncProperty(fc.array(authResponse, { minLength: 1, maxLength: 2 }), async (generated) => {
          const responses: ScriptedResponse[] = await Promise.all(
            generated.map(async (scripted) => ({ ...scripted, body: Buffer.from(await scripted.body, "utf8") })),
          );
          // A fresh server has no token yet, so its first call goes to /auth.
          const fresh = await startServerOnFake();
          try {
            gateway.setAuthResponses(responses);
            gateway.setResponses([validResponse(samples.get("list_easm_profiles")![0])]);
            const result = await fresh.call("list_easm_profiles", validArgs.get("list_easm_profiles"));

            expectWellFormedResult("list_easm_profiles", result, responsesText(responses));
            expectNoSecrets("list_easm_profiles", result);
            if (result.isError === true) {
              // Only /auth misbehaved, so the message must be about authentication, not about the tool's own request.
              expect(resultText(result), "the error should name authentication").toMatch(/auth/i);
            }

            gateway.setAuthResponses([]);
            await expectServerStillWorks(fresh, "a bad /auth response");
          } finally {
            await fresh.close();
          }
        }),
        fuzzParameters(40),
      );
    },
    FUZZ_TEST_TIMEOUT_MS,
  );

  // An exp past the Date range cannot be a real expiry, so the session falls back to its default lifetime.
  it("token with exp past the Date range", async () => {
    for (const exp of [1e300, 9e15, -1e300]) {
      // A fresh server per value, because a client that has a token does not call /auth again.
      const fresh = await startServerOnFake();
      try {
        gateway.setAuthResponses([{ status: 201, headers: { "content-type": "text/plain" }, body: Buffer.from(unsignedToken({ exp })), ending: "complete" }]);
        gateway.setResponses([validResponse(samples.get("list_easm_profiles")![0])]);
        const result = await fresh.call("list_easm_profiles", validArgs.get("list_easm_profiles"));
        expect(result.isError, `exp ${exp}: ${resultText(result)}`).not.toBe(true);
      } finally {
        await fresh.close();
      }
    }
  });

  // A gateway that repeats the Authorization header in a change message must not hand the token to the assistant.
  it("change message repeating the token", async () => {
    const body = `{"code":200,"status":"ACTIVATED","message":"Activated with ${ECHO_AUTHORIZATION}"}`;
    gateway.setResponses([{ status: 200, headers: { "content-type": "application/json" }, body: Buffer.from(body), ending: "complete" }]);
    const result = await server.call("set_easm_profile_active", { profileName: PROFILE, active: true });

    expect(result.isError, resultText(result)).not.toBe(true);
    expectNoSecrets("set_easm_profile_active", result);
  });

  it("stalled responses time out clearly", async () => {
    const stalledServer = await startFuzzServer({
      gateway: { baseUrl: gateway.url, username: "fuzz", password: PASSWORD, timeoutMs: 300, sleep: async () => undefined },
    });
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...VALID_CALLS.map((call) => call.tool)), fc.constantFrom("stall" as const, "silent" as const), async (tool, ending) => {
          gateway.setResponses([{ ...validResponse(samples.get(tool)![0]), ending }]);
          const started = Date.now();
          const result = await stalledServer.call(tool, validArgs.get(tool));

          expect(result.isError, `${tool}: ${resultText(result)}`).toBe(true);
          expect(resultText(result)).toMatch(/timed out/);
          expectWellFormedResult(tool, result, "");
          // The deadline covers retries too; allow generous scheduling slack on a busy CI machine.
          expect(Date.now() - started).toBeLessThan(5000);
        }),
        // Each run waits out the 300 ms deadline, so a deep run stops at 64 runs, enough to cover every tool with both endings.
        { ...fuzzParameters(8), numRuns: Math.min(fuzzParameters(8).numRuns ?? 8, 64) },
      );
    } finally {
      await stalledServer.close();
    }
    await expectServerStillWorks(server, "stalled responses");
  }, FUZZ_TEST_TIMEOUT_MS);
});

/** Builds a JWT-shaped token with any payload and a fake signature. The client reads `exp` without checking signatures. */
function unsignedToken(payload: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "HS256", typ: "JWT" })}.${encode(payload)}.c2lnbmF0dXJl`;
}
