/**
 * The synthetic CSAM tenant: a fixed number of host assets, each built on demand from the
 * seed and its index. Nothing is stored per asset, so a tenant of any size loads at once
 * and costs the same memory; each read builds the asset again.
 */
import { generateAssetCore, generateAssetRecord, type GeneratorContext } from "./generator.js";
import { combineKeys, hashString } from "./random.js";
import type { AssetCore, AssetRecord } from "./record.js";

/** Id of the asset at index 0, within the range the CSAM samples show (40006682, 40330977). */
export const FIRST_ASSET_ID = 40_000_000;
/**
 * Each index owns a block of this many ids and takes one of them at random, so ids rise
 * with the index but have gaps, as ids in a real subscription do.
 */
export const ASSET_ID_STRIDE = 4;
/** Largest tenant accepted, so ids stay well inside the safe integer range. */
export const MAX_TENANT_ASSETS = 10_000_000;
/**
 * Default "now" of a tenant. It is fixed rather than the clock, so a seed yields the same
 * dates and lifecycle stages on every day.
 */
export const DEFAULT_REFERENCE_TIME = "2026-12-01T00:00:00.000Z";

export interface TenantOptions {
  /** Number of assets, 0 to MAX_TENANT_ASSETS. */
  assets: number;
  /** Any string; the same seed and size always give the same tenant. */
  seed: string;
  /** "Now" of the tenant as an ISO 8601 string or epoch milliseconds; default DEFAULT_REFERENCE_TIME. */
  referenceTime?: string | number;
}

export interface AssetTenant {
  readonly size: number;
  readonly seed: string;
  /** "Now" of the tenant in epoch milliseconds; QQL's `now` means this time. */
  readonly referenceMs: number;
  /** Returns the id of the asset at `index` (0 ≤ index < size). */
  assetIdAt(index: number): number;
  /** Returns the index of the asset with this id, or -1 when no asset has it. */
  indexOfId(assetId: number): number;
  /** Returns the index of the first asset whose id is greater than `lastSeenAssetId`, or `size` when there is none. */
  firstIndexAfter(lastSeenAssetId: number): number;
  /** Returns the complete record of the asset with this id, or undefined. */
  getAsset(assetId: number): AssetRecord | undefined;
  /** Returns the complete record of the asset at `index`. */
  getAssetAt(index: number): AssetRecord;
  /** Returns the filterable part of the asset at `index`; cheaper than getAssetAt. */
  getCoreAt(index: number): AssetCore;
  /** Iterates the complete records whose id is greater than `lastSeenAssetId`, in ascending id order. */
  assetsAfter(lastSeenAssetId?: number): IterableIterator<AssetRecord>;
}

/** Creates a tenant. Throws RangeError for a size that is not an integer in range or a bad reference time. */
export function createTenant(options: TenantOptions): AssetTenant {
  const { assets: size, seed } = options;
  if (!Number.isInteger(size) || size < 0 || size > MAX_TENANT_ASSETS) {
    throw new RangeError(`Invalid tenant size ${size}: expected an integer from 0 to ${MAX_TENANT_ASSETS}`);
  }
  const referenceMs = typeof options.referenceTime === "number" ? options.referenceTime : Date.parse(options.referenceTime ?? DEFAULT_REFERENCE_TIME);
  if (!Number.isFinite(referenceMs)) {
    throw new RangeError(`Invalid tenant reference time ${String(options.referenceTime)}: expected an ISO 8601 date or epoch milliseconds`);
  }
  const context: GeneratorContext = { seedKey: hashString(seed), referenceMs };
  const idSalt = hashString("assetId");

  const assetIdAt = (index: number): number => {
    const offset = combineKeys(context.seedKey, index, idSalt) % ASSET_ID_STRIDE;
    return FIRST_ASSET_ID + index * ASSET_ID_STRIDE + offset;
  };

  const indexOfId = (assetId: number): number => {
    if (!Number.isInteger(assetId) || assetId < FIRST_ASSET_ID) return -1;
    const index = Math.floor((assetId - FIRST_ASSET_ID) / ASSET_ID_STRIDE);
    return index < size && assetIdAt(index) === assetId ? index : -1;
  };

  const firstIndexAfter = (lastSeenAssetId: number): number => {
    if (lastSeenAssetId < FIRST_ASSET_ID) return 0;
    // Ids in the block of `index` are below every id of later blocks, so only this block needs a look.
    const index = Math.floor((lastSeenAssetId - FIRST_ASSET_ID) / ASSET_ID_STRIDE);
    if (index >= size) return size;
    return assetIdAt(index) > lastSeenAssetId ? index : index + 1;
  };

  const checkIndex = (index: number): void => {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`Asset index ${index} is outside 0..${size - 1}`);
  };

  const getAssetAt = (index: number): AssetRecord => {
    checkIndex(index);
    return generateAssetRecord(context, index, assetIdAt(index));
  };

  return {
    size,
    seed,
    referenceMs,
    assetIdAt,
    indexOfId,
    firstIndexAfter,
    getAsset(assetId) {
      const index = indexOfId(assetId);
      return index === -1 ? undefined : getAssetAt(index);
    },
    getAssetAt,
    getCoreAt(index) {
      checkIndex(index);
      return generateAssetCore(context, index, assetIdAt(index));
    },
    *assetsAfter(lastSeenAssetId = 0) {
      for (let index = firstIndexAfter(lastSeenAssetId); index < size; index++) yield getAssetAt(index);
    },
  };
}
