/**
 * Counting and cursor paging over a tenant, with or without a filter.
 *
 * Without a filter, pages are computed from asset ids alone. With one, the first request
 * scans the tenant once and keeps the indexes of the matching assets (4 bytes each), so
 * later pages and counts of the same filter cost no scan. A small LRU bounds how many
 * such lists are kept.
 */
import type { AssetTenant } from "./tenant.js";
import type { AssetPredicate } from "./v2-filter.js";

/** A compiled filter and the key under which its matches are cached. */
export interface AssetQuery {
  key: string;
  predicate: AssetPredicate;
}

export interface PageSlice {
  /** Tenant indexes of the assets on this page, in ascending id order. */
  indexes: number[];
  /** True when matching assets remain after the last one on this page. */
  hasMore: boolean;
}

/** Number of filters whose match lists are kept; at 100,000 assets each list is at most 400 KB. */
const MATCH_CACHE_SIZE = 16;

export class AssetSearch {
  private readonly matchCache = new Map<string, Uint32Array>();

  constructor(readonly tenant: AssetTenant) {}

  /** Counts the assets that match `query` (all assets when null) and have an id above `lastSeenAssetId`. */
  count(query: AssetQuery | null, lastSeenAssetId = 0): number {
    const first = this.tenant.firstIndexAfter(lastSeenAssetId);
    if (query === null) return this.tenant.size - first;
    const matches = this.matches(query);
    return matches.length - lowerBound(matches, first);
  }

  /** Returns up to `pageSize` matching assets with an id above `lastSeenAssetId`. */
  page(query: AssetQuery | null, lastSeenAssetId: number, pageSize: number): PageSlice {
    const first = this.tenant.firstIndexAfter(lastSeenAssetId);
    if (query === null) {
      const end = Math.min(this.tenant.size, first + pageSize);
      const indexes: number[] = [];
      for (let index = first; index < end; index++) indexes.push(index);
      return { indexes, hasMore: end < this.tenant.size };
    }
    const matches = this.matches(query);
    const start = lowerBound(matches, first);
    const end = Math.min(matches.length, start + pageSize);
    return { indexes: Array.from(matches.subarray(start, end)), hasMore: end < matches.length };
  }

  /** Returns the ascending indexes of all assets matching `query`, scanning the tenant on a cache miss. */
  private matches(query: AssetQuery): Uint32Array {
    const cached = this.matchCache.get(query.key);
    if (cached !== undefined) {
      // Re-inserting moves the entry to the end, so the first entry is always the least recently used.
      this.matchCache.delete(query.key);
      this.matchCache.set(query.key, cached);
      return cached;
    }
    const found: number[] = [];
    for (let index = 0; index < this.tenant.size; index++) {
      if (query.predicate(this.tenant.getCoreAt(index))) found.push(index);
    }
    const matches = Uint32Array.from(found);
    this.matchCache.set(query.key, matches);
    if (this.matchCache.size > MATCH_CACHE_SIZE) {
      const oldest = this.matchCache.keys().next().value as string;
      this.matchCache.delete(oldest);
    }
    return matches;
  }
}

/** Returns the position of the first element that is ≥ `value` in an ascending array. */
function lowerBound(sorted: Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
