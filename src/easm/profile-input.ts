/**
 * Tool-facing input shapes of the EASM profile tools and the validators that check every
 * documented rule before a request is built. The shapes are zod raw shapes (plain objects
 * of zod fields), because the MCP SDK registers raw shapes. zod checks only types and
 * bounds, so that the rules' messages come from the validators here.
 */
import { z } from "zod";
import { InputError } from "../gateway/errors.js";
import { MAX_PROFILE_NAME_LENGTH, validateExistingProfileName, validateProfileName } from "./profile-name.js";
import {
  MAX_EXCLUDE_SEEDS,
  MAX_INCLUDE_SEEDS,
  excludeSeedSchema,
  includeSeedSchema,
  validateSeedLists,
} from "./seeds.js";

/** Highest defaultPurgeRuleFrequency the gateway documents. */
export const MAX_PURGE_RULE_FREQUENCY = 10;
/** Maximum tag IDs in one scoping list. A bound of this server, because the gateway documents none. */
export const MAX_SCOPING_TAG_IDS = 100;
/**
 * Highest page number accepted, a bound of this server. A page contains at most 20 profiles,
 * and a subscription has 2 or 3 profiles unless Qualys arranged more.
 */
export const MAX_PAGE_NUMBER = 1000;

export const SCOPING_MATCH_TYPES = ["ANY", "ALL"] as const;

function nameField(description: string) {
  return z.string().min(1).max(MAX_PROFILE_NAME_LENGTH).describe(description);
}

/** The `profileName` field of the tools that act on one existing profile. */
export const profileNameField = nameField('Name of the EASM profile, for example "EASM Default Profile".');

function includeSeedsField(description: string) {
  return z.array(includeSeedSchema).min(1).max(MAX_INCLUDE_SEEDS).describe(description);
}

const NAME_RULE = `letters, digits, "_" and single spaces between characters, at most ${MAX_PROFILE_NAME_LENGTH} characters`;

const excludeSeedsField = z
  .array(excludeSeedSchema)
  .max(MAX_EXCLUDE_SEEDS)
  .optional()
  .describe(
    `Exclusions, at most ${MAX_EXCLUDE_SEEDS}: discovery leaves out what they match. An exclusion wins over an inclusion of the same value.`,
  );

function tagIdsField(description: string) {
  return z
    .array(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER))
    .max(MAX_SCOPING_TAG_IDS)
    .optional()
    .describe(description);
}

const scopingSchema = z.strictObject({
  includeType: z
    .enum(SCOPING_MATCH_TYPES)
    .optional()
    .describe("ANY scans assets that have any of includeTagIds. ALL scans only assets that have all of them."),
  includeTagIds: tagIdsField(`IDs of the asset tags whose assets are scanned, at most ${MAX_SCOPING_TAG_IDS}.`),
  excludeType: z
    .enum(SCOPING_MATCH_TYPES)
    .optional()
    .describe("ANY skips assets that have any of excludeTagIds. ALL skips only assets that have all of them."),
  excludeTagIds: tagIdsField(`IDs of the asset tags whose assets are not scanned, at most ${MAX_SCOPING_TAG_IDS}.`),
});

/** The documented profile options besides name and seeds, in the order the wire body sends them. */
const profileOptionFields = {
  defaultProfile: z.boolean().optional().describe("True to make this profile the subscription's default EASM profile."),
  enableIFAScan: z.boolean().optional().describe("True to scan the internet-facing assets that discovery finds (IFA scan)."),
  excludeCDNAssets: z.boolean().optional().describe("True to leave out assets hosted on content delivery networks."),
  defaultPurgeRuleFrequency: z
    .number()
    .int()
    .min(0)
    .max(MAX_PURGE_RULE_FREQUENCY)
    .optional()
    .describe(
      `Number of discoveries, 0 to ${MAX_PURGE_RULE_FREQUENCY}, that may miss an asset before it is purged. The gateway's default is 3.`,
    ),
  excludeDefamatoryDomain: z.boolean().optional().describe("True to leave out domains that EASM classifies as defamatory."),
  enableTyposquattedDomainGeneration: z
    .boolean()
    .optional()
    .describe("True to generate typosquatted (look-alike) variants of the seed domains and look for them."),
  enableDomainSecurity: z.boolean().optional().describe("True to enable the domain security checks of EASM."),
  easmScanAssetsScoping: scopingSchema
    .optional()
    .describe("Asset tags that choose which discovered assets are scanned."),
};

const PROFILE_OPTION_NAMES = Object.keys(profileOptionFields) as (keyof typeof profileOptionFields)[];

const dryRunField = z
  .boolean()
  .default(false)
  .describe("True to return the exact request (method, path, query, body) without sending it.");

export const createProfileShape = {
  name: nameField(`Name of the new profile: ${NAME_RULE}. Discovered assets are tagged with it.`),
  includeSeeds: includeSeedsField(
    `Seeds that discovery starts from, 1 to ${MAX_INCLUDE_SEEDS}. Each seed has one type and one or more values.`,
  ),
  excludeSeeds: excludeSeedsField,
  ...profileOptionFields,
  dryRun: dryRunField,
};

export const updateProfileShape = {
  profileName: nameField("Current name of the profile to replace."),
  ...createProfileShape,
  name: nameField(`New name for the profile (${NAME_RULE}). Leave out to keep profileName.`).optional(),
  includeSeeds: includeSeedsField(
    `All include seeds of the profile, 1 to ${MAX_INCLUDE_SEEDS}. They replace the current ones.`,
  ),
  excludeSeeds: excludeSeedsField.describe(
    `All exclusions of the profile, at most ${MAX_EXCLUDE_SEEDS}. They replace the current ones. Leave out to remove every exclusion.`,
  ),
};

export const patchProfileShape = {
  profileName: nameField("Current name of the profile to change."),
  name: nameField(`New name for the profile (${NAME_RULE}). Leave out to keep profileName.`).optional(),
  includeSeeds: includeSeedsField(
    `New include seeds, 1 to ${MAX_INCLUDE_SEEDS}, sent as the whole list. Leave out to keep the current ones.`,
  ).optional(),
  excludeSeeds: excludeSeedsField.describe(
    `New exclusions, at most ${MAX_EXCLUDE_SEEDS}, sent as the whole list. An empty list removes them all. Leave out to keep the current ones.`,
  ),
  ...profileOptionFields,
  dryRun: dryRunField,
};

export const profileNameShape = {
  profileName: profileNameField,
};

export const listProfilesShape = {
  pageNumber: z
    .number()
    .int()
    .min(0)
    .max(MAX_PAGE_NUMBER)
    .default(0)
    .describe("Page to return, counted from 0. A page holds at most 20 profiles, and the result says whether another page follows."),
};

export const setProfileActiveShape = {
  ...profileNameShape,
  active: z.boolean().describe("True to activate the profile, false to deactivate it."),
  dryRun: dryRunField,
};

export const deleteProfileShape = {
  ...profileNameShape,
  confirm: z
    .string()
    .max(MAX_PROFILE_NAME_LENGTH)
    .optional()
    .describe("The profile name again, to confirm the deletion. Required when the client cannot ask the user to confirm."),
  dryRun: dryRunField,
};

export const getDiscoveryStatusShape = {
  profileName: nameField("Name of one EASM profile. Leave out to get the status of every profile.").optional(),
};

const createProfileSchema = z.object(createProfileShape);
const updateProfileSchema = z.object(updateProfileShape);
const patchProfileSchema = z.object(patchProfileShape);

export type CreateProfileInput = z.input<typeof createProfileSchema>;
export type UpdateProfileInput = z.input<typeof updateProfileSchema>;
export type PatchProfileInput = z.input<typeof patchProfileSchema>;
export type ProfileOptions = Pick<CreateProfileInput, (typeof PROFILE_OPTION_NAMES)[number]>;
export type ScanAssetsScopingInput = z.input<typeof scopingSchema>;

/** Throws InputError unless a create_easm_profile input follows every documented rule. */
export function validateCreateProfile(input: CreateProfileInput): void {
  validateProfileName(input.name, "name");
  requireIncludeSeeds(input.includeSeeds);
  validateSeedLists(input.includeSeeds, input.excludeSeeds);
  validateProfileOptions(input);
}

/** Throws InputError unless an update_easm_profile input follows every documented rule. */
export function validateUpdateProfile(input: UpdateProfileInput): void {
  validateExistingProfileName(input.profileName, "profileName");
  if (input.name !== undefined && input.name !== input.profileName) validateProfileName(input.name, "name");
  requireIncludeSeeds(input.includeSeeds);
  validateSeedLists(input.includeSeeds, input.excludeSeeds);
  validateProfileOptions(input);
}

/**
 * Throws InputError unless a patch_easm_profile input follows every documented rule and
 * changes something: a new name, seeds or an option.
 */
export function validatePatchProfile(input: PatchProfileInput): void {
  validateExistingProfileName(input.profileName, "profileName");
  if (input.name !== undefined && input.name !== input.profileName) validateProfileName(input.name, "name");
  validateSeedLists(input.includeSeeds, input.excludeSeeds);
  validateProfileOptions(input);

  const renames = input.name !== undefined && input.name !== input.profileName;
  const changesSeeds = input.includeSeeds !== undefined || input.excludeSeeds !== undefined;
  const changesOptions = PROFILE_OPTION_NAMES.some((option) => input[option] !== undefined);
  if (!renames && !changesSeeds && !changesOptions) {
    throw new InputError(
      "",
      input,
      "changes nothing",
      "Give at least one field to change: a new name, includeSeeds, excludeSeeds or an option such as enableIFAScan.",
    );
  }
}

/** Throws InputError unless `pageNumber` is a whole number from 0 to MAX_PAGE_NUMBER. */
export function validatePageNumber(pageNumber: number, path = "pageNumber"): void {
  if (!Number.isSafeInteger(pageNumber) || pageNumber < 0 || pageNumber > MAX_PAGE_NUMBER) {
    throw new InputError(
      path,
      pageNumber,
      `is not a whole number from 0 to ${MAX_PAGE_NUMBER}`,
      "Give the page to return, counted from 0.",
    );
  }
}

function requireIncludeSeeds(includeSeeds: unknown): void {
  if (includeSeeds === undefined) {
    throw new InputError("includeSeeds", includeSeeds, "is missing", "Give at least one seed to start discovery from.");
  }
}

function validateProfileOptions(options: ProfileOptions): void {
  const frequency = options.defaultPurgeRuleFrequency;
  if (frequency !== undefined && (!Number.isInteger(frequency) || frequency < 0 || frequency > MAX_PURGE_RULE_FREQUENCY)) {
    throw new InputError(
      "defaultPurgeRuleFrequency",
      frequency,
      `is not a whole number from 0 to ${MAX_PURGE_RULE_FREQUENCY}`,
      "Give the number of discoveries that may miss an asset before it is purged.",
    );
  }

  if (options.easmScanAssetsScoping !== undefined) {
    validateScoping(options.easmScanAssetsScoping, "easmScanAssetsScoping");
  }
}

function validateScoping(scoping: ScanAssetsScopingInput, path: string): void {
  for (const field of ["includeType", "excludeType"] as const) {
    const matchType = scoping[field];
    if (matchType !== undefined && !(SCOPING_MATCH_TYPES as readonly string[]).includes(matchType)) {
      throw new InputError(`${path}.${field}`, matchType, "is not a match type", 'Use "ANY" or "ALL".');
    }
  }

  const includeTagIds = scoping.includeTagIds ?? [];
  validateTagIds(includeTagIds, `${path}.includeTagIds`);
  validateTagIds(scoping.excludeTagIds ?? [], `${path}.excludeTagIds`);

  (scoping.excludeTagIds ?? []).forEach((tagId, index) => {
    const includeIndex = includeTagIds.indexOf(tagId);
    if (includeIndex !== -1) {
      throw new InputError(
        `${path}.excludeTagIds[${index}]`,
        tagId,
        `is also in ${path}.includeTagIds[${includeIndex}]`,
        "Remove the tag ID from one of the two lists.",
      );
    }
  });
}

function validateTagIds(tagIds: readonly number[], path: string): void {
  if (tagIds.length > MAX_SCOPING_TAG_IDS) {
    throw new InputError(
      path,
      tagIds,
      `has ${tagIds.length} tag IDs, but this server accepts at most ${MAX_SCOPING_TAG_IDS}`,
      "Give fewer tag IDs.",
    );
  }
  tagIds.forEach((tagId, index) => {
    if (!Number.isSafeInteger(tagId) || tagId < 1) {
      throw new InputError(`${path}[${index}]`, tagId, "is not a tag ID", "Give the positive whole number that identifies the tag.");
    }
    const firstIndex = tagIds.indexOf(tagId);
    if (firstIndex !== index) {
      throw new InputError(`${path}[${index}]`, tagId, `repeats ${path}[${firstIndex}]`, "Remove one of them.");
    }
  });
}
