import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fullAsset, fullAssetPage } from "../../src/csam/full.js";
import { assetDetailShape, assetPageShape, UNTRUSTED_DATA_NOTICE } from "../../src/csam/output.js";
import type { AssetPage } from "../../src/csam/paging.js";
import { generateAssets } from "./fixtures/generate-assets.js";
import { releaseNoteAsset } from "./fixtures/release-note-asset.js";

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

function pageOf(assets: Record<string, unknown>[], extra: Partial<AssetPage> = {}): AssetPage {
  return { assets, count: assets.length, hasMore: false, ...extra };
}

describe("fullAsset", () => {
  it("keeps a small clean record unchanged", () => {
    expect(fullAsset(releaseNoteAsset())).toStrictEqual({
      record: releaseNoteAsset(),
      truncated: false,
      untrustedData: UNTRUSTED_DATA_NOTICE,
    });
  });

  it("cleans strings at every depth", () => {
    const raw = { assetName: "x\u202Ey", nested: { list: ["a\r\nb", { banner: "\u001b[1mhi" }] } };
    expect(fullAsset(raw).record).toStrictEqual({ assetName: "xy", nested: { list: ["a b", { banner: "[1mhi" }] } });
  });

  it("cleans keys", () => {
    expect(Object.keys(fullAsset({ "cust\u0000om": 1 }).record)).toStrictEqual(["custom"]);
  });

  it("caps a long string at 2000 code points", () => {
    const record = fullAsset({ banner: "b".repeat(5000) }).record;
    expect(Array.from(record.banner as string)).toHaveLength(2000);
  });

  it("keeps numbers, booleans and nulls", () => {
    expect(fullAsset({ a: 1, b: false, c: null }).record).toStrictEqual({ a: 1, b: false, c: null });
  });

  it("replaces values nested too deep", () => {
    let raw: Record<string, unknown> = { leaf: "x" };
    for (let depth = 0; depth < 40; depth += 1) raw = { child: raw };
    expect(JSON.stringify(fullAsset(raw).record)).toContain('"[nested too deep]"');
  });

  it("returns an empty record for a non-object", () => {
    expect(fullAsset([1, 2, 3]).record).toStrictEqual({});
  });

  describe("a record over the size limit", () => {
    const raw = generateAssets(1, 3)[0];
    const originalSoftware = (raw.softwareListData as { software: unknown[] }).software.length;
    const result = fullAsset(raw, 20_000);
    const software = (result.record.softwareListData as { software: unknown[] }).software;

    it("fits the limit", () => {
      expect(bytes(result.record)).toBeLessThanOrEqual(20_000);
    });

    it("uses most of the limit", () => {
      expect(bytes(result.record)).toBeGreaterThan(15_000);
    });

    it("says it was cut", () => {
      expect(result.truncated).toBe(true);
    });

    it("shortens the software list from the end", () => {
      expect(software.length).toBeLessThan(originalSoftware);
      expect(software[0]).toStrictEqual((raw.softwareListData as { software: unknown[] }).software[0]);
    });

    it("names the cut in the note", () => {
      expect(result.note).toContain(`softwareListData.software keeps ${software.length} of ${originalSoftware} items`);
    });

    it("keeps the asset ID", () => {
      expect(result.record.assetId).toBe(raw.assetId);
    });

    it("matches the detail output schema", () => {
      expect(z.object(assetDetailShape).safeParse(result).success).toBe(true);
    });
  });

  it("removes the largest field when no list is left", () => {
    const result = fullAsset({ a: "x".repeat(1500), b: "y".repeat(1000), c: 1 }, 1200);
    expect(result.record).toStrictEqual({ b: "y".repeat(1000), c: 1 });
    expect(result.note).toContain("a removed");
  });
});

describe("fullAssetPage", () => {
  const assets = generateAssets(10, 11);
  const sizes = assets.map(bytes);

  it("keeps a page within the limit unchanged", () => {
    const page = pageOf(assets.slice(0, 1), { hasMore: true, nextCursor: 5 });
    const result = fullAssetPage(page, 1_000_000);
    expect(result).toStrictEqual({
      records: assets.slice(0, 1),
      count: 1,
      hasMore: true,
      nextCursor: 5,
      untrustedData: UNTRUSTED_DATA_NOTICE,
    });
  });

  describe("a page over the size limit", () => {
    const limit = sizes[0] + sizes[1] + sizes[2] + 10;
    const result = fullAssetPage(pageOf(assets, { note: "gateway note" }), limit);

    it("keeps the records that fit", () => {
      expect(result.records).toStrictEqual(assets.slice(0, 3));
    });

    it("fits the limit", () => {
      expect(bytes(result.records)).toBeLessThanOrEqual(limit);
    });

    it("counts the records kept", () => {
      expect(result.count).toBe(3);
    });

    it("reports more to come", () => {
      expect(result.hasMore).toBe(true);
    });

    it("points the cursor at the last record kept", () => {
      expect(result.nextCursor).toBe(assets[2].assetId);
    });

    it("explains the cut and drops the gateway's note", () => {
      expect(result.note).toBe(
        `This page keeps 3 of 10 records to stay within ${limit} bytes. Pass nextCursor as lastSeenAssetId to get the rest.`,
      );
    });

    it("matches the page output schema", () => {
      expect(z.object(assetPageShape).safeParse(result).success).toBe(true);
    });
  });

  describe("a first record over the size limit", () => {
    const result = fullAssetPage(pageOf(assets.slice(0, 2)), 10_000);

    it("cuts the first record", () => {
      expect(bytes(result.records)).toBeLessThanOrEqual(10_000);
    });

    it("keeps one record", () => {
      expect(result.records).toHaveLength(1);
    });

    it("points the cursor at it", () => {
      expect(result.nextCursor).toBe(assets[0].assetId);
    });

    it("notes both cuts", () => {
      expect(result.note).toMatch(/^The record was cut to stay within 9998 bytes: .* This page keeps 1 of 2 records/);
    });
  });

  describe("a page out of ID order", () => {
    const reversed = assets.slice(0, 4).reverse();
    const limit = 40_000;
    const result = fullAssetPage(pageOf(reversed, { hasMore: true, nextCursor: 99 }), limit);

    it("keeps every record", () => {
      expect(result.records.map((record) => record.assetId)).toStrictEqual(reversed.map((asset) => asset.assetId));
    });

    it("fits the limit", () => {
      expect(bytes(result.records)).toBeLessThanOrEqual(limit);
    });

    it("keeps the gateway's cursor", () => {
      expect(result.nextCursor).toBe(99);
    });

    it("explains the cut", () => {
      expect(result.note).toContain("4 of 4 records were cut to about");
    });
  });
});
