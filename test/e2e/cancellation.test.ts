/**
 * Cancellation through the built CLI: the SDK client's callTool with an AbortSignal sends
 * notifications/cancelled, and the server must abort the request it has in flight to the
 * gateway, send nothing more for that call, and keep serving. A recording proxy between
 * the CLI and the sandbox records the connection closing before the delayed response.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiRequests, resultText, startCliSession, type CliSession } from "./harness.js";
import { startRecordingProxy, waitForLog, waitUntil, type RecordingProxy } from "./observe.js";

/** Delay of the sandbox's response, in milliseconds. A cancelled call must end long before it. */
const DELAY_MS = 10_000;
const PROFILE_PATH = "/easm/v2/profile";

let proxy: RecordingProxy;
let session: CliSession;

beforeAll(async () => {
  proxy = await startRecordingProxy();
  session = await startCliSession({ sandbox: { profileLimit: 100 }, args: ["--gateway-url", proxy.url] });
  proxy.setTarget(session.sandbox.url);
  expect((await session.call("list_easm_profiles", {})).isError).toBeFalsy();
});

afterAll(async () => {
  await session?.close();
  await proxy?.close();
});

beforeEach(() => {
  session.sandbox.clearFaults();
  session.sandbox.clearRequests();
  proxy.reset();
});

/** Starts a tool call that the returned controller can cancel. */
function cancellableCall(name: string, args: Record<string, unknown>) {
  const controller = new AbortController();
  const settled = session.client.callTool({ name, arguments: args }, undefined, { signal: controller.signal }).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error }),
  );
  return { controller, settled };
}

async function expectServerStillServes(): Promise<void> {
  session.sandbox.clearFaults();
  const next = await session.call("list_easm_profiles", {});
  expect(resultText(next)).not.toMatch(/failed/);
  expect(next.isError).toBeFalsy();
}

describe("cancelling a tool call", () => {
  it("closes the in-flight gateway request", async () => {
    session.sandbox.injectFault({ kind: "delay", ms: DELAY_MS, match: PROFILE_PATH });
    const logOffset = session.stderr().length;
    const { controller, settled } = cancellableCall("list_easm_profiles", {});
    await waitUntil(() => proxy.inFlight() === 1, "the request reaches the proxy");

    const cancelledAt = Date.now();
    controller.abort("the user stopped the call");
    const outcome = await settled;

    expect(outcome.result).toBeUndefined();
    expect(String(outcome.error)).toMatch(/the user stopped the call/);
    await waitUntil(() => proxy.exchanges[0]?.closedEarlyAt !== undefined, "the server closes the connection", 3000);
    const exchange = proxy.exchanges[0]!;
    expect(exchange.path).toBe(PROFILE_PATH);
    expect(exchange.finishedAt).toBeUndefined();
    // Well before the sandbox would have responded, so the server did not wait for it.
    expect(exchange.closedEarlyAt! - cancelledAt).toBeLessThan(DELAY_MS / 2);

    const line = await waitForLog(session, logOffset, (entry) => entry.msg === "gateway call cancelled by the client");
    expect(line.operation).toBe("list_easm_profiles");
    expect(apiRequests(session.sandbox)).toHaveLength(1);
    await expectServerStillServes();
  });

  it("stops a retry wait without another request", async () => {
    const waitSeconds = 2;
    session.sandbox.injectFault({ kind: "rate_limit", waitSeconds, match: PROFILE_PATH });
    const logOffset = session.stderr().length;
    const { controller, settled } = cancellableCall("list_easm_profiles", {});
    await waitForLog(session, logOffset, (entry) => entry.msg === "retrying gateway call");

    controller.abort("the user stopped the call");
    expect((await settled).error).toBeDefined();
    await waitForLog(session, logOffset, (entry) => entry.msg === "gateway call cancelled by the client");

    // Past the wait the gateway asked for: a retry would have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000 + 500));
    expect(apiRequests(session.sandbox)).toHaveLength(1);
    await expectServerStillServes();
  });

  it("never resends a cancelled create", async () => {
    session.sandbox.injectFault({ kind: "delay", ms: 1500, match: PROFILE_PATH });
    const logOffset = session.stderr().length;
    const name = "Cancelled Create";
    const { controller, settled } = cancellableCall("create_easm_profile", { name, includeSeeds: [{ seedType: "DOMAIN", values: ["example.org"] }] });
    await waitUntil(() => proxy.inFlight() === 1, "the request reaches the proxy");

    controller.abort("the user stopped the call");
    expect((await settled).error).toBeDefined();
    await waitForLog(session, logOffset, (entry) => entry.msg === "gateway call cancelled by the client" && entry.operation === "create_easm_profile");
    await waitUntil(() => proxy.exchanges[0]?.closedEarlyAt !== undefined, "the server closes the connection");

    // Past the delay: the create was sent once and not again.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const posts = apiRequests(session.sandbox).filter((request) => request.method === "POST");
    expect(posts).toHaveLength(1);
    await expectServerStillServes();
  });

  it("cancels one call and leaves the others running", async () => {
    session.sandbox.injectFault({ kind: "delay", ms: 800, times: 3, match: PROFILE_PATH });
    const cancelled = cancellableCall("list_easm_profiles", {});
    const others = [session.call("get_easm_profile", { profileName: "EASM Default Profile" }), session.call("get_easm_discovery_status", {})];
    await waitUntil(() => proxy.inFlight() >= 1, "a request reaches the proxy");

    cancelled.controller.abort("the user stopped the call");
    expect((await cancelled.settled).error).toBeDefined();
    for (const result of await Promise.all(others)) {
      expect(resultText(result)).not.toMatch(/failed|cancelled/);
      expect(result.isError).toBeFalsy();
    }
  });
});
