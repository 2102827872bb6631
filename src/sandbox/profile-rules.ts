/**
 * EASM profile payloads as the sandbox accepts them: parsing, defaults and the documented
 * rules. The sandbox checks these rules itself, independently of the client's checks, so a
 * payload that breaks a rule is rejected even when a client check is missing.
 *
 * Unknown fields are ignored. A field sent as `null` counts as not sent.
 */
import countries from "i18n-iso-countries";
import ipaddr from "ipaddr.js";
import { parse as parseDomain } from "tldts";
import { z } from "zod";

/** NOTE: the strings ASN and ORGANIZATION are guesses; the API release note names only DOMAIN, NETBLOCK, CERTSUBJECT, CITY and COUNTRY. */
export const INCLUDE_SEED_TYPES = ["DOMAIN", "NETBLOCK", "CERTSUBJECT", "ASN", "ORGANIZATION"] as const;
export const EXCLUDE_SEED_TYPES = ["NETBLOCK", "ASN", "ORGANIZATION", "CITY", "COUNTRY"] as const;
export type IncludeSeedType = (typeof INCLUDE_SEED_TYPES)[number];
export type ExcludeSeedType = (typeof EXCLUDE_SEED_TYPES)[number];
type SeedType = IncludeSeedType | ExcludeSeedType;

/** Letters, digits and `_`, with single spaces only between characters. */
const PROFILE_NAME_PATTERN = /^[A-Za-z0-9_]+(?: [A-Za-z0-9_]+)*$/;
/**
 * Maximum length of one seed's `seedValue`. NOTE: the Qualys UI documents 4000 characters
 * per seed value; the sandbox applies it to the whole `;`-separated list, the stricter reading.
 */
export const MAX_SEED_VALUE_LENGTH = 4000;
/** Seed types that may enable subsidiary and horizontal enumeration, as the Qualys UI documents. */
const ENUMERABLE_SEED_TYPES: readonly SeedType[] = ["DOMAIN", "ORGANIZATION"];
export const DEFAULT_PURGE_RULE_FREQUENCY = 3;

/** A filter on an include seed. NOTE: the item shape is undocumented; this assumes the exclude-seed shape. */
export interface SeedFilter {
  seedType: ExcludeSeedType;
  seedValue: string;
}

export interface IncludeSeed {
  seedType: IncludeSeedType;
  /** One or more values separated by `;`. */
  seedValue: string;
  seedHeading: string | null;
  enumerateSubsidiary: boolean;
  horizontalEnumeration: boolean;
  seedFilters: SeedFilter[];
}

export interface ExcludeSeed {
  seedType: ExcludeSeedType;
  seedValue: string;
}

/** Tags that select which discovered assets EASM scans. */
export interface ScanAssetsScoping {
  includeType: "ANY" | "ALL";
  includeTagIds: number[];
  excludeType: "ANY" | "ALL";
  excludeTagIds: number[];
}

/** Everything a client sets on a profile. Activation is set through its own endpoint. */
export interface ProfileSettings {
  name: string;
  includeSeeds: IncludeSeed[];
  excludeSeeds: ExcludeSeed[];
  defaultProfile: boolean;
  enableIFAScan: boolean;
  excludeCDNAssets: boolean;
  /** Discoveries an asset may be missed by before it is purged, 0 to 10. */
  defaultPurgeRuleFrequency: number;
  excludeDefamatoryDomain: boolean;
  enableTyposquattedDomainGeneration: boolean;
  enableDomainSecurity: boolean;
  easmScanAssetsScoping: ScanAssetsScoping | null;
}

/** Values of the optional settings when a create or full update leaves them out. */
export const DEFAULT_OPTIONAL_SETTINGS: Omit<ProfileSettings, "name" | "includeSeeds"> = {
  excludeSeeds: [],
  defaultProfile: false,
  enableIFAScan: false,
  excludeCDNAssets: false,
  defaultPurgeRuleFrequency: DEFAULT_PURGE_RULE_FREQUENCY,
  excludeDefamatoryDomain: false,
  enableTyposquattedDomainGeneration: false,
  enableDomainSecurity: false,
  easmScanAssetsScoping: null,
};

/** A payload that breaks a rule. The message lists each problem as one sentence that starts with its field path. */
export class ProfileRuleError extends Error {
  override readonly name = "ProfileRuleError";
}

/** Checks a profile name against the documented pattern; returns the problem, or undefined. */
export function profileNameProblem(name: string): string | undefined {
  if (PROFILE_NAME_PATTERN.test(name)) return undefined;
  return `${JSON.stringify(name)} is not a valid profile name: use letters, digits, "_" and single spaces between characters, with no leading or trailing space`;
}

const quote = (value: unknown) => JSON.stringify(value) ?? String(value);

/** Booleans arrive as JSON booleans or as the strings "true" and "false" (any case). */
const booleanField = z.preprocess(
  (value) => (typeof value === "string" && /^(true|false)$/i.test(value) ? value.toLowerCase() === "true" : value),
  z.boolean({ error: (issue) => `${quote(issue.input)} is not a boolean; use true or false` }),
);

const requiredString = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? "missing required field" : `must be ${what}, got ${quote(issue.input)}`) });

const nameField = requiredString("a string").superRefine((name, context) => {
  const problem = profileNameProblem(name);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

const includeSeedTypeField = z.enum(INCLUDE_SEED_TYPES, {
  error: (issue) => `${quote(issue.input)} is not an include seed type; use one of ${INCLUDE_SEED_TYPES.join(", ")}`,
});

const excludeSeedTypeField = (list: string) =>
  z.enum(EXCLUDE_SEED_TYPES, {
    error: (issue) =>
      issue.input === "DOMAIN" || issue.input === "CERTSUBJECT"
        ? `${issue.input} seeds are not supported in ${list}; use one of ${EXCLUDE_SEED_TYPES.join(", ")}`
        : `${quote(issue.input)} is not a seed type for ${list}; use one of ${EXCLUDE_SEED_TYPES.join(", ")}`,
  });

/** Adds an issue at `seedValue` for each broken rule in the seed's value list. */
function checkSeedValue(seedType: SeedType, seedValue: string, context: z.RefinementCtx): void {
  const problem = seedValueProblem(seedType, seedValue);
  if (problem) context.addIssue({ code: "custom", path: ["seedValue"], message: problem });
}

const seedFilterField = z
  .object({ seedType: excludeSeedTypeField("seedFilters"), seedValue: requiredString("a string") })
  .superRefine((filter, context) => checkSeedValue(filter.seedType, filter.seedValue, context))
  .transform((filter): SeedFilter => ({ seedType: filter.seedType, seedValue: filter.seedValue }));

const includeSeedField = z
  .object({
    seedType: includeSeedTypeField,
    seedValue: requiredString("a string"),
    seedHeading: requiredString("a string").nullish(),
    enumerateSubsidiary: booleanField.nullish(),
    horizontalEnumeration: booleanField.nullish(),
    seedFilters: z.array(seedFilterField).nullish(),
  })
  .superRefine((seed, context) => {
    checkSeedValue(seed.seedType, seed.seedValue, context);
    if (ENUMERABLE_SEED_TYPES.includes(seed.seedType)) return;
    for (const flag of ["enumerateSubsidiary", "horizontalEnumeration"] as const) {
      if (seed[flag] === true) {
        context.addIssue({
          code: "custom",
          path: [flag],
          message: `must be false for ${seed.seedType} seeds; subsidiary and horizontal enumeration apply to DOMAIN and ORGANIZATION seeds only`,
        });
      }
    }
  })
  .transform(
    (seed): IncludeSeed => ({
      seedType: seed.seedType,
      seedValue: seed.seedValue,
      seedHeading: seed.seedHeading ?? null,
      enumerateSubsidiary: seed.enumerateSubsidiary ?? false,
      horizontalEnumeration: seed.horizontalEnumeration ?? false,
      seedFilters: seed.seedFilters ?? [],
    }),
  );

const includeSeedsField = z
  .array(includeSeedField, { error: (issue) => (issue.input === undefined || issue.input === null ? "missing required field" : "must be an array of seeds") })
  .min(1, { error: "must contain at least one seed" });

const excludeSeedField = z
  .object({ seedType: excludeSeedTypeField("excludeSeeds"), seedValue: requiredString("a string") })
  .superRefine((seed, context) => checkSeedValue(seed.seedType, seed.seedValue, context))
  .transform((seed): ExcludeSeed => ({ seedType: seed.seedType, seedValue: seed.seedValue }));

/** Whole numbers arrive as JSON numbers or as strings of digits. */
const integerField = z.preprocess(
  (value) => (typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value),
  z.number({ error: (issue) => `${quote(issue.input)} is not a number` }).int({ error: (issue) => `${quote(issue.input)} is not a whole number` }),
);

const tagIdsField = z.array(integerField.pipe(z.number().min(1, { error: (issue) => `${quote(issue.input)} is not a tag id; tag ids are positive` })));
const matchTypeField = z.enum(["ANY", "ALL"], { error: (issue) => `${quote(issue.input)} is not a match type; use ANY or ALL` });

const scanAssetsScopingField = z
  .object({
    includeType: matchTypeField.nullish(),
    includeTagIds: tagIdsField.nullish(),
    excludeType: matchTypeField.nullish(),
    excludeTagIds: tagIdsField.nullish(),
  })
  .transform(
    (scoping): ScanAssetsScoping => ({
      includeType: scoping.includeType ?? "ANY",
      includeTagIds: scoping.includeTagIds ?? [],
      excludeType: scoping.excludeType ?? "ANY",
      excludeTagIds: scoping.excludeTagIds ?? [],
    }),
  );

const purgeRangeMessage = (issue: { input?: unknown }) => `${quote(issue.input)} is out of range; use a whole number from 0 to 10`;

const optionalFields = {
  excludeSeeds: z.array(excludeSeedField, { error: "must be an array of seeds" }).nullish(),
  defaultProfile: booleanField.nullish(),
  enableIFAScan: booleanField.nullish(),
  excludeCDNAssets: booleanField.nullish(),
  defaultPurgeRuleFrequency: integerField.pipe(z.number().min(0, { error: purgeRangeMessage }).max(10, { error: purgeRangeMessage })).nullish(),
  excludeDefamatoryDomain: booleanField.nullish(),
  enableTyposquattedDomainGeneration: booleanField.nullish(),
  enableDomainSecurity: booleanField.nullish(),
  easmScanAssetsScoping: scanAssetsScopingField.nullish(),
};

const fullPayload = z.object({ name: nameField, includeSeeds: includeSeedsField, ...optionalFields });
const partialPayload = z.object({ name: nameField.nullish(), includeSeeds: includeSeedsField.nullish(), ...optionalFields });

/**
 * Parses the body of a create (POST) or full update (PUT). `name` and `includeSeeds` are
 * required, and every optional setting left out takes its default.
 * Throws ProfileRuleError listing every problem.
 */
export function parseFullProfile(body: unknown): ProfileSettings {
  const parsed = parseOrThrow(fullPayload, body);
  const settings: ProfileSettings = { ...DEFAULT_OPTIONAL_SETTINGS, name: parsed.name, includeSeeds: parsed.includeSeeds };
  return mergeDefined(settings, parsed);
}

/**
 * Parses the body of a partial update (PATCH) and returns `current` with the fields the
 * body sets replaced. A seed list in the body replaces the whole list.
 * Throws ProfileRuleError listing every problem.
 */
export function parseProfilePatch(body: unknown, current: ProfileSettings): ProfileSettings {
  const parsed = parseOrThrow(partialPayload, body);
  return mergeDefined({ ...current }, parsed);
}

function parseOrThrow<Output>(schema: z.ZodType<Output>, body: unknown): Output {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ProfileRuleError("The request body must be a JSON object describing the profile.");
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new ProfileRuleError(result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}.`).join(" "));
  }
  return result.data;
}

/** Copies each field of `parsed` that is neither null nor undefined onto `settings`. */
function mergeDefined(settings: ProfileSettings, parsed: Partial<Record<keyof ProfileSettings, unknown>>): ProfileSettings {
  const target = settings as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(parsed)) {
    if (value !== undefined && value !== null) target[field] = value;
  }
  return settings;
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (text === "") text = String(key);
    else text += `.${String(key)}`;
  }
  return text || "body";
}

/**
 * Checks one seed's `seedValue`, a list of values separated by `;`, against the rules for
 * its seed type. Returns the first problem found, or undefined.
 */
export function seedValueProblem(seedType: SeedType, seedValue: string): string | undefined {
  if (seedValue.length > MAX_SEED_VALUE_LENGTH) {
    return `is ${seedValue.length} characters long; a seed value may have at most ${MAX_SEED_VALUE_LENGTH} characters`;
  }
  if (/[\u0000-\u001F\u007F]/.test(seedValue)) {
    return `${quote(seedValue)} contains a control character`;
  }

  const values = seedValue.split(";").map((value) => value.trim());
  if (values.some((value) => value === "")) {
    return `${quote(seedValue)} contains an empty value; separate values with a single ";"`;
  }
  for (const value of values) {
    if (value.includes("*")) {
      return `${quote(value)} contains a wildcard; wildcards are not supported, so list each value`;
    }
    const problem = singleValueProblem(seedType, value);
    if (problem) return problem;
  }
  return undefined;
}

function singleValueProblem(seedType: SeedType, value: string): string | undefined {
  switch (seedType) {
    case "DOMAIN":
      return domainProblem(value);
    case "NETBLOCK":
      return netblockProblem(value);
    case "ASN":
      return /^AS\d{1,6}$/.test(value) ? undefined : `${quote(value)} is not an ASN; use "AS" followed by 1 to 6 digits, for example AS13335`;
    case "COUNTRY":
      return countryProblem(value);
    case "CERTSUBJECT":
    case "ORGANIZATION":
    case "CITY":
      return undefined;
  }
}

/** Letters (any script), digits and hyphens in dot-separated labels, with at least two labels. */
const HOSTNAME_PATTERN = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u;

/**
 * Checks a DOMAIN value, which must be a registrable domain such as `example.co.uk` and not
 * `www.example.co.uk`. Private suffixes such as `github.io` count as public suffixes, so
 * `team.github.io` is registrable and `github.io` is not.
 */
function domainProblem(value: string): string | undefined {
  if (!HOSTNAME_PATTERN.test(value)) {
    return `${quote(value)} is not a domain name; give a registrable domain such as example.com, without scheme, path or port`;
  }

  const parsed = parseDomain(value, { allowPrivateDomains: true });
  if (parsed.isIp) {
    return `${quote(value)} is an IP address; use a NETBLOCK seed for addresses`;
  }
  if (!parsed.isIcann && !parsed.isPrivate) {
    return `${quote(value)} does not end in a known public suffix; give a registrable domain such as example.com`;
  }
  if (parsed.domain === null) {
    return `${quote(value)} is a public suffix, not a registrable domain`;
  }
  if (parsed.domain !== value.toLowerCase()) {
    return `${quote(value)} is a subdomain; DOMAIN seeds take the registrable domain only, use ${quote(parsed.domain)}`;
  }
  return undefined;
}

/** Checks a NETBLOCK value: an IP address, a CIDR block such as 203.0.113.0/24, or a range such as 203.0.113.1-203.0.113.20. */
function netblockProblem(value: string): string | undefined {
  const usage = "use an IP address, a CIDR block such as 203.0.113.0/24, or a range such as 203.0.113.1-203.0.113.20";

  if (value.includes("/")) {
    const [address = "", prefix = ""] = value.split("/", 2);
    const kind = ipKind(address);
    const maxPrefix = kind === "ipv4" ? 32 : 128;
    if (!kind || !/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix) {
      return `${quote(value)} is not a valid CIDR block; ${usage}`;
    }
    return undefined;
  }

  if (value.includes("-")) {
    const [first = "", last = ""] = value.split("-", 2).map((part) => part.trim());
    const kind = ipKind(first);
    if (!kind || ipKind(last) !== kind) {
      return `${quote(value)} is not a valid IP range; ${usage}`;
    }
    if (compareBytes(ipaddr.parse(first).toByteArray(), ipaddr.parse(last).toByteArray()) > 0) {
      return `${quote(value)} is not a valid IP range: the first address is greater than the last`;
    }
    return undefined;
  }

  return ipKind(value) ? undefined : `${quote(value)} is not a valid netblock; ${usage}`;
}

/** Returns the IP version of a dotted-quad IPv4 or an IPv6 address, or undefined for anything else. */
function ipKind(text: string): "ipv4" | "ipv6" | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return "ipv4";
  if (ipaddr.IPv6.isValid(text) && !text.includes("%")) return "ipv6";
  return undefined;
}

function compareBytes(left: number[], right: number[]): number {
  for (let index = 0; index < left.length; index++) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return 0;
}

/** Checks a COUNTRY value, which must be an ISO 3166-1 alpha-2 code in either letter case. */
function countryProblem(value: string): string | undefined {
  const code = value.toUpperCase();
  if (/^[A-Z]{2}$/.test(code) && countries.getAlpha2Codes()[code] !== undefined) return undefined;

  const suggestion = countries.getAlpha2Code(value, "en") ?? (/^[A-Za-z]{3}$/.test(value) ? countries.alpha3ToAlpha2(code) : undefined);
  const fix = suggestion ? `use ${quote(suggestion)}` : "use a two-letter code such as US or DE";
  return `${quote(value)} is not an ISO 3166-1 alpha-2 country code; ${fix}`;
}
