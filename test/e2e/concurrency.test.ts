/**
 * Many tool calls at once through the built CLI: one shared token refresh, and never more
 * requests in flight at the gateway than its X-Concurrency-Limit-Limit header allows. A
 * recording proxy between the CLI and the sandbox counts the requests in flight, and a
 * delay fault on every call keeps them overlapping.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiRequests, resultText, startCliSession, type CliSession } from "./harness.js";
import { startRecordingProxy, type RecordingProxy } from "./observe.js";

const PARALLEL_CALLS = 50;
const CREATES = 10;
/** Long enough that 50 calls pile up behind the concurrency limit, short enough to keep the test quick. */
const DELAY_MS = 60;

let proxy: RecordingProxy;
let session: CliSession;

beforeEach(async () => {
  proxy = await startRecordingProxy();
  session = await startCliSession({ sandbox: { profileLimit: 100 }, args: ["--gateway-url", proxy.url] });
  proxy.setTarget(session.sandbox.url);
});

afterEach(async () => {
  await session?.close();
  await proxy?.close();
});

/** 40 reads of three kinds and 10 creates with distinct names, in one list. */
function mixedCalls(): Array<[string, Record<string, unknown>]> {
  const calls: Array<[string, Record<string, unknown>]> = [];
  for (let index = 0; index < PARALLEL_CALLS - CREATES; index++) {
    const reads: Array<[string, Record<string, unknown>]> = [
      ["list_easm_profiles", {}],
      ["get_easm_profile", { profileName: "EASM Default Profile" }],
      ["get_easm_discovery_status", {}],
    ];
    calls.push(reads[index % reads.length]!);
  }
  for (let index = 0; index < CREATES; index++) {
    calls.push(["create_easm_profile", { name: `Parallel ${index}`, includeSeeds: [{ seedType: "DOMAIN", values: ["example.org"] }] }]);
  }
  return calls;
}

/** Returns the limit the sandbox announced, read from the responses that passed the proxy. */
function announcedLimit(): number {
  const limits = new Set(proxy.exchanges.map((exchange) => exchange.concurrencyLimit).filter((limit) => limit !== undefined));
  expect(limits.size).toBe(1);
  return [...limits][0]!;
}

async function runInParallel(): Promise<void> {
  const results = await Promise.all(mixedCalls().map(([name, args]) => session.call(name, args)));
  for (const result of results) {
    expect(resultText(result)).not.toMatch(/failed|timed out/);
    expect(result.isError).toBeFalsy();
  }
}

function expectCreatesAtMostOnceEach(): void {
  for (let index = 0; index < CREATES; index++) {
    const posts = apiRequests(session.sandbox).filter((request) => request.method === "POST" && request.body.includes(`"Parallel ${index}"`));
    // A second POST of the same create is allowed only as the resend after a 401.
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(posts.length).toBeLessThanOrEqual(2);
  }
}

describe("parallel tool calls", () => {
  it("share one token refresh after expiry", async () => {
    expect((await session.call("list_easm_profiles", {})).isError).toBeFalsy();
    expect(session.sandbox.authCalls()).toBe(1);
    session.sandbox.expireTokens();
    session.sandbox.injectFault({ kind: "delay", ms: DELAY_MS, times: 1000, match: "/easm" });
    proxy.reset();

    await runInParallel();

    expect(session.sandbox.authCalls()).toBe(2);
    expectCreatesAtMostOnceEach();
    const listed = await session.call("list_easm_profiles", { pageNumber: 0 });
    const names = (listed.structuredContent as { profiles: Array<{ name: string }> }).profiles.map((profile) => profile.name);
    for (let index = 0; index < CREATES; index++) expect(names.filter((name) => name === `Parallel ${index}`)).toHaveLength(1);
  });

  it("stay within the gateway's concurrency limit after expiry", async () => {
    expect((await session.call("list_easm_profiles", {})).isError).toBeFalsy();
    session.sandbox.expireTokens();
    session.sandbox.injectFault({ kind: "delay", ms: DELAY_MS, times: 1000, match: "/easm" });
    proxy.reset();

    await runInParallel();

    const limit = announcedLimit();
    expect(proxy.exchanges.length).toBeGreaterThanOrEqual(PARALLEL_CALLS);
    // The calls did overlap, so the limit was what held them back.
    expect(proxy.maxInFlight()).toBe(limit);
    const sandboxRunning = Math.max(...proxy.exchanges.map((exchange) => exchange.sandboxRunning ?? 0));
    expect(sandboxRunning).toBeLessThanOrEqual(limit);
  });

  it("stay within the limit on a fresh server", async () => {
    // The limit is unknown until the first response; the token request comes first and carries it.
    session.sandbox.injectFault({ kind: "delay", ms: DELAY_MS, times: 1000, match: "/easm" });

    await runInParallel();

    expect(session.sandbox.authCalls()).toBe(1);
    const limit = announcedLimit();
    expect(proxy.maxInFlight()).toBe(limit);
    expectCreatesAtMostOnceEach();
  });

  it("resend few requests after expiry", async () => {
    expect((await session.call("list_easm_profiles", {})).isError).toBeFalsy();
    session.sandbox.expireTokens();
    session.sandbox.injectFault({ kind: "delay", ms: DELAY_MS, times: 1000, match: "/easm" });
    session.sandbox.clearRequests();

    await runInParallel();

    // Calls that waited for a slot send the refreshed token, so only those already in flight meet a 401.
    const rejected = apiRequests(session.sandbox).length - PARALLEL_CALLS;
    expect(rejected).toBeGreaterThanOrEqual(1);
    expect(rejected).toBeLessThanOrEqual(announcedLimit());
  });
});
