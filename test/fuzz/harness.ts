/**
 * Shared pieces of the fuzz tests: the fixed seed and run counts, an MCP client connected
 * in memory to buildServer(), and the checks every tool result must pass.
 */
import { Writable } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Parameters } from "fast-check";
import { expect } from "vitest";
import { GatewayClient, type GatewayClientOptions } from "../../src/gateway/client.js";
import { createLogger } from "../../src/logger.js";
import { parseFlags, resolveConfig } from "../../src/options.js";
import { SecretRegistry } from "../../src/secrets.js";
import { buildServer } from "../../src/server.js";

/**
 * Seed of every property. fast-check prints the seed and the shrunk counterexample of a
 * failing property, so a failure replays with the same seed. Set FUZZ_SEED to explore
 * other inputs.
 */
export const FUZZ_SEED = process.env.FUZZ_SEED === undefined ? 20_240_611 : Number(process.env.FUZZ_SEED);

/**
 * Runs per property: `defaultRuns`, unless FUZZ_RUNS is set. The defaults keep
 * `npx vitest run test/fuzz` near 25 s on a 2-core machine that was running other test
 * suites at the same time. For a deep run, raise every property at once, for example
 * `FUZZ_RUNS=1000 npx vitest run test/fuzz`, which takes several minutes.
 */
export function fuzzParameters(defaultRuns: number): Parameters<unknown> {
  const override = Number(process.env.FUZZ_RUNS);
  const numRuns = Number.isSafeInteger(override) && override > 0 ? override : defaultRuns;
  return { seed: FUZZ_SEED, numRuns, endOnFailure: false };
}

/** Time limit of one fuzz test: one minute, or a day when FUZZ_RUNS is set for a deep run. */
export const FUZZ_TEST_TIMEOUT_MS = process.env.FUZZ_RUNS === undefined ? 60_000 : 24 * 60 * 60 * 1000;

/** Upper bound for one tool call, retries and the gateway's responses included. */
export const CALL_TIMEOUT_MS = 10_000;

/** Every toolset, so the catalog is registered in full. */
const ALL_TOOLSETS = "profiles,assets,assets_v1,insights";

export interface FuzzServer {
  client: Client;
  /** The gateway client the server uses. */
  gateway: GatewayClient;
  /** The tools as tools/list shows them, with their JSON input and output schemas. */
  tools: Tool[];
  /**
   * Calls a tool and fails the test when the call takes longer than CALL_TIMEOUT_MS. With
   * `progress`, the call carries a progress token, so tools that report progress send it.
   */
  call: (name: string, args: unknown, options?: { progress?: boolean }) => Promise<CallToolResult>;
  /** Log lines the server wrote, for the message of a failing check. */
  logText: () => string;
  close: () => Promise<void>;
}

export interface FuzzServerOptions {
  gateway: Omit<GatewayClientOptions, "logger" | "secrets">;
  filterFormat?: "json" | "xml";
}

/**
 * Builds the server with every toolset around a GatewayClient, and connects an SDK client
 * through an in-memory transport pair. The client lists the tools first, so it checks
 * each structuredContent against the tool's output schema.
 */
export async function startFuzzServer(options: FuzzServerOptions): Promise<FuzzServer> {
  const secrets = new SecretRegistry();
  let logText = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      // Only the latest lines matter for a failure message; keep memory bounded on deep runs.
      logText = (logText + chunk.toString()).slice(-20_000);
      done();
    },
  });
  const logger = createLogger("warn", secrets, sink);
  const gateway = new GatewayClient({ ...options.gateway, logger, secrets });

  const flags = parseFlags(["--gateway-url", options.gateway.baseUrl, "--filter-format", options.filterFormat ?? "json", "--toolsets", ALL_TOOLSETS]);
  const config = resolveConfig(flags.values, { QUALYS_USERNAME: options.gateway.username, QUALYS_PASSWORD: options.gateway.password });
  const server = buildServer({ config, gateway, logger, secrets });

  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "fuzz-test", version: "1.0.0" });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  const { tools } = await client.listTools();

  return {
    client,
    gateway,
    tools,
    call: async (name, args, options = {}) => {
      // A real transport carries JSON, so the arguments go through a JSON round trip as they would on the wire.
      const wireArgs = args === undefined ? undefined : (JSON.parse(JSON.stringify(args)) as Record<string, unknown>);
      const requestOptions = { timeout: CALL_TIMEOUT_MS, ...(options.progress === true ? { onprogress: () => undefined } : {}) };
      return (await client.callTool({ name, arguments: wireArgs }, undefined, requestOptions)) as CallToolResult;
    },
    logText: () => logText,
    close: async () => {
      await client.close();
      await server.close();
      await gateway.close();
    },
  };
}

/** Joins the text of every text block of a result. */
export function resultText(result: CallToolResult): string {
  return result.content
    .filter((block): block is { type: "text"; text: string } => block.type === "text")
    .map((block) => block.text)
    .join("\n");
}

/** How the SDK starts the error result for arguments that fail a tool's input schema. */
export const SDK_INPUT_ERROR = /^MCP error -32602: Input validation error/;

/** Words that mean a value or an error was turned into text without care. */
const CARELESS_TEXT: ReadonlyArray<{ pattern: RegExp; token: string }> = [
  { pattern: /\bundefined\b/, token: "undefined" },
  { pattern: /\bNaN\b/, token: "NaN" },
  { pattern: /\[object Object\]/, token: "[object Object]" },
];

/** A line of a JavaScript stack trace, such as "    at readPage (file:///app/src/csam/paging.ts:12:5)". */
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/**
 * Checks that a result has the shape of the contract: an error with a readable message, or
 * a success whose text block is the JSON of its structuredContent. `echoed` is text the
 * test itself put into the call (arguments or gateway bodies), so a word found there may
 * come back in the message without counting as careless.
 */
export function expectWellFormedResult(tool: string, result: CallToolResult, echoed: string): void {
  const text = resultText(result);
  if (result.isError === true) {
    expect(text.trim(), `${tool}: an error result needs a message`).not.toBe("");
    // The SDK reports a structuredContent that breaks the tool's own output schema as an error result with this prefix.
    expect(text, `${tool}: the handler's output breaks its output schema`).not.toMatch(/^Output validation error/);
    // registerTools() uses this wording for errors that are neither input nor gateway errors, that is, for crashes of a handler.
    expect(text, `${tool}: the handler crashed instead of reporting a typed error`).not.toMatch(/failed unexpectedly/);
    expect(text, `${tool}: the message contains a stack trace`).not.toMatch(STACK_LINE);
    // The SDK's input validation message quotes zod, whose wording ("received undefined") is not ours to check.
    if (!SDK_INPUT_ERROR.test(text)) {
      for (const { pattern, token } of CARELESS_TEXT) {
        if (!echoed.includes(token)) expect(text, `${tool}: the message contains "${token}"`).not.toMatch(pattern);
      }
    }
    return;
  }

  expect(result.structuredContent, `${tool}: a success result needs structuredContent`).toBeTypeOf("object");
  expect(JSON.parse(text), `${tool}: the text block must be the JSON of structuredContent`).toEqual(result.structuredContent);
  const serialized = JSON.stringify(result.structuredContent);
  if (!echoed.includes("[object Object]")) {
    expect(serialized, `${tool}: an object was turned into "[object Object]"`).not.toContain("[object Object]");
  }
}
