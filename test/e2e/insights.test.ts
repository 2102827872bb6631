import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../../src/sandbox/assets/index.js";
import { apiRequests, startCliSession, type CliSession } from "./harness.js";

const ASSETS = 1500;
const SEED = "insights";
const tenant = createTenant({ assets: ASSETS, seed: SEED });

type Raw = Record<string, any>;

/** Discovery sources of an asset, gathered the way an analyst would read the record. */
function sourcesOf(asset: Raw): Set<string> {
  const sources = new Set<string>();
  const add = (value: unknown) => {
    for (const part of String(value ?? "").split(/,\s*/)) if (part !== "") sources.add(part);
  };
  for (const port of asset.openPortListData?.openPort ?? []) add(port.discoverySources);
  for (const software of asset.softwareListData?.software ?? []) add(software.discoverySources);
  add(asset.inventory?.source);
  add(asset.activity?.source);
  return sources;
}

const raw = [...tenant.assetsAfter(0)] as Raw[];
const expectedInternetFacing = raw.filter((asset) => sourcesOf(asset).has("EASM")).length;
const expectedStages = new Map<string, number>();
for (const asset of raw) {
  const stage = asset.operatingSystem?.lifecycle?.stage ?? "Unknown";
  expectedStages.set(stage, (expectedStages.get(stage) ?? 0) + 1);
}
const expectedUnsupported = raw.filter((asset) => /EOL|EOS/.test(asset.operatingSystem?.lifecycle?.stage ?? "")).length;

interface Summary {
  matching: number;
  assetsAnalyzed: number;
  complete: boolean;
  stoppedBecause?: string;
  pagesRead: number;
  internetFacing: number;
  osLifecycle: Record<string, number>;
  unsupportedOsHostsTotal: number;
  unsupportedOsHosts: Array<{ stage: string }>;
  bySource: Record<string, number>;
  riskySoftware: Array<{ name: string; assets: number }>;
  openPorts: Array<{ port: number; assets: number }>;
  mostExposed: Array<{ reasons: string[] }>;
}

let session: CliSession;

beforeAll(async () => {
  session = await startCliSession({ sandbox: { assets: ASSETS, seed: SEED } });
});

afterAll(async () => {
  await session?.close();
});

describe("summarize_attack_surface", () => {
  it("aggregates the whole tenant exactly", async () => {
    const result = await session.call("summarize_attack_surface", { maxAssets: 5000 });
    expect(result.isError).toBeFalsy();
    const summary = result.structuredContent as unknown as Summary;
    expect(summary.matching).toBe(ASSETS);
    expect(summary.assetsAnalyzed).toBe(ASSETS);
    expect(summary.complete).toBe(true);
    // Pages are sized from the record size (about 3 MiB of JSON each), so there are at least ASSETS / 300.
    expect(summary.pagesRead).toBeGreaterThanOrEqual(Math.ceil(ASSETS / 300));
    expect(summary.internetFacing).toBe(expectedInternetFacing);
    expect(summary.bySource.EASM).toBe(expectedInternetFacing);
    expect(summary.osLifecycle).toEqual(Object.fromEntries(expectedStages));
    expect(summary.unsupportedOsHostsTotal).toBe(expectedUnsupported);
    expect(summary.unsupportedOsHosts.length).toBe(10);
    expect(summary.riskySoftware.length).toBeGreaterThan(0);
    expect(summary.openPorts[0]!.assets).toBeGreaterThanOrEqual(summary.openPorts[1]!.assets);
    expect(summary.mostExposed.length).toBe(10);
    expect(summary.mostExposed[0]!.reasons.length).toBeGreaterThan(0);
  });

  it("sizes pages from the record size", async () => {
    session.sandbox.clearRequests();
    await session.call("summarize_attack_surface", { maxAssets: 600 });
    const sizes = apiRequests(session.sandbox)
      .filter((request) => request.path === "/rest/2.0/search/am/asset")
      .map((request) => Number(request.query.pageSize));
    expect(sizes[0]).toBe(100);
    // Sandbox records are about 30 KB, so a 3 MiB page contains about 100 of them, not 300.
    expect(sizes[1]).toBeGreaterThanOrEqual(10);
    expect(sizes[1]).toBeLessThan(300);
  });

  it("honours maxAssets and says why it stopped", async () => {
    const result = await session.call("summarize_attack_surface", { maxAssets: 450 });
    const summary = result.structuredContent as unknown as Summary;
    expect(summary.assetsAnalyzed).toBe(450);
    expect(summary.complete).toBe(false);
    expect(summary.stoppedBecause).toContain("maxAssets (450)");
    expect(summary.pagesRead).toBeGreaterThanOrEqual(2);
  });

  it("walks only the filtered set", async () => {
    const result = await session.call("summarize_attack_surface", {
      filters: [{ field: "openPorts.discoverySources", operator: "EQUALS", value: "EASM" }],
    });
    const summary = result.structuredContent as unknown as Summary;
    const easmPortAssets = raw.filter((asset) =>
      (asset.openPortListData?.openPort ?? []).some((port: Raw) => String(port.discoverySources).includes("EASM")),
    ).length;
    expect(summary.matching).toBe(easmPortAssets);
    expect(summary.assetsAnalyzed).toBe(easmPortAssets);
    expect(summary.internetFacing).toBe(easmPortAssets);
  });

  it("sends progress notifications as pages arrive", async () => {
    const progress: Array<{ progress: number; total?: number }> = [];
    const result = (await session.client.callTool({ name: "summarize_attack_surface", arguments: { maxAssets: 900 } }, undefined, {
      onprogress: (update) => progress.push({ progress: update.progress, total: update.total }),
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    // The SDK client handles notifications asynchronously but the response at once, and it
    // drops the progress handler with the response, so the last notification may be lost.
    const values = progress.map((update) => update.progress);
    expect(values.length).toBeGreaterThanOrEqual(3);
    expect(values[0]).toBe(0);
    expect(values[1]).toBe(100);
    for (let index = 1; index < values.length; index++) expect(values[index]!).toBeGreaterThan(values[index - 1]!);
    expect(values.at(-1)!).toBeLessThanOrEqual(900);
    expect(progress.every((update) => update.total === 900)).toBe(true);
  });

  it("stops walking when cancelled and keeps serving", async () => {
    session.sandbox.clearRequests();
    session.sandbox.injectFault({ kind: "delay", ms: 400, times: 20, match: "/rest/2.0/search" });
    const controller = new AbortController();
    const pending = session.client.callTool({ name: "summarize_attack_surface", arguments: { maxAssets: 1500 } }, undefined, {
      signal: controller.signal,
      onprogress: (update) => {
        if (update.progress >= 100) controller.abort();
      },
    });
    await expect(pending).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    session.sandbox.clearFaults();
    const searches = apiRequests(session.sandbox).filter((request) => request.path === "/rest/2.0/search/am/asset");
    expect(searches.length).toBeLessThan(5);
    const next = await session.call("count_assets", {});
    expect(next.structuredContent).toEqual({ count: ASSETS });
  });
});
