/**
 * Full asset records for `detail: "full"`: the gateway's record with every string cleaned
 * by sanitizeUntrusted, cut to a size limit so that one result cannot flood the
 * assistant's context. A note lists what was cut.
 */
import { UNTRUSTED_DATA_NOTICE } from "./output.js";
import type { AssetPage } from "./paging.js";
import { sanitizeUntrusted } from "./text.js";

/** Default size limit of one full record, in bytes of compact UTF-8 JSON. */
export const DEFAULT_FULL_ASSET_MAX_BYTES = 60_000;
/** Default size limit of a page of full records, in bytes of compact UTF-8 JSON. */
export const DEFAULT_FULL_PAGE_MAX_BYTES = 120_000;
/** Maximum length of one string value in a full record, in code points. */
const MAX_FULL_STRING_LENGTH = 2000;
const MAX_KEY_LENGTH = 200;
/** Depth at which values are replaced by a marker. The release note's records nest about five levels. */
const MAX_DEPTH = 32;
/** Maximum number of cuts the note lists by name. */
const MAX_NOTED_CUTS = 8;

type JsonObject = Record<string, unknown>;

/** One full record and what was cut from it. */
export interface FullAssetResult {
  record: JsonObject;
  truncated: boolean;
  note?: string;
  untrustedData: string;
}

/** A page of full records, the structured result of a search or list tool with detail full. */
export interface FullAssetPage {
  records: JsonObject[];
  count: number;
  hasMore: boolean;
  nextCursor?: number;
  note?: string;
  untrustedData: string;
}

/**
 * Cleans every string (and key) of a gateway record and cuts the record to `maxBytes` of
 * compact JSON. Lists are shortened first, the largest first, by dropping items from their
 * end. A field is removed only when no list is left to shorten. A non-object record
 * becomes an empty one.
 */
export function fullAsset(raw: unknown, maxBytes = DEFAULT_FULL_ASSET_MAX_BYTES): FullAssetResult {
  const record = sanitizeRecord(raw);
  const cuts = fitToSize(record, maxBytes);
  const result: FullAssetResult = { record, truncated: cuts.length > 0, untrustedData: UNTRUSTED_DATA_NOTICE };
  if (cuts.length > 0) result.note = describeCuts(cuts, maxBytes);
  return result;
}

/**
 * Cleans every record of a page and keeps the page within `maxBytes`. Whole records are
 * kept in order while they fit, and the rest are left for the next page: `nextCursor`
 * becomes the assetId of the last record kept, because the gateway's cursor is the last
 * asset ID of a page. That is safe only when the IDs ascend. A page out of ID order, or
 * with a record that has no ID, keeps every record and cuts each to an equal share of
 * `maxBytes` instead.
 */
export function fullAssetPage(page: AssetPage, maxBytes = DEFAULT_FULL_PAGE_MAX_BYTES): FullAssetPage {
  const records = page.assets.map(sanitizeRecord);
  const result: FullAssetPage = {
    records,
    count: records.length,
    hasMore: page.hasMore,
    untrustedData: UNTRUSTED_DATA_NOTICE,
  };
  if (page.hasMore && page.nextCursor !== undefined) result.nextCursor = page.nextCursor;
  if (page.note !== undefined) result.note = page.note;
  if (byteLength(records) <= maxBytes) return result;

  const ids = records.map((record) => record.assetId);
  if (isAscendingIdList(ids)) {
    keepLeadingRecords(result, ids as number[], maxBytes);
  } else {
    cutEveryRecord(result, maxBytes);
  }
  return result;
}

/** Keeps the records that fit and points the cursor at the last one kept. */
function keepLeadingRecords(result: FullAssetPage, ids: number[], maxBytes: number): void {
  const total = result.records.length;
  // Two bytes for the list's brackets, one comma between records.
  let used = 2;
  let keptCount = 0;
  while (keptCount < total) {
    const size = byteLength(result.records[keptCount]) + (keptCount > 0 ? 1 : 0);
    if (used + size > maxBytes) break;
    used += size;
    keptCount += 1;
  }

  const notes: string[] = [];
  if (keptCount === 0) {
    // Not even the first record fits, so it is cut to the whole budget.
    keptCount = 1;
    const cuts = fitToSize(result.records[0], maxBytes - 2);
    notes.push(describeCuts(cuts, maxBytes - 2));
  }

  if (keptCount < total) {
    result.records = result.records.slice(0, keptCount);
    result.count = keptCount;
    result.hasMore = true;
    result.nextCursor = ids[keptCount - 1];
    // The gateway's note is about the end of its page, which this result no longer reaches.
    delete result.note;
    notes.push(
      `This page keeps ${keptCount} of ${total} records to stay within ${maxBytes} bytes. Pass nextCursor as lastSeenAssetId to get the rest.`,
    );
  }
  if (notes.length > 0) result.note = joinNotes(result.note, ...notes);
}

/** Cuts each record to an equal share of the page's budget. */
function cutEveryRecord(result: FullAssetPage, maxBytes: number): void {
  const share = Math.floor((maxBytes - 2) / result.records.length) - 1;
  let cutRecords = 0;
  for (const record of result.records) {
    if (fitToSize(record, share).length > 0) cutRecords += 1;
  }
  const note = `${cutRecords} of ${result.records.length} records were cut to about ${share} bytes each to stay within ${maxBytes} bytes. Use get_asset for one whole record.`;
  result.note = joinNotes(result.note, note);
}

function joinNotes(...notes: (string | undefined)[]): string {
  return notes.filter((note) => note !== undefined).join(" ");
}

function isAscendingIdList(ids: unknown[]): boolean {
  return ids.every(
    (id, index) => typeof id === "number" && Number.isSafeInteger(id) && (index === 0 || id > (ids[index - 1] as number)),
  );
}

/** Copies a record deeply, passing every string and key through sanitizeUntrusted. */
function sanitizeRecord(raw: unknown): JsonObject {
  const value = sanitizeValue(raw, 0);
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

function sanitizeValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return sanitizeUntrusted(value, MAX_FULL_STRING_LENGTH);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH) return "[nested too deep]";

  if (Array.isArray(value)) return value.map((item) => sanitizeValue(item, depth + 1));
  const copy: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    copy[sanitizeUntrusted(key, MAX_KEY_LENGTH)] = sanitizeValue(item, depth + 1);
  }
  return copy;
}

/** One cut made to fit the size limit. */
interface Cut {
  path: string;
  /** List length before the first cut, or undefined for a removed field. */
  originalLength?: number;
  keptLength?: number;
}

/**
 * Shortens lists (largest first) and, when no list is left, removes fields (largest
 * first) until `record` is at most `maxBytes` of compact JSON. Changes `record` in place
 * and returns the cuts.
 */
function fitToSize(record: JsonObject, maxBytes: number): Cut[] {
  const cuts = new Map<string, Cut>();
  let size = byteLength(record);

  while (size > maxBytes) {
    const excess = size - maxBytes;
    const list = findLargestList(record);

    if (list !== undefined) {
      const averageItemBytes = list.bytes / list.items.length;
      const removeCount = Math.min(list.items.length, Math.ceil(excess / averageItemBytes));
      const cut = cuts.get(list.path) ?? { path: list.path, originalLength: list.items.length };
      list.items.length -= removeCount;
      cut.keptLength = list.items.length;
      cuts.set(list.path, cut);
    } else {
      const field = findLargestField(record);
      if (field === undefined) break;
      delete field.parent[field.key];
      cuts.set(field.path, { path: field.path });
    }
    size = byteLength(record);
  }
  return [...cuts.values()];
}

interface ListLocation {
  path: string;
  items: unknown[];
  bytes: number;
}

/** Finds the non-empty list with the most bytes of JSON, at any depth. */
function findLargestList(root: JsonObject): ListLocation | undefined {
  let largest: ListLocation | undefined;
  walk(root, "", (value, path) => {
    if (!Array.isArray(value) || value.length === 0) return;
    const bytes = byteLength(value);
    if (largest === undefined || bytes > largest.bytes) largest = { path, items: value, bytes };
  });
  return largest;
}

interface FieldLocation {
  path: string;
  parent: JsonObject;
  key: string;
  bytes: number;
}

/** Finds the object field with the most bytes of JSON, at any depth. */
function findLargestField(root: JsonObject): FieldLocation | undefined {
  let largest: FieldLocation | undefined;
  walk(root, "", (value, path) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return;
    for (const [key, item] of Object.entries(value)) {
      const bytes = byteLength(item ?? null);
      if (largest === undefined || bytes > largest.bytes) {
        largest = { path: joinPath(path, key), parent: value as JsonObject, key, bytes };
      }
    }
  });
  return largest;
}

/** Calls `visit` for every object and list below `value`, with its dotted path. */
function walk(value: unknown, path: string, visit: (value: unknown, path: string) => void): void {
  if (typeof value !== "object" || value === null) return;
  visit(value, path);
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, visit));
  } else {
    for (const [key, item] of Object.entries(value)) walk(item, joinPath(path, key), visit);
  }
}

function joinPath(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function describeCuts(cuts: Cut[], maxBytes: number): string {
  const parts = cuts.slice(0, MAX_NOTED_CUTS).map((cut) =>
    cut.originalLength === undefined ? `${cut.path} removed` : `${cut.path} keeps ${cut.keptLength} of ${cut.originalLength} items`,
  );
  const more = cuts.length > MAX_NOTED_CUTS ? ` and ${cuts.length - MAX_NOTED_CUTS} more cuts` : "";
  return `The record was cut to stay within ${maxBytes} bytes: ${parts.join(", ")}${more}. Use detail "summary" for the triage fields of the whole record.`;
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "null", "utf8");
}
