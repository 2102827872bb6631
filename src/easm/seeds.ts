/**
 * The tool-facing seed model: zod schemas for include seeds, exclude seeds and seed
 * filters, the seed-level rules, and the conversion to the gateway's wire form, where
 * the `values` of a seed are joined with ";" into one `seedValue`.
 */
import { z } from "zod";
import { InputError } from "../gateway/errors.js";
import {
  MAX_SEED_VALUE_LENGTH,
  SEED_VALUE_SEPARATOR,
  findControlCharacter,
  seedValueKey,
  validateSeedValue,
  type SeedType,
} from "./seed-values.js";

export const INCLUDE_SEED_TYPES = ["DOMAIN", "NETBLOCK", "CERTSUBJECT", "ASN", "ORGANIZATION"] as const;
export const EXCLUDE_SEED_TYPES = ["NETBLOCK", "ASN", "ORGANIZATION", "CITY", "COUNTRY"] as const;

/**
 * Types a seed filter may have.
 * NOTE: the Qualys UI documentation shows seed filters of IP addresses, cities and
 * countries, and no API document shows a filter. The enum strings are assumed to be the
 * seed types of the same name.
 */
export const SEED_FILTER_TYPES = ["NETBLOCK", "CITY", "COUNTRY"] as const;

/**
 * Seed types that may enable subsidiary and horizontal enumeration. The Qualys UI
 * documentation applies both to Organization and Domain seeds only, and the release note
 * requires both to be false on NETBLOCK and CERTSUBJECT seeds.
 */
export const ENUMERATING_SEED_TYPES: readonly SeedType[] = ["DOMAIN", "ORGANIZATION"];

/** Seed types that the release note does not allow in excludeSeeds. */
const NEVER_EXCLUDED_SEED_TYPES: readonly string[] = ["DOMAIN", "CERTSUBJECT"];

const ENUMERATION_FLAGS = ["enumerateSubsidiary", "horizontalEnumeration"] as const;

/** Maximum include seeds in one profile. A bound of this server, because the gateway documents none. */
export const MAX_INCLUDE_SEEDS = 50;
/** Maximum exclude seeds in one profile. A bound of this server, because the gateway documents none. */
export const MAX_EXCLUDE_SEEDS = 50;
/** Maximum values in one seed or filter. A bound of this server, because the gateway documents none. */
export const MAX_VALUES_PER_SEED = 500;
/** Maximum filters on one seed. A bound of this server, because the gateway documents none. */
export const MAX_SEED_FILTERS = 20;
/** Maximum characters in a seed heading. A bound of this server, because the gateway documents none. */
export const MAX_SEED_HEADING_LENGTH = 256;

/**
 * Wire field names of one seedFilters item.
 * NOTE: no Qualys document shows a seedFilters item. This guesses the same
 * {seedType, seedValue} form that excludeSeeds items have.
 */
export const SEED_FILTER_WIRE_FIELDS = { type: "seedType", value: "seedValue" } as const;

function seedValuesField(label: string) {
  return z
    .array(z.string().min(1).max(MAX_SEED_VALUE_LENGTH))
    .min(1)
    .max(MAX_VALUES_PER_SEED)
    .describe(
      `${label}, 1 to ${MAX_VALUES_PER_SEED}. Each is at most ${MAX_SEED_VALUE_LENGTH} characters, without wildcards ("*", "?") or ";". ` +
        `The server joins them with ";" into one gateway value, which may have at most ${MAX_SEED_VALUE_LENGTH} characters.`,
    );
}

export const seedFilterSchema = z.strictObject({
  seedType: z
    .enum(SEED_FILTER_TYPES)
    .describe(
      "Filter type: NETBLOCK (IP address, CIDR block or range), CITY (city name) or COUNTRY (upper-case ISO 3166-1 alpha-2 code such as US).",
    ),
  values: seedValuesField("Filter values"),
});

export const includeSeedSchema = z.strictObject({
  seedType: z
    .enum(INCLUDE_SEED_TYPES)
    .describe(
      "Seed type: DOMAIN (registrable domain such as example.co.uk, no subdomains), NETBLOCK (IP address, CIDR block or range), " +
        "CERTSUBJECT (certificate subject name), ASN (AS followed by 1 to 6 digits, such as AS13335) " +
        "or ORGANIZATION (legal name of the organization that owns the IP space, such as Google LLC).",
    ),
  values: seedValuesField("Seed values"),
  enumerateSubsidiary: z
    .boolean()
    .default(false)
    .describe("True to also discover the subsidiaries of the seed's owner. Allowed on DOMAIN and ORGANIZATION seeds only."),
  horizontalEnumeration: z
    .boolean()
    .default(false)
    .describe(
      "True to also discover other domains of the seed's owner (horizontal domain enumeration). Allowed on DOMAIN and ORGANIZATION seeds only.",
    ),
  seedHeading: z
    .string()
    .min(1)
    .max(MAX_SEED_HEADING_LENGTH)
    .optional()
    .describe(`Heading that labels the seed, at most ${MAX_SEED_HEADING_LENGTH} characters.`),
  seedFilters: z
    .array(seedFilterSchema)
    .max(MAX_SEED_FILTERS)
    .optional()
    .describe(`Filters that narrow what the seed discovers, at most ${MAX_SEED_FILTERS}. A seed and its filters combine with AND.`),
});

export const excludeSeedSchema = z.strictObject({
  seedType: z
    .enum(EXCLUDE_SEED_TYPES)
    .describe(
      "Exclusion type: NETBLOCK (IP address, CIDR block or range), ASN (AS followed by 1 to 6 digits), ORGANIZATION (legal name), " +
        "CITY (city name) or COUNTRY (upper-case ISO 3166-1 alpha-2 code such as US). DOMAIN and CERTSUBJECT cannot be excluded.",
    ),
  values: seedValuesField("Values to exclude"),
});

export type SeedFilterInput = z.input<typeof seedFilterSchema>;
export type IncludeSeedInput = z.input<typeof includeSeedSchema>;
export type ExcludeSeedInput = z.input<typeof excludeSeedSchema>;

export interface WireExcludeSeed {
  seedType: string;
  seedValue: string;
}

export interface WireIncludeSeed {
  seedType: string;
  seedValue: string;
  seedHeading?: string;
  enumerateSubsidiary: boolean;
  horizontalEnumeration: boolean;
  seedFilters: Record<string, string>[];
}

/** Field path of each value seen so far, by seed type and duplicate key. */
class SeedValueRegistry {
  private readonly paths = new Map<string, string>();

  /** Returns the path of an equal value seen before, or undefined after recording this one. */
  recordValue(seedType: string, key: string, path: string): string | undefined {
    const mapKey = `${seedType}\u0000${key}`;
    const earlierPath = this.paths.get(mapKey);
    if (earlierPath !== undefined) return earlierPath;
    this.paths.set(mapKey, path);
    return undefined;
  }

  findValue(seedType: string, key: string): string | undefined {
    return this.paths.get(`${seedType}\u0000${key}`);
  }
}

/**
 * Checks the include and exclude seed lists of one request: every seed on its own, no
 * value repeated within a list, and no exclusion equal to an inclusion. A list that is
 * undefined is skipped, as in a patch that leaves it unchanged. Throws InputError on the
 * first violation.
 */
export function validateSeedLists(
  includeSeeds: readonly IncludeSeedInput[] | undefined,
  excludeSeeds: readonly ExcludeSeedInput[] | undefined,
): void {
  const included = new SeedValueRegistry();
  if (includeSeeds !== undefined) {
    validateListLength(includeSeeds, "includeSeeds", 1, MAX_INCLUDE_SEEDS);
    includeSeeds.forEach((seed, index) => validateIncludeSeed(seed, `includeSeeds[${index}]`, included));
  }

  if (excludeSeeds !== undefined) {
    validateListLength(excludeSeeds, "excludeSeeds", 0, MAX_EXCLUDE_SEEDS);
    const excluded = new SeedValueRegistry();
    excludeSeeds.forEach((seed, index) => validateExcludeSeed(seed, `excludeSeeds[${index}]`, excluded, included));
  }
}

function validateListLength(list: readonly unknown[], path: string, min: number, max: number): void {
  if (!Array.isArray(list)) {
    throw new InputError(path, list, "is not a list", "Give a list of seeds.");
  }
  if (list.length < min) {
    throw new InputError(path, list, `is empty, but a profile needs at least ${min} seed`, "Add a seed to start discovery from.");
  }
  if (list.length > max) {
    throw new InputError(
      path,
      list,
      `has ${list.length} seeds, but this server accepts at most ${max} in one profile`,
      "Combine values of the same type into one seed, or split the scope over several profiles.",
    );
  }
}

function validateIncludeSeed(seed: IncludeSeedInput, path: string, included: SeedValueRegistry): void {
  if (!(INCLUDE_SEED_TYPES as readonly string[]).includes(seed.seedType)) {
    throw new InputError(
      `${path}.seedType`,
      seed.seedType,
      "is not a seed type for includeSeeds",
      `Use one of ${INCLUDE_SEED_TYPES.join(", ")}.`,
    );
  }

  validateSeedValues(seed.seedType, seed.values, `${path}.values`, included);

  for (const flag of ENUMERATION_FLAGS) {
    if (seed[flag] === true && !ENUMERATING_SEED_TYPES.includes(seed.seedType)) {
      throw new InputError(
        `${path}.${flag}`,
        true,
        `is not allowed on a ${seed.seedType} seed, because subsidiary and horizontal enumeration apply to DOMAIN and ORGANIZATION seeds only`,
        `Leave ${flag} out or set it to false.`,
      );
    }
  }

  if (seed.seedHeading !== undefined) {
    validateSeedHeading(seed.seedHeading, `${path}.seedHeading`);
  }

  if (seed.seedFilters !== undefined) {
    validateSeedFilters(seed.seedFilters, `${path}.seedFilters`);
  }
}

function validateSeedHeading(heading: string, path: string): void {
  if (heading.length === 0) {
    throw new InputError(path, heading, "is empty", "Leave seedHeading out or give a heading.");
  }
  if (heading.length > MAX_SEED_HEADING_LENGTH) {
    throw new InputError(
      path,
      heading,
      `is ${heading.length} characters long, but this server accepts at most ${MAX_SEED_HEADING_LENGTH}`,
      "Shorten the heading.",
    );
  }
  const control = findControlCharacter(heading);
  if (control) {
    throw new InputError(path, heading, `contains the control character ${control}`, "Remove it.");
  }
}

function validateSeedFilters(filters: readonly SeedFilterInput[], path: string): void {
  if (filters.length > MAX_SEED_FILTERS) {
    throw new InputError(
      path,
      filters,
      `has ${filters.length} filters, but this server accepts at most ${MAX_SEED_FILTERS} on one seed`,
      "Combine values of the same type into one filter.",
    );
  }

  // Filter values are compared only with the other filters of the same seed.
  const filterValues = new SeedValueRegistry();
  filters.forEach((filter, index) => {
    const filterPath = `${path}[${index}]`;
    if (!(SEED_FILTER_TYPES as readonly string[]).includes(filter.seedType)) {
      throw new InputError(
        `${filterPath}.seedType`,
        filter.seedType,
        "is not a seed filter type",
        `Use one of ${SEED_FILTER_TYPES.join(", ")}.`,
      );
    }
    validateSeedValues(filter.seedType, filter.values, `${filterPath}.values`, filterValues);
  });
}

function validateExcludeSeed(
  seed: ExcludeSeedInput,
  path: string,
  excluded: SeedValueRegistry,
  included: SeedValueRegistry,
): void {
  if (NEVER_EXCLUDED_SEED_TYPES.includes(seed.seedType)) {
    throw new InputError(
      `${path}.seedType`,
      seed.seedType,
      "cannot be excluded, because the gateway accepts no DOMAIN or CERTSUBJECT seeds in excludeSeeds",
      "Remove this exclusion, or narrow the include seeds instead.",
    );
  }
  if (!(EXCLUDE_SEED_TYPES as readonly string[]).includes(seed.seedType)) {
    throw new InputError(
      `${path}.seedType`,
      seed.seedType,
      "is not a seed type for excludeSeeds",
      `Use one of ${EXCLUDE_SEED_TYPES.join(", ")}.`,
    );
  }

  // The schema is strict, so these fields only arrive from callers that bypass it.
  for (const field of [...ENUMERATION_FLAGS, "seedHeading", "seedFilters"]) {
    if (field in seed) {
      throw new InputError(
        `${path}.${field}`,
        (seed as Record<string, unknown>)[field],
        "is not a field of an exclude seed",
        "Remove it. Exclusions take only seedType and values.",
      );
    }
  }

  const keys = validateSeedValues(seed.seedType, seed.values, `${path}.values`, excluded);
  keys.forEach((key, index) => {
    const includedPath = included.findValue(seed.seedType, key);
    if (includedPath !== undefined) {
      throw new InputError(
        `${path}.values[${index}]`,
        seed.values[index],
        `is also included at ${includedPath}, and an exclusion wins over an inclusion of the same value, so the inclusion would have no effect`,
        "Remove the value from one of the two lists.",
      );
    }
  });
}

/** Checks the values of one seed or filter and returns their duplicate keys in order. */
function validateSeedValues(
  seedType: SeedType,
  values: readonly string[],
  path: string,
  registry: SeedValueRegistry,
): string[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw new InputError(path, values, "is empty, but a seed needs at least one value", "Give one or more values.");
  }
  if (values.length > MAX_VALUES_PER_SEED) {
    throw new InputError(
      path,
      values,
      `has ${values.length} values, but this server accepts at most ${MAX_VALUES_PER_SEED} in one seed`,
      "Split them over several seeds of the same type.",
    );
  }

  const keys: string[] = [];
  values.forEach((value, index) => {
    const valuePath = `${path}[${index}]`;
    if (typeof value !== "string") {
      throw new InputError(valuePath, value, "is not a string", "Give each value as a string.");
    }
    validateSeedValue(seedType, value, valuePath);

    const key = seedValueKey(seedType, value);
    const earlierPath = registry.recordValue(seedType, key, valuePath);
    if (earlierPath !== undefined) {
      throw new InputError(valuePath, value, `repeats ${earlierPath}`, "Remove one of them.");
    }
    keys.push(key);
  });

  // NOTE: the Qualys UI documentation limits a seed value to 4000 characters without
  // saying whether that counts one value or the ";"-joined field, so the joined field is
  // held to the same limit.
  const joined = values.join(SEED_VALUE_SEPARATOR);
  if (joined.length > MAX_SEED_VALUE_LENGTH) {
    throw new InputError(
      path,
      joined,
      `joins to ${joined.length} characters, but the gateway's seedValue may have at most ${MAX_SEED_VALUE_LENGTH}`,
      "Split the values over several seeds of the same type.",
    );
  }
  return keys;
}

/** Converts a validated include seed to its wire form, in the field order of the release note's samples. */
export function toWireIncludeSeed(seed: IncludeSeedInput): WireIncludeSeed {
  const heading = seed.seedHeading === undefined ? {} : { seedHeading: seed.seedHeading };
  return {
    seedType: seed.seedType,
    seedValue: seed.values.join(SEED_VALUE_SEPARATOR),
    ...heading,
    enumerateSubsidiary: seed.enumerateSubsidiary ?? false,
    horizontalEnumeration: seed.horizontalEnumeration ?? false,
    seedFilters: (seed.seedFilters ?? []).map(toWireSeedFilter),
  };
}

/** Converts a validated exclude seed to its wire form. */
export function toWireExcludeSeed(seed: ExcludeSeedInput): WireExcludeSeed {
  return { seedType: seed.seedType, seedValue: seed.values.join(SEED_VALUE_SEPARATOR) };
}

function toWireSeedFilter(filter: SeedFilterInput): Record<string, string> {
  return {
    [SEED_FILTER_WIRE_FIELDS.type]: filter.seedType,
    [SEED_FILTER_WIRE_FIELDS.value]: filter.values.join(SEED_VALUE_SEPARATOR),
  };
}
