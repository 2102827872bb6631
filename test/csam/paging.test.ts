import { describe, expect, it } from "vitest";
import { EnvelopeError, readAssetCount, readAssetPage } from "../../src/csam/paging.js";

function envelope(fields: Record<string, unknown>): Record<string, unknown> {
  return { responseMessage: "Valid API Access", responseCode: "SUCCESS", ...fields };
}

const threeAssets = [{ assetId: 40330978 }, { assetId: 40330979 }, { assetId: 40330980 }];

function thrownBy(action: () => unknown): EnvelopeError {
  try {
    action();
  } catch (error) {
    if (error instanceof EnvelopeError) return error;
    throw error;
  }
  throw new Error("expected an EnvelopeError, but nothing was thrown");
}

describe("readAssetPage", () => {
  it("reads a page with more to come", () => {
    const raw = envelope({ count: 3, hasMore: 1, lastSeenAssetId: 40330980, assetListData: { asset: threeAssets } });
    expect(readAssetPage(raw, 200, 40330977)).toStrictEqual({ assets: threeAssets, count: 3, hasMore: true, nextCursor: 40330980 });
  });

  it("reads a first page without a requested cursor", () => {
    const raw = envelope({ count: 3, hasMore: 1, lastSeenAssetId: 40330980, assetListData: { asset: threeAssets } });
    expect(readAssetPage(raw, 200)).toStrictEqual({ assets: threeAssets, count: 3, hasMore: true, nextCursor: 40330980 });
  });

  it("reads the last page", () => {
    const raw = envelope({ count: 3, hasMore: 0, lastSeenAssetId: 40330980, assetListData: { asset: threeAssets } });
    expect(readAssetPage(raw, 200, 40330977)).toStrictEqual({ assets: threeAssets, count: 3, hasMore: false });
  });

  it("counts the assets it received", () => {
    const raw = envelope({ count: 99, hasMore: 0, assetListData: { asset: threeAssets } });
    expect(readAssetPage(raw, 200).count).toBe(3);
  });

  it("reads string hasMore and cursor", () => {
    const raw = envelope({ hasMore: "1", lastSeenAssetId: "40330980", assetListData: { asset: threeAssets } });
    expect(readAssetPage(raw, 200).nextCursor).toBe(40330980);
  });

  it("treats HTTP 204 as an empty result", () => {
    expect(readAssetPage(undefined, 204, 40330977)).toStrictEqual({
      assets: [],
      count: 0,
      hasMore: false,
      note: "The gateway responded with HTTP 204 (no content): no assets match.",
    });
  });

  it("reads an empty last page", () => {
    expect(readAssetPage(envelope({ count: 0, hasMore: 0 }), 200)).toStrictEqual({ assets: [], count: 0, hasMore: false });
  });

  it("stops on hasMore with an empty page", () => {
    const page = readAssetPage(envelope({ count: 0, hasMore: 1, lastSeenAssetId: 40330990, assetListData: { asset: [] } }), 200, 40330980);
    expect(page.hasMore).toBe(false);
    expect(page.nextCursor).toBeUndefined();
    expect(page.assets).toStrictEqual([]);
    expect(page.note).toContain("reported more assets (hasMore 1) but sent an empty page");
  });

  it("stops on hasMore without asset data", () => {
    const page = readAssetPage(envelope({ count: 0, hasMore: 1, lastSeenAssetId: 40330990 }), 200, 40330980);
    expect(page.hasMore).toBe(false);
    expect(page.note).toContain("empty page");
  });

  it("stops on a cursor that does not advance", () => {
    const raw = envelope({ hasMore: 1, lastSeenAssetId: 40330980, assetListData: { asset: threeAssets } });
    const page = readAssetPage(raw, 200, 40330980);
    expect(page.hasMore).toBe(false);
    expect(page.nextCursor).toBeUndefined();
    expect(page.assets).toStrictEqual(threeAssets);
    expect(page.note).toBe(
      "The gateway's cursor did not advance (lastSeenAssetId 40330980 after a request from 40330980), so paging stops here instead of repeating the same page.",
    );
  });

  it("stops on a cursor that goes back", () => {
    const raw = envelope({ hasMore: 1, lastSeenAssetId: 40330900, assetListData: { asset: threeAssets } });
    const page = readAssetPage(raw, 200, 40330980);
    expect(page.hasMore).toBe(false);
    expect(page.note).toContain("did not advance");
  });

  it("stops on hasMore without a cursor", () => {
    const raw = envelope({ hasMore: 1, assetListData: { asset: threeAssets } });
    const page = readAssetPage(raw, 200);
    expect(page.hasMore).toBe(false);
    expect(page.note).toContain("sent no lastSeenAssetId");
  });

  it("throws on a FAILED envelope with HTTP 200", () => {
    const error = thrownBy(() => readAssetPage({ responseCode: "FAILED", responseMessage: "Internal error" }, 200));
    expect(error.responseCode).toBe("FAILED");
    expect(error.responseMessage).toBe("Internal error");
    expect(error.status).toBe(200);
    expect(error.message).toBe("The gateway responded with HTTP 200 and responseCode FAILED: Internal error");
  });

  it("throws on a BAD_REQUEST envelope with HTTP 400", () => {
    const error = thrownBy(() => readAssetPage({ responseCode: "BAD_REQUEST", responseMessage: "Invalid field asset.lastSeen" }, 400));
    expect(error.responseCode).toBe("BAD_REQUEST");
    expect(error.status).toBe(400);
    expect(error.message).toBe("The gateway responded with HTTP 400 and responseCode BAD_REQUEST: Invalid field asset.lastSeen");
  });

  it("throws on an envelope without a responseCode", () => {
    const error = thrownBy(() => readAssetPage({ count: 1, assetListData: { asset: [] } }, 200));
    expect(error.responseCode).toBeUndefined();
    expect(error.message).toContain("no responseCode");
  });

  it.each([
    ["an HTML string", "<html>Gateway Timeout</html>"],
    ["null", null],
    ["a list", []],
  ])("throws on %s", (_name, raw) => {
    const error = thrownBy(() => readAssetPage(raw, 200));
    expect(error.message).toContain("is not a CSAM response envelope");
  });

  it("throws on an asset field that is not a list", () => {
    const error = thrownBy(() => readAssetPage(envelope({ assetListData: { asset: { assetId: 1 } } }), 200));
    expect(error.message).toContain("assetListData.asset");
  });

  it("cleans control characters from the gateway's message", () => {
    const error = thrownBy(() => readAssetPage({ responseCode: "FAILED", responseMessage: "bad\u001b[31m value\u202E" }, 200));
    expect(error.responseMessage).toBe("bad[31m value");
  });

  it("is a plain Error subclass", () => {
    const error = thrownBy(() => readAssetPage({ responseCode: "FORBIDDEN" }, 403));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("EnvelopeError");
  });
});

describe("readAssetCount", () => {
  it("reads a count", () => {
    expect(readAssetCount({ count: 6, responseCode: "SUCCESS", responseMessage: "Valid API Access" }, 200)).toStrictEqual({ count: 6 });
  });

  it("reads HTTP 204 as 0", () => {
    expect(readAssetCount(undefined, 204)).toStrictEqual({ count: 0 });
  });

  it.each([
    ["missing", undefined],
    ["negative", -1],
    ["fractional", 1.5],
    ["a string", "6"],
  ])("throws on a %s count", (_name, count) => {
    const error = thrownBy(() => readAssetCount({ count, responseCode: "SUCCESS" }, 200));
    expect(error.message).toContain("has no valid count");
  });

  it("throws on a FAILED count envelope", () => {
    const error = thrownBy(() => readAssetCount({ count: 0, responseCode: "FAILED", responseMessage: "Try later" }, 200));
    expect(error.responseCode).toBe("FAILED");
  });
});
