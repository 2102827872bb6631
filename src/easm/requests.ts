/**
 * Request builders for the EASM profile v2 operations. Each builder validates its input
 * first and throws InputError on a broken rule, so it never returns a request that breaks
 * one. The profile name travels in the path for PUT, PATCH and activate, and in the
 * `profileName` query parameter for GET and DELETE.
 */
import { encodePathSegment, type PreparedRequest } from "../gateway/request.js";
import { validateExistingProfileName } from "./profile-name.js";
import {
  validateCreateProfile,
  validatePageNumber,
  validatePatchProfile,
  validateUpdateProfile,
  type CreateProfileInput,
  type PatchProfileInput,
  type ProfileOptions,
  type ScanAssetsScopingInput,
  type UpdateProfileInput,
} from "./profile-input.js";
import { toWireExcludeSeed, toWireIncludeSeed, type ExcludeSeedInput, type IncludeSeedInput } from "./seeds.js";

const PROFILE_PATH = "/easm/v2/profile";

/** Builds GET /easm/v2/profile?pageNumber=N, which returns one page of at most 20 profiles. */
export function buildListProfiles(pageNumber: number): PreparedRequest {
  validatePageNumber(pageNumber);
  return { method: "GET", path: PROFILE_PATH, query: { pageNumber: String(pageNumber) } };
}

/** Builds GET /easm/v2/profile?profileName=NAME, which returns one profile. */
export function buildGetProfile(profileName: string): PreparedRequest {
  validateExistingProfileName(profileName, "profileName");
  return { method: "GET", path: PROFILE_PATH, query: { profileName } };
}

/** Builds POST /easm/v2/profile, which creates the profile given in the JSON body. */
export function buildCreateProfile(input: CreateProfileInput): PreparedRequest {
  validateCreateProfile(input);
  return {
    method: "POST",
    path: PROFILE_PATH,
    query: {},
    body: jsonBody(profileBody(input.name, input)),
  };
}

/**
 * Builds PUT /easm/v2/profile/{profileName}, which replaces the profile. Exclusions left
 * out are sent as an empty list, so that the replacement removes them.
 */
export function buildUpdateProfile(input: UpdateProfileInput): PreparedRequest {
  validateUpdateProfile(input);
  const fields = { ...input, excludeSeeds: input.excludeSeeds ?? [] };
  return {
    method: "PUT",
    path: profilePath(input.profileName),
    query: {},
    body: jsonBody(profileBody(input.name ?? input.profileName, fields)),
  };
}

/**
 * Builds PATCH /easm/v2/profile/{profileName}, which changes the fields sent. The body
 * has `name`, as in the release note's sample, and only the fields given.
 */
export function buildPatchProfile(input: PatchProfileInput): PreparedRequest {
  validatePatchProfile(input);
  return {
    method: "PATCH",
    path: profilePath(input.profileName),
    query: {},
    body: jsonBody(profileBody(input.name ?? input.profileName, input)),
  };
}

/** Builds DELETE /easm/v2/profile?profileName=NAME, which deletes the profile. */
export function buildDeleteProfile(profileName: string): PreparedRequest {
  validateExistingProfileName(profileName, "profileName");
  return { method: "DELETE", path: PROFILE_PATH, query: { profileName } };
}

/** Builds PATCH /easm/v2/profile/activate/{profileName}?activate=true|false. */
export function buildSetProfileActive(profileName: string, active: boolean): PreparedRequest {
  validateExistingProfileName(profileName, "profileName");
  return {
    method: "PATCH",
    path: `${PROFILE_PATH}/activate/${encodePathSegment(profileName)}`,
    query: { activate: active ? "true" : "false" },
  };
}

/** Builds GET /easm/v2/profile/status, for one profile when `profileName` is given and for all otherwise. */
export function buildDiscoveryStatus(profileName?: string): PreparedRequest {
  if (profileName === undefined) {
    return { method: "GET", path: `${PROFILE_PATH}/status`, query: {} };
  }
  validateExistingProfileName(profileName, "profileName");
  return { method: "GET", path: `${PROFILE_PATH}/status`, query: { profileName } };
}

function profilePath(profileName: string): string {
  return `${PROFILE_PATH}/${encodePathSegment(profileName)}`;
}

function jsonBody(body: Record<string, unknown>): { contentType: string; text: string } {
  return { contentType: "application/json", text: JSON.stringify(body) };
}

interface ProfileBodyFields extends ProfileOptions {
  includeSeeds?: readonly IncludeSeedInput[];
  excludeSeeds?: readonly ExcludeSeedInput[];
}

/**
 * Builds the wire body in the field order of the release note's samples: name,
 * defaultProfile, includeSeeds, excludeSeeds, then the other options. Fields left
 * undefined are not sent, and JSON booleans are sent as booleans, not as strings.
 */
function profileBody(name: string, fields: ProfileBodyFields): Record<string, unknown> {
  const body: Record<string, unknown> = { name };
  setIfDefined(body, "defaultProfile", fields.defaultProfile);
  setIfDefined(body, "includeSeeds", fields.includeSeeds?.map(toWireIncludeSeed));
  setIfDefined(body, "excludeSeeds", fields.excludeSeeds?.map(toWireExcludeSeed));
  setIfDefined(body, "enableIFAScan", fields.enableIFAScan);
  setIfDefined(body, "excludeCDNAssets", fields.excludeCDNAssets);
  setIfDefined(body, "defaultPurgeRuleFrequency", fields.defaultPurgeRuleFrequency);
  setIfDefined(body, "excludeDefamatoryDomain", fields.excludeDefamatoryDomain);
  setIfDefined(body, "enableTyposquattedDomainGeneration", fields.enableTyposquattedDomainGeneration);
  setIfDefined(body, "enableDomainSecurity", fields.enableDomainSecurity);
  setIfDefined(body, "easmScanAssetsScoping", fields.easmScanAssetsScoping && scopingBody(fields.easmScanAssetsScoping));
  return body;
}

function scopingBody(scoping: ScanAssetsScopingInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  setIfDefined(body, "includeType", scoping.includeType);
  setIfDefined(body, "includeTagIds", scoping.includeTagIds);
  setIfDefined(body, "excludeType", scoping.excludeType);
  setIfDefined(body, "excludeTagIds", scoping.excludeTagIds);
  return body;
}

function setIfDefined(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}
