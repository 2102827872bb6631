/**
 * Trimmed summaries of the gateway's EASM profile responses, and zod output shapes for
 * them. The summaries are pure functions that accept any JSON: a field that is missing,
 * null or of the wrong type is left out, and the variant spellings listed beside each
 * field are read as well. Seed lists and value lists are capped, with the total count
 * beside them.
 */
import { z } from "zod";

/** Maximum values listed per seed or filter in a summary. `valueCount` is the total. */
export const MAX_SUMMARY_SEED_VALUES = 50;
/** Maximum include or exclude seeds listed per profile in a summary. The seed counts are the totals. */
export const MAX_SUMMARY_SEEDS = 50;
/** Maximum characters kept of one text field, the longest seed value the gateway documents. */
export const MAX_SUMMARY_TEXT_LENGTH = 4000;

const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/gu;

// ---------------------------------------------------------------- output shapes

const valueCountField = z
  .number()
  .int()
  .min(0)
  .optional()
  .describe("Total number of values, present only when values lists the first 50 of them. Such a seed cannot be sent back unchanged without losing values.");

const seedFilterSummarySchema = z.object({
  seedType: z.string().optional().describe("Filter type, such as COUNTRY."),
  values: z.array(z.string()).describe("Filter values."),
  valueCount: valueCountField,
});

const includeSeedSummarySchema = z.object({
  seedType: z.string().optional().describe("Seed type, such as DOMAIN."),
  values: z.array(z.string()).describe("Seed values, split on \";\"."),
  valueCount: valueCountField,
  enumerateSubsidiary: z.boolean().optional().describe("Whether subsidiaries of the seed's owner are discovered."),
  horizontalEnumeration: z.boolean().optional().describe("Whether other domains of the seed's owner are discovered."),
  seedHeading: z.string().optional().describe("Heading of the seed, when it has one."),
  seedFilters: z.array(seedFilterSummarySchema).optional().describe("Filters of the seed, when it has any."),
});

const excludeSeedSummarySchema = z.object({
  seedType: z.string().optional().describe("Exclusion type, such as CITY."),
  values: z.array(z.string()).describe("Excluded values, split on \";\"."),
  valueCount: valueCountField,
});

const scopingSummarySchema = z.object({
  includeType: z.string().optional(),
  includeTagIds: z.array(z.number()).optional(),
  excludeType: z.string().optional(),
  excludeTagIds: z.array(z.number()).optional(),
});

const profileOptionsSummarySchema = z
  .object({
    enableIFAScan: z.boolean().optional(),
    excludeCDNAssets: z.boolean().optional(),
    defaultPurgeRuleFrequency: z.number().optional(),
    excludeDefamatoryDomain: z.boolean().optional(),
    enableTyposquattedDomainGeneration: z.boolean().optional(),
    enableDomainSecurity: z.boolean().optional(),
    easmScanAssetsScoping: scopingSummarySchema.optional(),
  })
  .describe("The documented profile options that the gateway returned a value for.");

export const profileSummaryShape = {
  name: z.string().optional().describe("Profile name."),
  active: z.boolean().optional().describe("Whether the profile is active."),
  default: z.boolean().optional().describe("Whether this is the subscription's default profile."),
  tagName: z.string().optional().describe("Name of the tag that discovered assets get."),
  includeSeeds: z.array(includeSeedSummarySchema).describe("Include seeds, at most 50."),
  includeSeedCount: z.number().int().min(0).describe("Total number of include seeds."),
  excludeSeeds: z.array(excludeSeedSummarySchema).describe("Exclusions, at most 50."),
  excludeSeedCount: z.number().int().min(0).describe("Total number of exclusions."),
  options: profileOptionsSummarySchema,
};

export const profileListSummaryShape = {
  pageNumber: z.number().int().min(0).describe("Page returned, counted from 0."),
  hasNextPage: z.boolean().describe("Whether another page follows. Pass pageNumber + 1 to get it."),
  profiles: z.array(z.object(profileSummaryShape)).describe("Profiles on this page, at most 20."),
};

export const statusRowShape = {
  profileName: z.string().optional().describe("Profile name."),
  status: z.string().optional().describe("Discovery status, such as Scheduled, In Progress or Completed."),
  lastConfiguredOn: z.string().optional().describe("When the profile was last configured, as the gateway writes it."),
  nextScheduledSyncOn: z.string().optional().describe("When the next discovery is scheduled."),
  discoveryStartedAt: z.string().optional().describe("When the current discovery started."),
  discoveryFailedOn: z.string().optional().describe("When the last discovery failed."),
  lastDiscoveryCompletedOn: z.string().optional().describe("When the last discovery completed."),
};

export const discoveryStatusSummaryShape = {
  statuses: z.array(z.object(statusRowShape)).describe("Discovery status of each profile asked for."),
};

export const changeEnvelopeShape = {
  code: z.string().optional().describe('HTTP status the gateway reported, such as "200".'),
  status: z.string().optional().describe("Outcome, such as SAVED, UPDATED, DELETED, ACTIVATED or DEACTIVATED."),
  date: z.string().optional().describe("When the gateway made the change, as it writes it."),
  message: z.string().optional().describe("The gateway's message."),
};

export type ProfileSummary = z.infer<z.ZodObject<typeof profileSummaryShape>>;
export type ProfileListSummary = z.infer<z.ZodObject<typeof profileListSummaryShape>>;
export type StatusRow = z.infer<z.ZodObject<typeof statusRowShape>>;
export type DiscoveryStatusSummary = z.infer<z.ZodObject<typeof discoveryStatusSummaryShape>>;
export type ChangeEnvelope = z.infer<z.ZodObject<typeof changeEnvelopeShape>>;
type IncludeSeedSummary = z.infer<typeof includeSeedSummarySchema>;
type ExcludeSeedSummary = z.infer<typeof excludeSeedSummarySchema>;
type SeedFilterSummary = z.infer<typeof seedFilterSummarySchema>;
type ScopingSummary = z.infer<typeof scopingSummarySchema>;

// ---------------------------------------------------------------- loose readers

type JsonRecord = Record<string, unknown>;

const flagSchema = z.union([z.boolean(), z.stringbool()]);
const integerSchema = z.union([z.number(), z.string().regex(/^\s*-?[0-9]+\s*$/u).transform(Number)]).pipe(z.number().int());

function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Returns the value of the first key that is present and not null. */
function pick(record: JsonRecord, keys: readonly string[]): unknown {
  for (const key of keys) {
    const value = record[key];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

function readFlag(value: unknown): boolean | undefined {
  const result = flagSchema.safeParse(value);
  return result.success ? result.data : undefined;
}

function readInteger(value: unknown): number | undefined {
  const result = integerSchema.safeParse(value);
  return result.success ? result.data : undefined;
}

/** Reads a string or number as text without control characters, or returns undefined for empty text. */
function readText(value: unknown): string | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = cleanText(String(value));
  return text.length > 0 ? text : undefined;
}

function cleanText(text: string): string {
  return text.replace(CONTROL_CHARACTERS, "").trim().slice(0, MAX_SUMMARY_TEXT_LENGTH);
}

/** Reads a ";"-joined seedValue, or a list of values, as a list of non-empty values. */
function readSeedValues(value: unknown): string[] {
  const parts = Array.isArray(value) ? value : [value];
  return parts.flatMap((part) => {
    const text = typeof part === "string" || typeof part === "number" ? String(part) : "";
    return text
      .split(";")
      .map(cleanText)
      .filter((item) => item.length > 0);
  });
}

/** Drops the keys whose value is undefined, so a summary lists only what is set. */
function withoutUndefined<T extends JsonRecord>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

// ---------------------------------------------------------------- profiles

const SEED_TYPE_KEYS = ["seedType", "type"];
const SEED_VALUE_KEYS = ["seedValue", "seedValues", "values", "value"];

/**
 * Summarizes one profile of a GET /easm/v2/profile response. The tag name is read from
 * `profileTagName` (or `tagName`), the default flag from `defaultProfile` (or
 * `isDefault`, `default`).
 */
export function summarizeProfile(raw: unknown): ProfileSummary {
  const record = asRecord(raw) ?? {};
  const includeSeeds = asArray(pick(record, ["includeSeeds", "includeSeed", "includedSeeds"]));
  const excludeSeeds = asArray(pick(record, ["excludeSeeds", "excludeSeed", "excludedSeeds"]));

  return withoutUndefined({
    name: readText(pick(record, ["name", "profileName"])),
    active: readFlag(pick(record, ["active", "isActive"])),
    default: readFlag(pick(record, ["defaultProfile", "isDefault", "default"])),
    tagName: readText(pick(record, ["profileTagName", "tagName", "profileTag"])),
    includeSeeds: includeSeeds.slice(0, MAX_SUMMARY_SEEDS).map(summarizeIncludeSeed),
    includeSeedCount: includeSeeds.length,
    excludeSeeds: excludeSeeds.slice(0, MAX_SUMMARY_SEEDS).map(summarizeExcludeSeed),
    excludeSeedCount: excludeSeeds.length,
    options: summarizeOptions(record),
  });
}

/** Summarizes a GET /easm/v2/profile page: `{hasNextPage, profile: [...]}`, or a bare list of profiles. */
export function summarizeProfileList(raw: unknown, pageNumber: number): ProfileListSummary {
  const record = asRecord(raw) ?? {};
  const profiles = Array.isArray(raw) ? raw : asArray(pick(record, ["profile", "profiles"]));
  return {
    pageNumber,
    // A missing hasNextPage reads as false, so a caller stops paging rather than loops.
    hasNextPage: readFlag(record.hasNextPage) ?? false,
    profiles: profiles.map(summarizeProfile),
  };
}

/** Returns the number of values when the summary lists only some of them, so a complete seed reads back as valid tool input. */
function valueCountIfCut(values: readonly string[]): number | undefined {
  return values.length > MAX_SUMMARY_SEED_VALUES ? values.length : undefined;
}

function summarizeIncludeSeed(raw: unknown): IncludeSeedSummary {
  const record = asRecord(raw) ?? {};
  const values = readSeedValues(pick(record, SEED_VALUE_KEYS));
  const filters = asArray(pick(record, ["seedFilters", "seedFilter", "filters"])).map(summarizeSeedFilter);

  return withoutUndefined({
    seedType: readText(pick(record, SEED_TYPE_KEYS)),
    values: values.slice(0, MAX_SUMMARY_SEED_VALUES),
    valueCount: valueCountIfCut(values),
    enumerateSubsidiary: readFlag(pick(record, ["enumerateSubsidiary", "enumerateSubsidiaries"])),
    horizontalEnumeration: readFlag(record.horizontalEnumeration),
    seedHeading: readText(record.seedHeading),
    seedFilters: filters.length > 0 ? filters : undefined,
  });
}

function summarizeExcludeSeed(raw: unknown): ExcludeSeedSummary {
  const record = asRecord(raw) ?? {};
  const values = readSeedValues(pick(record, SEED_VALUE_KEYS));
  return withoutUndefined({
    seedType: readText(pick(record, SEED_TYPE_KEYS)),
    values: values.slice(0, MAX_SUMMARY_SEED_VALUES),
    valueCount: valueCountIfCut(values),
  });
}

function summarizeSeedFilter(raw: unknown): SeedFilterSummary {
  const record = asRecord(raw) ?? {};
  const values = readSeedValues(pick(record, [...SEED_VALUE_KEYS, "filterValue"]));
  return withoutUndefined({
    seedType: readText(pick(record, [...SEED_TYPE_KEYS, "filterType"])),
    values: values.slice(0, MAX_SUMMARY_SEED_VALUES),
    valueCount: valueCountIfCut(values),
  });
}

function summarizeOptions(record: JsonRecord): ProfileSummary["options"] {
  return withoutUndefined({
    enableIFAScan: readFlag(pick(record, ["enableIFAScan", "enableIfaScan"])),
    excludeCDNAssets: readFlag(pick(record, ["excludeCDNAssets", "excludeCdnAssets"])),
    defaultPurgeRuleFrequency: readInteger(record.defaultPurgeRuleFrequency),
    excludeDefamatoryDomain: readFlag(pick(record, ["excludeDefamatoryDomain", "excludeDefamatoryDomains"])),
    enableTyposquattedDomainGeneration: readFlag(record.enableTyposquattedDomainGeneration),
    enableDomainSecurity: readFlag(record.enableDomainSecurity),
    easmScanAssetsScoping: summarizeScoping(record.easmScanAssetsScoping),
  });
}

function summarizeScoping(raw: unknown): ScopingSummary | undefined {
  const record = asRecord(raw);
  if (record === undefined) return undefined;

  const scoping = withoutUndefined({
    includeType: readText(record.includeType),
    includeTagIds: readTagIds(record.includeTagIds),
    excludeType: readText(record.excludeType),
    excludeTagIds: readTagIds(record.excludeTagIds),
  });
  return Object.keys(scoping).length > 0 ? scoping : undefined;
}

function readTagIds(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map(readInteger).filter((tagId): tagId is number => tagId !== undefined);
}

// ---------------------------------------------------------------- discovery status

/** Each date of a status row, with the variant spellings read for it. */
const STATUS_DATE_KEYS = {
  lastConfiguredOn: ["lastConfiguredOn", "lastConfiguredAt"],
  nextScheduledSyncOn: ["nextScheduledSyncOn", "nextScheduledSyncAt"],
  discoveryStartedAt: ["discoveryStartedAt", "discoveryStartedOn"],
  discoveryFailedOn: ["discoveryFailedOn", "discoveryFailedAt"],
  lastDiscoveryCompletedOn: ["lastDiscoveryCompletedOn", "lastDiscoveryCompletedAt"],
} as const;

/** Summarizes one row of a GET /easm/v2/profile/status response: name, status and the dates that are set. */
export function summarizeStatusRow(raw: unknown): StatusRow {
  const record = asRecord(raw) ?? {};
  const row: StatusRow = withoutUndefined({
    profileName: readText(pick(record, ["profileName", "name"])),
    status: readText(pick(record, ["status", "discoveryStatus"])),
  });
  for (const [field, keys] of Object.entries(STATUS_DATE_KEYS)) {
    const date = readText(pick(record, keys));
    if (date !== undefined) row[field as keyof typeof STATUS_DATE_KEYS] = date;
  }
  return row;
}

/**
 * Summarizes a GET /easm/v2/profile/status response. The documented response is a list
 * of rows. A single row, or a list under `statuses` or `data`, is read as well, and
 * anything else gives no rows.
 */
export function summarizeDiscoveryStatus(raw: unknown): DiscoveryStatusSummary {
  const record = asRecord(raw);
  let rows: unknown[];
  if (Array.isArray(raw)) {
    rows = raw;
  } else if (record !== undefined && Array.isArray(pick(record, ["statuses", "data"]))) {
    rows = pick(record, ["statuses", "data"]) as unknown[];
  } else if (record !== undefined && pick(record, ["profileName", "name", "status"]) !== undefined) {
    rows = [record];
  } else {
    rows = [];
  }
  return { statuses: rows.map(summarizeStatusRow) };
}

// ---------------------------------------------------------------- change responses

/**
 * Reads the `{code, status, date, message}` response of create, update, patch, delete and
 * activate. A numeric code is returned as text, like the documented "201".
 */
export function parseChangeEnvelope(raw: unknown): ChangeEnvelope {
  const record = asRecord(raw) ?? {};
  return withoutUndefined({
    code: readText(record.code),
    status: readText(record.status),
    date: readText(record.date),
    message: readText(record.message),
  });
}
