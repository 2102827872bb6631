import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type SandboxGateway } from "../../src/sandbox/index.js";
import { call, FakeClock, getToken, json, newProfile, profilePath } from "./helpers.js";

const DEFAULT_PROFILE_VIEW = {
  name: "EASM Default Profile",
  includeSeeds: [
    { seedType: "DOMAIN", seedValue: "example.com", seedHeading: null, enumerateSubsidiary: true, horizontalEnumeration: true, seedFilters: [] },
  ],
  excludeSeeds: [
    { seedType: "COUNTRY", seedValue: "AQ" },
    { seedType: "NETBLOCK", seedValue: "192.0.2.0/28" },
  ],
  enableIFAScan: false,
  active: true,
  profileTagName: "EASM Default Profile",
  defaultProfile: true,
  excludeCDNAssets: true,
  defaultPurgeRuleFrequency: 3,
  excludeDefamatoryDomain: false,
  enableTyposquattedDomainGeneration: false,
  enableDomainSecurity: false,
  easmScanAssetsScoping: null,
};

const SUBSIDIARIES_VIEW = {
  name: "Example Subsidiaries",
  includeSeeds: [
    {
      seedType: "ORGANIZATION",
      seedValue: "Example Corporation;Example Holdings Ltd",
      seedHeading: "Subsidiaries",
      enumerateSubsidiary: true,
      horizontalEnumeration: false,
      seedFilters: [{ seedType: "COUNTRY", seedValue: "US;GB" }],
    },
    { seedType: "NETBLOCK", seedValue: "198.51.100.0/24;203.0.113.0/25", seedHeading: null, enumerateSubsidiary: false, horizontalEnumeration: false, seedFilters: [] },
    { seedType: "CERTSUBJECT", seedValue: "Example Corporation", seedHeading: null, enumerateSubsidiary: false, horizontalEnumeration: false, seedFilters: [] },
  ],
  excludeSeeds: [{ seedType: "CITY", seedValue: "Springfield" }],
  enableIFAScan: true,
  active: true,
  profileTagName: "Example Subsidiaries",
  defaultProfile: false,
  excludeCDNAssets: false,
  defaultPurgeRuleFrequency: 3,
  excludeDefamatoryDomain: false,
  enableTyposquattedDomainGeneration: false,
  enableDomainSecurity: true,
  easmScanAssetsScoping: null,
};

const DATE = "2024-01-15 10:00:00";

describe("sandbox EASM profile endpoints", () => {
  let clock: FakeClock;
  let sandbox: SandboxGateway;
  let token: string;

  beforeEach(async () => {
    clock = new FakeClock();
    sandbox = await startSandbox({ now: clock.now });
    token = await getToken(sandbox);
  });

  afterEach(async () => {
    await sandbox.close();
  });

  const get = (path: string) => call(sandbox, "GET", path, { token });
  const post = (payload: unknown) => call(sandbox, "POST", "/easm/v2/profile", { token, json: payload });
  const put = (name: string, payload: unknown) => call(sandbox, "PUT", profilePath(name), { token, json: payload });
  const patch = (name: string, payload: unknown) => call(sandbox, "PATCH", profilePath(name), { token, json: payload });
  const getProfile = async (name: string) => {
    const result = await get(`/easm/v2/profile?profileName=${encodeURIComponent(name)}`);
    expect(result.status).toBe(200);
    return json(result).profile[0];
  };
  const profileNames = async () => json(await get("/easm/v2/profile")).profile.map((profile: { name: string }) => profile.name);

  describe("GET /easm/v2/profile", () => {
    it("lists the starting tenant", async () => {
      const result = await get("/easm/v2/profile");

      expect(result.status).toBe(200);
      expect(result.headers["content-type"]).toBe("application/json");
      expect(json(result)).toEqual({ hasNextPage: false, profile: [DEFAULT_PROFILE_VIEW, SUBSIDIARIES_VIEW] });
    });

    it("returns one profile by name", async () => {
      const result = await get("/easm/v2/profile?profileName=EASM%20Default%20Profile");

      expect(result.status).toBe(200);
      expect(json(result)).toEqual({ hasNextPage: false, profile: [DEFAULT_PROFILE_VIEW] });
    });

    it("returns 404 for an unknown name", async () => {
      const result = await get("/easm/v2/profile?profileName=Missing");

      expect(result.status).toBe(404);
      expect(json(result)).toEqual({
        code: "404",
        status: "NOT_FOUND",
        date: DATE,
        message: 'No EASM profile named "Missing" exists. List profiles with GET /easm/v2/profile to see the names.',
      });
    });

    it("rejects an empty profileName", async () => {
      const result = await get("/easm/v2/profile?profileName=");

      expect(result.status).toBe(400);
      expect(json(result).status).toBe("BAD_REQUEST");
    });

    it.each(["-1", "abc", "1.5"])("rejects pageNumber=%s", async (pageNumber) => {
      const result = await get(`/easm/v2/profile?pageNumber=${pageNumber}`);

      expect(result.status).toBe(400);
      expect(json(result).message).toBe(`pageNumber "${pageNumber}" is invalid; use a whole number from 0 (the first page).`);
    });

    it("returns 404 for a page past the last", async () => {
      const result = await get("/easm/v2/profile?pageNumber=1");

      expect(result.status).toBe(404);
      expect(json(result)).toEqual({ code: "404", status: "NOT_FOUND", date: DATE, message: "Page 1 does not exist; the last page is 0." });
    });
  });

  describe("POST /easm/v2/profile", () => {
    it("creates a profile with 201 SAVED", async () => {
      const result = await post({
        name: "NewProfile1",
        defaultProfile: true,
        includeSeeds: [{ seedType: "DOMAIN", seedValue: "qualys.com", enumerateSubsidiary: "true", horizontalEnumeration: "true", seedFilters: [] }],
      });

      expect(result.status).toBe(201);
      expect(json(result)).toEqual({ code: "201", status: "SAVED", date: DATE, message: "Profile Created Successfully: " });
      expect(await getProfile("NewProfile1")).toEqual({
        name: "NewProfile1",
        includeSeeds: [{ seedType: "DOMAIN", seedValue: "qualys.com", seedHeading: null, enumerateSubsidiary: true, horizontalEnumeration: true, seedFilters: [] }],
        excludeSeeds: [],
        enableIFAScan: false,
        active: true,
        profileTagName: "NewProfile1",
        defaultProfile: true,
        excludeCDNAssets: false,
        defaultPurgeRuleFrequency: 3,
        excludeDefamatoryDomain: false,
        enableTyposquattedDomainGeneration: false,
        enableDomainSecurity: false,
        easmScanAssetsScoping: null,
      });
    });

    it("makes a new default profile the only default", async () => {
      await post(newProfile("Second Default", { defaultProfile: true }));

      expect((await getProfile("EASM Default Profile")).defaultProfile).toBe(false);
      expect((await getProfile("Second Default")).defaultProfile).toBe(true);
    });

    it("stores every documented option", async () => {
      const result = await post(
        newProfile("All Options", {
          excludeSeeds: [
            { seedType: "NETBLOCK", seedValue: "203.0.113.0/24" },
            { seedType: "ASN", seedValue: "AS64500" },
            { seedType: "ORGANIZATION", seedValue: "Partner Inc" },
            { seedType: "CITY", seedValue: "Lyon" },
            { seedType: "COUNTRY", seedValue: "fr" },
          ],
          enableIFAScan: "TRUE",
          excludeCDNAssets: true,
          defaultPurgeRuleFrequency: "7",
          excludeDefamatoryDomain: "true",
          enableTyposquattedDomainGeneration: true,
          enableDomainSecurity: "false",
          easmScanAssetsScoping: { includeType: "ALL", includeTagIds: [101, "202"], excludeTagIds: [303] },
          unknownField: "ignored",
        }),
      );
      expect(result.status).toBe(201);

      const profile = await getProfile("All Options");
      expect(profile.excludeSeeds).toEqual([
        { seedType: "NETBLOCK", seedValue: "203.0.113.0/24" },
        { seedType: "ASN", seedValue: "AS64500" },
        { seedType: "ORGANIZATION", seedValue: "Partner Inc" },
        { seedType: "CITY", seedValue: "Lyon" },
        { seedType: "COUNTRY", seedValue: "fr" },
      ]);
      expect(profile.enableIFAScan).toBe(true);
      expect(profile.excludeCDNAssets).toBe(true);
      expect(profile.defaultPurgeRuleFrequency).toBe(7);
      expect(profile.excludeDefamatoryDomain).toBe(true);
      expect(profile.enableTyposquattedDomainGeneration).toBe(true);
      expect(profile.enableDomainSecurity).toBe(false);
      expect(profile.easmScanAssetsScoping).toEqual({ includeType: "ALL", includeTagIds: [101, 202], excludeType: "ANY", excludeTagIds: [303] });
      expect(profile).not.toHaveProperty("unknownField");
    });

    it.each([
      ["DOMAIN", "example.co.uk;example.com;team.github.io;bücher.de"],
      ["NETBLOCK", "203.0.113.0/24;198.51.100.7;2001:db8::/32;203.0.113.1-203.0.113.20"],
      ["CERTSUBJECT", "Example Corporation"],
      ["ASN", "AS1;AS13335;AS999999"],
      ["ORGANIZATION", "Example Corporation;Example, Inc."],
    ])("accepts a valid %s seed", async (seedType, seedValue) => {
      const result = await post({ name: "Valid Seed", includeSeeds: [{ seedType, seedValue }] });

      expect(result.status).toBe(201);
      expect((await getProfile("Valid Seed")).includeSeeds[0].seedValue).toBe(seedValue);
    });

    it("rejects a duplicate name with 400", async () => {
      const result = await post(newProfile("Example Subsidiaries"));

      expect(result.status).toBe(400);
      expect(json(result)).toEqual({
        code: "400",
        status: "BAD_REQUEST",
        date: DATE,
        message: 'An EASM profile named "Example Subsidiaries" already exists. Choose another name, or update the existing profile.',
      });
      expect(await getProfile("Example Subsidiaries")).toEqual(SUBSIDIARIES_VIEW);
    });

    it("rejects a profile over the limit", async () => {
      expect((await post(newProfile("Third"))).status).toBe(201);

      const result = await post(newProfile("Fourth"));

      expect(result.status).toBe(400);
      expect(json(result).message).toBe("This subscription allows at most 3 profiles, and it has 3. Delete a profile before creating another.");
      expect(await profileNames()).toEqual(["EASM Default Profile", "Example Subsidiaries", "Third"]);
    });

    it("applies a trial limit of 2", async () => {
      const trial = await startSandbox({ now: clock.now, profileLimit: 2 });
      try {
        const trialToken = await getToken(trial);
        const result = await call(trial, "POST", "/easm/v2/profile", { token: trialToken, json: newProfile("Third") });
        expect(result.status).toBe(400);
        expect(json(result).message).toBe("This subscription allows at most 2 profiles, and it has 2. Delete a profile before creating another.");
      } finally {
        await trial.close();
      }
    });

    it.each([
      ["text/plain", JSON.stringify(newProfile("Plain")), "The request has Content-Type text/plain; EASM profile payloads must be JSON with Content-Type: application/json."],
      ["application/xml", "<profile><name>Xml</name></profile>", "The request has Content-Type application/xml; EASM profile payloads must be JSON with Content-Type: application/json."],
      ["application/json", '{"name": "Broken",', undefined],
      ["application/json", "", "The request body is empty; send the profile as a JSON object."],
      ["application/json", "[]", "The request body must be a JSON object describing the profile."],
    ])("rejects a %s body %#", async (contentType, body, message) => {
      const result = await call(sandbox, "POST", "/easm/v2/profile", { token, body, headers: { "content-type": contentType } });

      expect(result.status).toBe(400);
      expect(json(result).status).toBe("BAD_REQUEST");
      if (message) expect(json(result).message).toBe(message);
      else expect(json(result).message).toMatch(/^The request body is not valid JSON: /);
      expect(await profileNames()).toEqual(["EASM Default Profile", "Example Subsidiaries"]);
    });

    it("rejects a body without Content-Type", async () => {
      const result = await call(sandbox, "POST", "/easm/v2/profile", { token, body: JSON.stringify(newProfile("No Type")) });

      expect(result.status).toBe(400);
      expect(json(result).message).toBe("The request has no Content-Type; EASM profile payloads must be JSON with Content-Type: application/json.");
    });
  });

  describe("documented rules", () => {
    const domainSeed = (seedValue: string, extra: Record<string, unknown> = {}) => ({ includeSeeds: [{ seedType: "DOMAIN", seedValue, ...extra }] });
    const seed = (seedType: string, seedValue: string, extra: Record<string, unknown> = {}) => ({ includeSeeds: [{ seedType, seedValue, ...extra }] });
    const exclude = (seedType: string, seedValue: string) => ({ excludeSeeds: [{ seedType, seedValue }] });

    const violations: [string, Record<string, unknown>, string][] = [
      ["double space in name", { name: "New  Profile" }, 'name: "New  Profile" is not a valid profile name: use letters, digits, "_" and single spaces between characters, with no leading or trailing space.'],
      ["leading space in name", { name: " Profile" }, 'name: " Profile" is not a valid profile name'],
      ["trailing space in name", { name: "Profile " }, 'name: "Profile " is not a valid profile name'],
      ["hyphen in name", { name: "Profile-1" }, 'name: "Profile-1" is not a valid profile name'],
      ["numeric name", { name: 42 }, "name: must be a string, got 42."],
      ["missing name", { name: undefined }, "name: missing required field."],
      ["missing includeSeeds", { includeSeeds: undefined }, "includeSeeds: missing required field."],
      ["empty includeSeeds", { includeSeeds: [] }, "includeSeeds: must contain at least one seed."],
      ["CITY include seed", seed("CITY", "Lyon"), 'includeSeeds[0].seedType: "CITY" is not an include seed type; use one of DOMAIN, NETBLOCK, CERTSUBJECT, ASN, ORGANIZATION.'],
      ["missing seedValue", { includeSeeds: [{ seedType: "DOMAIN" }] }, "includeSeeds[0].seedValue: missing required field."],
      ["subdomain", domainSeed("www.example.co.uk"), 'includeSeeds[0].seedValue: "www.example.co.uk" is a subdomain; DOMAIN seeds take the registrable domain only, use "example.co.uk".'],
      ["subdomain in a list", domainSeed("example.com;mail.example.org"), 'includeSeeds[0].seedValue: "mail.example.org" is a subdomain'],
      ["public suffix", domainSeed("co.uk"), 'includeSeeds[0].seedValue: "co.uk" is a public suffix, not a registrable domain.'],
      ["private public suffix", domainSeed("github.io"), 'includeSeeds[0].seedValue: "github.io" is a public suffix, not a registrable domain.'],
      ["URL as domain", domainSeed("https://example.com"), 'includeSeeds[0].seedValue: "https://example.com" is not a domain name'],
      ["unknown suffix", domainSeed("example.internal"), 'includeSeeds[0].seedValue: "example.internal" does not end in a known public suffix'],
      ["IP as domain", domainSeed("192.0.2.1"), 'includeSeeds[0].seedValue: "192.0.2.1" is an IP address; use a NETBLOCK seed for addresses.'],
      ["wildcard", domainSeed("*.example.com"), 'includeSeeds[0].seedValue: "*.example.com" contains a wildcard; wildcards are not supported, so list each value.'],
      ["empty value in a list", domainSeed("example.com;;example.org"), 'includeSeeds[0].seedValue: "example.com;;example.org" contains an empty value; separate values with a single ";".'],
      ["trailing separator", domainSeed("example.com;"), "contains an empty value"],
      ["value over 4000 characters", seed("ORGANIZATION", "A".repeat(4001)), "includeSeeds[0].seedValue: is 4001 characters long; a seed value may have at most 4000 characters."],
      ["control character", seed("ORGANIZATION", "Example\nCorp"), 'includeSeeds[0].seedValue: "Example\\nCorp" contains a control character.'],
      ["NETBLOCK with enumerateSubsidiary", seed("NETBLOCK", "203.0.113.0/24", { enumerateSubsidiary: true }), "includeSeeds[0].enumerateSubsidiary: must be false for NETBLOCK seeds; subsidiary and horizontal enumeration apply to DOMAIN and ORGANIZATION seeds only."],
      ["NETBLOCK with horizontalEnumeration", seed("NETBLOCK", "203.0.113.0/24", { horizontalEnumeration: "true" }), "includeSeeds[0].horizontalEnumeration: must be false for NETBLOCK seeds"],
      ["CERTSUBJECT with enumerateSubsidiary", seed("CERTSUBJECT", "Example Corporation", { enumerateSubsidiary: "True" }), "includeSeeds[0].enumerateSubsidiary: must be false for CERTSUBJECT seeds"],
      ["CERTSUBJECT with horizontalEnumeration", seed("CERTSUBJECT", "Example Corporation", { horizontalEnumeration: true }), "includeSeeds[0].horizontalEnumeration: must be false for CERTSUBJECT seeds"],
      ["ASN with enumerateSubsidiary", seed("ASN", "AS64500", { enumerateSubsidiary: true }), "includeSeeds[0].enumerateSubsidiary: must be false for ASN seeds"],
      ["CIDR prefix over 32", seed("NETBLOCK", "10.0.0.0/33"), 'includeSeeds[0].seedValue: "10.0.0.0/33" is not a valid CIDR block'],
      ["reversed range", seed("NETBLOCK", "10.0.0.9-10.0.0.1"), 'includeSeeds[0].seedValue: "10.0.0.9-10.0.0.1" is not a valid IP range: the first address is greater than the last.'],
      ["incomplete address", seed("NETBLOCK", "10.0.0"), 'includeSeeds[0].seedValue: "10.0.0" is not a valid netblock'],
      ["ASN without prefix", seed("ASN", "13335"), 'includeSeeds[0].seedValue: "13335" is not an ASN; use "AS" followed by 1 to 6 digits, for example AS13335.'],
      ["ASN with 7 digits", seed("ASN", "AS1234567"), '"AS1234567" is not an ASN'],
      ["excluded DOMAIN", exclude("DOMAIN", "example.com"), "excludeSeeds[0].seedType: DOMAIN seeds are not supported in excludeSeeds; use one of NETBLOCK, ASN, ORGANIZATION, CITY, COUNTRY."],
      ["excluded CERTSUBJECT", exclude("CERTSUBJECT", "Example Corporation"), "excludeSeeds[0].seedType: CERTSUBJECT seeds are not supported in excludeSeeds"],
      ["country name", exclude("COUNTRY", "Germany"), 'excludeSeeds[0].seedValue: "Germany" is not an ISO 3166-1 alpha-2 country code; use "DE".'],
      ["alpha-3 country code", exclude("COUNTRY", "FRA"), 'excludeSeeds[0].seedValue: "FRA" is not an ISO 3166-1 alpha-2 country code; use "FR".'],
      ["unknown country code", exclude("COUNTRY", "XX"), 'excludeSeeds[0].seedValue: "XX" is not an ISO 3166-1 alpha-2 country code; use a two-letter code such as US or DE.'],
      ["excluded netblock with wildcard", exclude("NETBLOCK", "10.0.*.0"), "excludeSeeds[0].seedValue: \"10.0.*.0\" contains a wildcard"],
      ["DOMAIN seed filter", seed("DOMAIN", "example.com", { seedFilters: [{ seedType: "DOMAIN", seedValue: "example.org" }] }), "includeSeeds[0].seedFilters[0].seedType: DOMAIN seeds are not supported in seedFilters"],
      ["bad country in seed filter", seed("DOMAIN", "example.com", { seedFilters: [{ seedType: "COUNTRY", seedValue: "Atlantis" }] }), 'includeSeeds[0].seedFilters[0].seedValue: "Atlantis" is not an ISO 3166-1 alpha-2 country code'],
      ["boolean as yes", { enableIFAScan: "yes" }, 'enableIFAScan: "yes" is not a boolean; use true or false.'],
      ["purge frequency 11", { defaultPurgeRuleFrequency: 11 }, "defaultPurgeRuleFrequency: 11 is out of range; use a whole number from 0 to 10."],
      ["purge frequency -1", { defaultPurgeRuleFrequency: -1 }, "defaultPurgeRuleFrequency: -1 is out of range; use a whole number from 0 to 10."],
      ["fractional purge frequency", { defaultPurgeRuleFrequency: 2.5 }, "defaultPurgeRuleFrequency: 2.5 is not a whole number."],
      ["scoping match type", { easmScanAssetsScoping: { includeType: "SOME" } }, 'easmScanAssetsScoping.includeType: "SOME" is not a match type; use ANY or ALL.'],
      ["scoping tag id 0", { easmScanAssetsScoping: { excludeTagIds: [0] } }, "easmScanAssetsScoping.excludeTagIds[0]: 0 is not a tag id; tag ids are positive."],
    ];

    it.each(violations)("POST rejects %s", async (_case, change, message) => {
      const result = await post({ ...newProfile("Rule Check"), ...change });

      expect(result.status).toBe(400);
      expect(json(result).code).toBe("400");
      expect(json(result).status).toBe("BAD_REQUEST");
      expect(json(result).date).toBe(DATE);
      expect(json(result).message).toContain(message);
      expect(await profileNames()).toEqual(["EASM Default Profile", "Example Subsidiaries"]);
    });

    it.each(violations)("PUT rejects %s and keeps the profile", async (_case, change, message) => {
      const result = await put("Example Subsidiaries", { ...newProfile("Example Subsidiaries"), ...change });

      expect(result.status).toBe(400);
      expect(json(result).message).toContain(message);
      expect(await getProfile("Example Subsidiaries")).toEqual(SUBSIDIARIES_VIEW);
    });

    it("PATCH rejects a subdomain and keeps the profile", async () => {
      const result = await patch("EASM Default Profile", domainSeed("www.example.com"));

      expect(result.status).toBe(400);
      expect(json(result).message).toBe('includeSeeds[0].seedValue: "www.example.com" is a subdomain; DOMAIN seeds take the registrable domain only, use "example.com".');
      expect(await getProfile("EASM Default Profile")).toEqual(DEFAULT_PROFILE_VIEW);
    });

    it("PATCH rejects an invalid new name and keeps the profile", async () => {
      const result = await patch("EASM Default Profile", { name: "Default/Profile" });

      expect(result.status).toBe(400);
      expect(json(result).message).toContain('name: "Default/Profile" is not a valid profile name');
      expect(await getProfile("EASM Default Profile")).toEqual(DEFAULT_PROFILE_VIEW);
    });

    it("lists every problem of a payload", async () => {
      const result = await post({
        name: "Two Problems",
        includeSeeds: [{ seedType: "ASN", seedValue: "13335" }],
        excludeSeeds: [{ seedType: "COUNTRY", seedValue: "Germany" }],
      });

      expect(result.status).toBe(400);
      expect(json(result).message).toBe(
        'includeSeeds[0].seedValue: "13335" is not an ASN; use "AS" followed by 1 to 6 digits, for example AS13335. ' +
          'excludeSeeds[0].seedValue: "Germany" is not an ISO 3166-1 alpha-2 country code; use "DE".',
      );
    });
  });

  describe("PUT /easm/v2/profile/{name}", () => {
    it("replaces the whole profile", async () => {
      const result = await put("Example Subsidiaries", {
        name: "Example Subsidiaries",
        includeSeeds: [{ seedType: "DOMAIN", seedValue: "accenture.com", enumerateSubsidiary: true, horizontalEnumeration: true, seedFilters: [] }],
      });

      expect(result.status).toBe(200);
      expect(json(result)).toEqual({ code: "200", status: "UPDATED", date: DATE, message: "Profile Updated Successfully" });
      expect(await getProfile("Example Subsidiaries")).toEqual({
        ...SUBSIDIARIES_VIEW,
        includeSeeds: [{ seedType: "DOMAIN", seedValue: "accenture.com", seedHeading: null, enumerateSubsidiary: true, horizontalEnumeration: true, seedFilters: [] }],
        excludeSeeds: [],
        enableIFAScan: false,
        enableDomainSecurity: false,
      });
    });

    it("renames when the body name differs", async () => {
      const result = await put("Example Subsidiaries", newProfile("Example Group"));

      expect(result.status).toBe(200);
      expect(await profileNames()).toEqual(["EASM Default Profile", "Example Group"]);
      const renamed = await getProfile("Example Group");
      expect(renamed.profileTagName).toBe("Example Group");
      expect((await get("/easm/v2/profile?profileName=Example%20Subsidiaries")).status).toBe(404);
    });

    it("rejects a rename to an existing name", async () => {
      const result = await put("Example Subsidiaries", newProfile("EASM Default Profile"));

      expect(result.status).toBe(400);
      expect(json(result).message).toBe('An EASM profile named "EASM Default Profile" already exists. Choose another name, or update the existing profile.');
      expect(json(await get("/easm/v2/profile")).profile).toEqual([DEFAULT_PROFILE_VIEW, SUBSIDIARIES_VIEW]);
    });

    it("returns 404 for an unknown name", async () => {
      const result = await put("Missing Profile", newProfile("Missing Profile"));

      expect(result.status).toBe(404);
      expect(json(result).message).toBe('No EASM profile named "Missing Profile" exists. List profiles with GET /easm/v2/profile to see the names.');
    });

    it("keeps the profile active state", async () => {
      await call(sandbox, "PATCH", "/easm/v2/profile/activate/Example%20Subsidiaries?activate=false", { token });
      await put("Example Subsidiaries", newProfile("Example Subsidiaries"));

      expect((await getProfile("Example Subsidiaries")).active).toBe(false);
    });
  });

  describe("PATCH /easm/v2/profile/{name}", () => {
    it("changes only the given fields", async () => {
      const result = await patch("Example Subsidiaries", { enableIFAScan: "false", defaultPurgeRuleFrequency: 0 });

      expect(result.status).toBe(200);
      expect(json(result)).toEqual({ code: "200", status: "UPDATED", date: DATE, message: "Profile Updated Successfully" });
      expect(await getProfile("Example Subsidiaries")).toEqual({ ...SUBSIDIARIES_VIEW, enableIFAScan: false, defaultPurgeRuleFrequency: 0 });
    });

    it("replaces the seed list it is given", async () => {
      await patch("EASM Default Profile", { name: "EASM Default Profile", includeSeeds: [{ seedType: "DOMAIN", seedValue: "accenture.com", enumerateSubsidiary: true, horizontalEnumeration: true, seedFilters: [] }] });

      expect(await getProfile("EASM Default Profile")).toEqual({
        ...DEFAULT_PROFILE_VIEW,
        includeSeeds: [{ seedType: "DOMAIN", seedValue: "accenture.com", seedHeading: null, enumerateSubsidiary: true, horizontalEnumeration: true, seedFilters: [] }],
      });
    });

    it("treats null as not sent", async () => {
      const result = await patch("Example Subsidiaries", { excludeSeeds: null, enableIFAScan: null });

      expect(result.status).toBe(200);
      expect(await getProfile("Example Subsidiaries")).toEqual(SUBSIDIARIES_VIEW);
    });

    it("moves the default flag", async () => {
      await patch("Example Subsidiaries", { defaultProfile: true });

      expect((await getProfile("Example Subsidiaries")).defaultProfile).toBe(true);
      expect((await getProfile("EASM Default Profile")).defaultProfile).toBe(false);
    });

    it("renames when the body name differs", async () => {
      const result = await patch("Example Subsidiaries", { name: "Example_Group 2" });

      expect(result.status).toBe(200);
      expect(await getProfile("Example_Group 2")).toEqual({ ...SUBSIDIARIES_VIEW, name: "Example_Group 2", profileTagName: "Example_Group 2" });
    });

    it("returns 404 for an unknown name", async () => {
      const result = await patch("Missing", { enableIFAScan: true });

      expect(result.status).toBe(404);
      expect(json(result).status).toBe("NOT_FOUND");
    });
  });

  describe("DELETE /easm/v2/profile", () => {
    it("deletes a profile", async () => {
      const result = await call(sandbox, "DELETE", "/easm/v2/profile?profileName=Example%20Subsidiaries", { token });

      expect(result.status).toBe(200);
      expect(json(result)).toEqual({ code: "200", status: "DELETED", date: DATE, message: "Deleted profile data" });
      expect(await profileNames()).toEqual(["EASM Default Profile"]);
    });

    it("frees room under the limit", async () => {
      await post(newProfile("Third"));
      await call(sandbox, "DELETE", "/easm/v2/profile?profileName=Third", { token });

      expect((await post(newProfile("Fourth"))).status).toBe(201);
    });

    it("returns 404 for an unknown name", async () => {
      const result = await call(sandbox, "DELETE", "/easm/v2/profile?profileName=Missing", { token });

      expect(result.status).toBe(404);
      expect(await profileNames()).toEqual(["EASM Default Profile", "Example Subsidiaries"]);
    });

    it("requires profileName", async () => {
      const result = await call(sandbox, "DELETE", "/easm/v2/profile", { token });

      expect(result.status).toBe(400);
      expect(json(result).message).toBe("The profileName query parameter is required, for example ?profileName=NewProfile.");
      expect(await profileNames()).toEqual(["EASM Default Profile", "Example Subsidiaries"]);
    });
  });

  describe("PATCH /easm/v2/profile/activate/{name}", () => {
    const activate = (name: string, value: string) => call(sandbox, "PATCH", `${profilePath(name, "/easm/v2/profile/activate/")}?activate=${value}`, { token });

    it("deactivates and activates a profile", async () => {
      const deactivated = await activate("EASM Default Profile", "false");
      expect(deactivated.status).toBe(200);
      expect(json(deactivated)).toEqual({ code: "200", status: "DEACTIVATED", date: DATE, message: "Profile updated successfully." });
      expect((await getProfile("EASM Default Profile")).active).toBe(false);

      const activated = await activate("EASM Default Profile", "true");
      expect(activated.status).toBe(200);
      expect(json(activated)).toEqual({ code: "200", status: "ACTIVATED", date: DATE, message: "Profile updated successfully." });
      expect((await getProfile("EASM Default Profile")).active).toBe(true);
    });

    it.each(["yes", "TRUE", ""])("rejects activate=%s", async (value) => {
      const result = await activate("EASM Default Profile", value);

      expect(result.status).toBe(400);
      expect(json(result).message).toBe(`The activate query parameter must be true or false, got ${JSON.stringify(value)}.`);
      expect((await getProfile("EASM Default Profile")).active).toBe(true);
    });

    it("requires activate", async () => {
      const result = await call(sandbox, "PATCH", "/easm/v2/profile/activate/EASM%20Default%20Profile", { token });

      expect(result.status).toBe(400);
      expect(json(result).message).toBe('The activate query parameter must be true or false, got "(missing)".');
    });

    it("returns 404 for an unknown name", async () => {
      const result = await activate("Missing", "true");

      expect(result.status).toBe(404);
      expect(json(result).status).toBe("NOT_FOUND");
    });
  });

  describe("paging", () => {
    let large: SandboxGateway;
    let largeToken: string;

    beforeEach(async () => {
      large = await startSandbox({ now: clock.now, profileLimit: 50, seedProfiles: false });
      largeToken = await getToken(large);
    });

    afterEach(async () => {
      await large.close();
    });

    const createMany = async (count: number) => {
      for (let index = 0; index < count; index++) {
        const result = await call(large, "POST", "/easm/v2/profile", { token: largeToken, json: newProfile(`Profile ${String(index).padStart(2, "0")}`) });
        expect(result.status).toBe(201);
      }
    };
    const page = async (pageNumber: number) => call(large, "GET", `/easm/v2/profile?pageNumber=${pageNumber}`, { token: largeToken });
    const namesOf = (result: { text: string }) => json(result as never).profile.map((profile: { name: string }) => profile.name);
    const expectedNames = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => `Profile ${String(from + index).padStart(2, "0")}`);

    it("returns an empty first page for an empty tenant", async () => {
      const result = await page(0);

      expect(result.status).toBe(200);
      expect(json(result)).toEqual({ hasNextPage: false, profile: [] });
    });

    it("pages 45 profiles by 20", async () => {
      await createMany(45);

      const first = await page(0);
      expect(json(first).hasNextPage).toBe(true);
      expect(namesOf(first)).toEqual(expectedNames(0, 20));

      const second = await page(1);
      expect(json(second).hasNextPage).toBe(true);
      expect(namesOf(second)).toEqual(expectedNames(20, 40));

      const third = await page(2);
      expect(json(third).hasNextPage).toBe(false);
      expect(namesOf(third)).toEqual(expectedNames(40, 45));

      const past = await page(3);
      expect(past.status).toBe(404);
      expect(json(past).message).toBe("Page 3 does not exist; the last page is 2.");
    });

    it("ends exactly at a full page", async () => {
      await createMany(40);

      const second = await page(1);
      expect(json(second).hasNextPage).toBe(false);
      expect(namesOf(second)).toEqual(expectedNames(20, 40));
      expect((await page(2)).status).toBe(404);
    });

    it("defaults to page 0", async () => {
      await createMany(21);

      const result = await call(large, "GET", "/easm/v2/profile", { token: largeToken });
      expect(json(result).hasNextPage).toBe(true);
      expect(namesOf(result)).toEqual(expectedNames(0, 20));
    });
  });
});
