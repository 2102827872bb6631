/**
 * The EASM profile v2 endpoints: list and get, create, full update (PUT), partial update
 * (PATCH), delete, activate/deactivate, and discovery status. Profiles live in memory.
 *
 * PUT replaces every setting, so an option the body leaves out returns to its default,
 * `defaultProfile` included. PATCH changes only the fields the body sets. Either renames
 * the profile when the body's `name` differs from the name in the path.
 *
 * Results and errors use the EASM envelope `{"code","status","date","message"}`.
 * A duplicate name gets 400 BAD_REQUEST rather than 409, because older Qualys APIs use
 * 409 for rate limiting and a client could mistake it for one and retry.
 */
import { Discovery, type DiscoveryStatusRow } from "./discovery.js";
import { ProfileRuleError, parseFullProfile, parseProfilePatch, type ProfileSettings } from "./profile-rules.js";
import { easmEnvelope } from "./responses.js";
import type { SandboxRequest, SandboxResponse, SandboxRoute } from "./types.js";

/** Profiles per page of GET /easm/v2/profile. */
export const PROFILES_PER_PAGE = 20;

export interface ProfileServiceOptions {
  /** Profiles the subscription may hold. */
  profileLimit: number;
  /** Time between discovery stages, in milliseconds. */
  discoveryStepMs: number;
  /** Clock in epoch milliseconds. */
  now: () => number;
}

export interface StoredProfile {
  settings: ProfileSettings;
  active: boolean;
  discovery: Discovery;
}

/** A request the profile service rejects, with the HTTP status and envelope status of the response. */
class ProfileApiError extends Error {
  override readonly name = "ProfileApiError";
  readonly httpStatus: number;
  readonly envelopeStatus: string;

  constructor(httpStatus: 400 | 404, message: string) {
    super(message);
    this.httpStatus = httpStatus;
    this.envelopeStatus = httpStatus === 404 ? "NOT_FOUND" : "BAD_REQUEST";
  }
}

const badRequest = (message: string) => new ProfileApiError(400, message);
const notFound = (name: string) =>
  new ProfileApiError(404, `No EASM profile named ${JSON.stringify(name)} exists. List profiles with GET /easm/v2/profile to see the names.`);

/** In-memory profiles of one subscription, in creation order. */
export class ProfileStore {
  private readonly profiles: StoredProfile[] = [];
  private readonly options: ProfileServiceOptions;

  constructor(options: ProfileServiceOptions) {
    this.options = options;
  }

  get profileLimit(): number {
    return this.options.profileLimit;
  }

  list(): readonly StoredProfile[] {
    return this.profiles;
  }

  find(name: string): StoredProfile | undefined {
    return this.profiles.find((profile) => profile.settings.name === name);
  }

  /** Adds a profile and starts its first discovery run at `createdAt` (default: now). */
  create(settings: ProfileSettings, options: { active?: boolean; createdAt?: number } = {}): StoredProfile {
    if (this.find(settings.name)) throw duplicateName(settings.name);
    if (this.profiles.length >= this.options.profileLimit) {
      throw badRequest(
        `This subscription allows at most ${this.options.profileLimit} profiles, and it has ${this.profiles.length}. Delete a profile before creating another.`,
      );
    }

    const active = options.active ?? true;
    const profile: StoredProfile = {
      settings,
      active,
      discovery: new Discovery(options.createdAt ?? this.options.now(), this.options.discoveryStepMs, active),
    };
    this.profiles.push(profile);
    if (settings.defaultProfile) this.clearDefaultExcept(profile);
    return profile;
  }

  /** Replaces the settings of the profile named `name`, renaming it when the new settings carry another name. */
  update(name: string, settings: ProfileSettings): void {
    const profile = this.require(name);
    if (settings.name !== name && this.find(settings.name)) throw duplicateName(settings.name);

    profile.settings = settings;
    if (settings.defaultProfile) this.clearDefaultExcept(profile);
    profile.discovery.restart(this.options.now());
  }

  delete(name: string): void {
    const profile = this.require(name);
    this.profiles.splice(this.profiles.indexOf(profile), 1);
  }

  setActive(name: string, active: boolean): void {
    const profile = this.require(name);
    profile.active = active;
    if (active) profile.discovery.resume(this.options.now());
    else profile.discovery.pause(this.options.now());
  }

  require(name: string): StoredProfile {
    const profile = this.find(name);
    if (!profile) throw notFound(name);
    return profile;
  }

  private clearDefaultExcept(keep: StoredProfile): void {
    for (const profile of this.profiles) {
      if (profile !== keep) profile.settings.defaultProfile = false;
    }
  }
}

function duplicateName(name: string): ProfileApiError {
  return badRequest(`An EASM profile named ${JSON.stringify(name)} already exists. Choose another name, or update the existing profile.`);
}

/** Returns the profile as GET /easm/v2/profile shows it. */
export function profileView(profile: StoredProfile): Record<string, unknown> {
  const settings = profile.settings;
  return {
    name: settings.name,
    includeSeeds: settings.includeSeeds.map((seed) => ({
      seedType: seed.seedType,
      seedValue: seed.seedValue,
      seedHeading: seed.seedHeading,
      enumerateSubsidiary: seed.enumerateSubsidiary,
      horizontalEnumeration: seed.horizontalEnumeration,
      seedFilters: seed.seedFilters.map((filter) => ({ ...filter })),
    })),
    excludeSeeds: settings.excludeSeeds.map((seed) => ({ ...seed })),
    enableIFAScan: settings.enableIFAScan,
    active: profile.active,
    profileTagName: settings.name,
    defaultProfile: settings.defaultProfile,
    excludeCDNAssets: settings.excludeCDNAssets,
    defaultPurgeRuleFrequency: settings.defaultPurgeRuleFrequency,
    excludeDefamatoryDomain: settings.excludeDefamatoryDomain,
    enableTyposquattedDomainGeneration: settings.enableTyposquattedDomainGeneration,
    enableDomainSecurity: settings.enableDomainSecurity,
    easmScanAssetsScoping: settings.easmScanAssetsScoping === null ? null : structuredClone(settings.easmScanAssetsScoping),
  };
}

/** Builds the routes of the EASM profile v2 API over `store`. */
export function createProfileRoutes(store: ProfileStore, options: ProfileServiceOptions): SandboxRoute[] {
  const now = options.now;

  /** Runs a handler and turns a rejected request into the error envelope. */
  const handle =
    (handler: (request: SandboxRequest) => SandboxResponse) =>
    (request: SandboxRequest): SandboxResponse => {
      try {
        return handler(request);
      } catch (error) {
        if (error instanceof ProfileApiError) return easmEnvelope(error.httpStatus, error.envelopeStatus, error.message, now());
        if (error instanceof ProfileRuleError) return easmEnvelope(400, "BAD_REQUEST", error.message, now());
        throw error;
      }
    };

  const listProfiles = (request: SandboxRequest): SandboxResponse => {
    const profileName = optionalNameParameter(request.query);
    if (profileName !== undefined) {
      return { status: 200, body: { hasNextPage: false, profile: [profileView(store.require(profileName))] } };
    }

    const pageText = request.query.get("pageNumber") ?? "0";
    if (!/^\d+$/.test(pageText)) {
      throw badRequest(`pageNumber ${JSON.stringify(pageText)} is invalid; use a whole number from 0 (the first page).`);
    }
    const pageNumber = Number(pageText);
    const profiles = store.list();
    const start = pageNumber * PROFILES_PER_PAGE;
    if (pageNumber > 0 && start >= profiles.length) {
      const lastPage = Math.max(0, Math.ceil(profiles.length / PROFILES_PER_PAGE) - 1);
      throw new ProfileApiError(404, `Page ${pageNumber} does not exist; the last page is ${lastPage}.`);
    }

    return {
      status: 200,
      body: {
        hasNextPage: start + PROFILES_PER_PAGE < profiles.length,
        profile: profiles.slice(start, start + PROFILES_PER_PAGE).map(profileView),
      },
    };
  };

  const createProfile = (request: SandboxRequest): SandboxResponse => {
    const settings = parseFullProfile(readJsonBody(request));
    store.create(settings);
    return easmEnvelope(201, "SAVED", "Profile Created Successfully: ", now());
  };

  const replaceProfile = (request: SandboxRequest): SandboxResponse => {
    const name = profileNameFromPath(request.rawPath);
    store.require(name);
    store.update(name, parseFullProfile(readJsonBody(request)));
    return easmEnvelope(200, "UPDATED", "Profile Updated Successfully", now());
  };

  const patchProfile = (request: SandboxRequest): SandboxResponse => {
    const name = profileNameFromPath(request.rawPath);
    const profile = store.require(name);
    store.update(name, parseProfilePatch(readJsonBody(request), structuredClone(profile.settings)));
    return easmEnvelope(200, "UPDATED", "Profile Updated Successfully", now());
  };

  const deleteProfile = (request: SandboxRequest): SandboxResponse => {
    const name = optionalNameParameter(request.query);
    if (name === undefined) throw badRequest("The profileName query parameter is required, for example ?profileName=NewProfile.");
    store.delete(name);
    return easmEnvelope(200, "DELETED", "Deleted profile data", now());
  };

  const activateProfile = (request: SandboxRequest): SandboxResponse => {
    const name = profileNameFromPath(request.rawPath);
    const activate = request.query.get("activate");
    if (activate !== "true" && activate !== "false") {
      throw badRequest(`The activate query parameter must be true or false, got ${JSON.stringify(activate ?? "(missing)")}.`);
    }
    store.setActive(name, activate === "true");
    return easmEnvelope(200, activate === "true" ? "ACTIVATED" : "DEACTIVATED", "Profile updated successfully.", now());
  };

  const discoveryStatus = (request: SandboxRequest): SandboxResponse => {
    const name = optionalNameParameter(request.query);
    const profiles = name === undefined ? store.list() : [store.require(name)];
    const rows: DiscoveryStatusRow[] = profiles.map((profile) => profile.discovery.statusRow(profile.settings.name, now()));
    return { status: 200, body: rows };
  };

  return [
    { method: "GET", pattern: "/easm/v2/profile", handler: handle(listProfiles) },
    { method: "POST", pattern: "/easm/v2/profile", handler: handle(createProfile) },
    { method: "DELETE", pattern: "/easm/v2/profile", handler: handle(deleteProfile) },
    { method: "GET", pattern: "/easm/v2/profile/status", handler: handle(discoveryStatus) },
    { method: "PATCH", pattern: /^\/easm\/v2\/profile\/activate\/[^/]+$/, handler: handle(activateProfile) },
    { method: "PUT", pattern: /^\/easm\/v2\/profile\/[^/]+$/, handler: handle(replaceProfile) },
    { method: "PATCH", pattern: /^\/easm\/v2\/profile\/[^/]+$/, handler: handle(patchProfile) },
  ];
}

/** Reads `profileName` from the query; an empty value is rejected and a missing one returns undefined. */
function optionalNameParameter(query: URLSearchParams): string | undefined {
  const name = query.get("profileName");
  if (name === null) return undefined;
  if (name === "") throw badRequest("The profileName query parameter is empty; give a profile name or leave the parameter out.");
  return name;
}

/**
 * Returns the profile name from the last segment of the percent-encoded path. The route
 * patterns guarantee that this segment is not empty.
 */
function profileNameFromPath(rawPath: string): string {
  return decodeURIComponent(rawPath.slice(rawPath.lastIndexOf("/") + 1));
}

/** Parses a JSON request body. The EASM profile API accepts JSON only, so XML or form bodies get 400. */
function readJsonBody(request: SandboxRequest): unknown {
  const mediaType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json") {
    const sent = mediaType === "" ? "no Content-Type" : `Content-Type ${mediaType}`;
    throw badRequest(`The request has ${sent}; EASM profile payloads must be JSON with Content-Type: application/json.`);
  }
  if (request.bodyText.trim() === "") {
    throw badRequest("The request body is empty; send the profile as a JSON object.");
  }
  try {
    return JSON.parse(request.bodyText) as unknown;
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}.`);
  }
}
