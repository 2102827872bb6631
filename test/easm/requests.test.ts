import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InputError } from "../../src/gateway/errors.js";
import { renderQuery } from "../../src/gateway/request.js";
import {
  SEED_FILTER_WIRE_FIELDS,
  buildCreateProfile,
  buildDeleteProfile,
  buildDiscoveryStatus,
  buildGetProfile,
  buildListProfiles,
  buildPatchProfile,
  buildSetProfileActive,
  buildUpdateProfile,
  createProfileShape,
} from "../../src/easm/index.js";

const JSON_CONTENT_TYPE = "application/json";

describe("buildListProfiles", () => {
  it("builds the first page", () => {
    expect(buildListProfiles(0)).toStrictEqual({ method: "GET", path: "/easm/v2/profile", query: { pageNumber: "0" } });
  });

  it("builds a later page", () => {
    const request = buildListProfiles(3);
    expect(request.path + renderQuery(request.query)).toBe("/easm/v2/profile?pageNumber=3");
  });

  it("rejects a negative page", () => {
    expect(() => buildListProfiles(-1)).toThrow(InputError);
  });
});

describe("buildGetProfile", () => {
  it("puts the name in the query", () => {
    expect(buildGetProfile("NewProfile")).toStrictEqual({
      method: "GET",
      path: "/easm/v2/profile",
      query: { profileName: "NewProfile" },
    });
  });

  it("encodes a name with spaces", () => {
    const request = buildGetProfile("EASM Default Profile");
    expect(request.path + renderQuery(request.query)).toBe("/easm/v2/profile?profileName=EASM%20Default%20Profile");
  });

  it("rejects a name with a control character", () => {
    expect(() => buildGetProfile("bad\u0007name")).toThrow(InputError);
  });

  it("sends an existing name outside the creation rule", () => {
    expect(buildGetProfile("Legacy/Profile-1").query).toEqual({ profileName: "Legacy/Profile-1" });
  });
});

describe("buildCreateProfile", () => {
  it("matches the release note sample", () => {
    const request = buildCreateProfile({
      name: "NewProfile1",
      defaultProfile: true,
      includeSeeds: [{ seedType: "DOMAIN", values: ["qualys.com"], enumerateSubsidiary: true, horizontalEnumeration: true }],
    });
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/easm/v2/profile");
    expect(request.query).toStrictEqual({});
    expect(request.body).toStrictEqual({
      contentType: JSON_CONTENT_TYPE,
      text:
        '{"name":"NewProfile1","defaultProfile":true,"includeSeeds":[{"seedType":"DOMAIN","seedValue":"qualys.com",' +
        '"enumerateSubsidiary":true,"horizontalEnumeration":true,"seedFilters":[]}]}',
    });
  });

  it("sends every field in wire order", () => {
    const request = buildCreateProfile({
      dryRun: true,
      easmScanAssetsScoping: { excludeTagIds: [9], excludeType: "ALL", includeTagIds: [1, 2], includeType: "ANY" },
      enableDomainSecurity: true,
      enableTyposquattedDomainGeneration: false,
      excludeDefamatoryDomain: true,
      defaultPurgeRuleFrequency: 3,
      excludeCDNAssets: true,
      enableIFAScan: false,
      excludeSeeds: [
        { seedType: "COUNTRY", values: ["CN", "RU"] },
        { seedType: "NETBLOCK", values: ["192.0.2.128/25"] },
      ],
      includeSeeds: [
        {
          seedFilters: [{ values: ["US", "CA"], seedType: "COUNTRY" }],
          seedHeading: "Main brand",
          horizontalEnumeration: true,
          enumerateSubsidiary: false,
          values: ["Example Corp", "Example Holdings"],
          seedType: "ORGANIZATION",
        },
        { seedType: "NETBLOCK", values: ["192.0.2.0/24", "198.51.100.10-198.51.100.20"] },
      ],
      defaultProfile: false,
      name: "External Assets",
    });
    expect(request.body?.text).toBe(
      "{" +
        '"name":"External Assets",' +
        '"defaultProfile":false,' +
        '"includeSeeds":[' +
        '{"seedType":"ORGANIZATION","seedValue":"Example Corp;Example Holdings","seedHeading":"Main brand",' +
        '"enumerateSubsidiary":false,"horizontalEnumeration":true,"seedFilters":[{"seedType":"COUNTRY","seedValue":"US;CA"}]},' +
        '{"seedType":"NETBLOCK","seedValue":"192.0.2.0/24;198.51.100.10-198.51.100.20",' +
        '"enumerateSubsidiary":false,"horizontalEnumeration":false,"seedFilters":[]}],' +
        '"excludeSeeds":[{"seedType":"COUNTRY","seedValue":"CN;RU"},{"seedType":"NETBLOCK","seedValue":"192.0.2.128/25"}],' +
        '"enableIFAScan":false,' +
        '"excludeCDNAssets":true,' +
        '"defaultPurgeRuleFrequency":3,' +
        '"excludeDefamatoryDomain":true,' +
        '"enableTyposquattedDomainGeneration":false,' +
        '"enableDomainSecurity":true,' +
        '"easmScanAssetsScoping":{"includeType":"ANY","includeTagIds":[1,2],"excludeType":"ALL","excludeTagIds":[9]}' +
        "}",
    );
  });

  it("names seed filter fields by the guessed wire form", () => {
    expect(SEED_FILTER_WIRE_FIELDS).toStrictEqual({ type: "seedType", value: "seedValue" });
  });

  it("defaults the enumeration flags to false", () => {
    const request = buildCreateProfile({ name: "Assets", includeSeeds: [{ seedType: "DOMAIN", values: ["example.com"] }] });
    expect(request.body?.text).toBe(
      '{"name":"Assets","includeSeeds":[{"seedType":"DOMAIN","seedValue":"example.com",' +
        '"enumerateSubsidiary":false,"horizontalEnumeration":false,"seedFilters":[]}]}',
    );
  });

  it("accepts the parsed tool input", () => {
    const args = z.object(createProfileShape).parse({
      name: "Assets",
      includeSeeds: [{ seedType: "NETBLOCK", values: ["192.0.2.0/24"] }],
    });
    expect(args.dryRun).toBe(false);
    expect(buildCreateProfile(args).body?.text).toBe(
      '{"name":"Assets","includeSeeds":[{"seedType":"NETBLOCK","seedValue":"192.0.2.0/24",' +
        '"enumerateSubsidiary":false,"horizontalEnumeration":false,"seedFilters":[]}]}',
    );
  });

  it("rejects a rule violation", () => {
    const build = () => buildCreateProfile({ name: "Assets", includeSeeds: [{ seedType: "DOMAIN", values: ["www.example.org"] }] });
    expect(build).toThrow(InputError);
    expect(build).toThrow('includeSeeds[0].values[0]: "www.example.org" is a subdomain');
  });
});

describe("buildUpdateProfile", () => {
  it("matches the release note sample", () => {
    const request = buildUpdateProfile({
      profileName: "NewProfile1",
      includeSeeds: [{ seedType: "DOMAIN", values: ["accenture.com"], enumerateSubsidiary: true, horizontalEnumeration: true }],
    });
    expect(request.method).toBe("PUT");
    expect(request.path).toBe("/easm/v2/profile/NewProfile1");
    expect(request.query).toStrictEqual({});
    expect(request.body).toStrictEqual({
      contentType: JSON_CONTENT_TYPE,
      text:
        '{"name":"NewProfile1","includeSeeds":[{"seedType":"DOMAIN","seedValue":"accenture.com",' +
        '"enumerateSubsidiary":true,"horizontalEnumeration":true,"seedFilters":[]}],"excludeSeeds":[]}',
    });
  });

  it("renames and encodes the old name", () => {
    const request = buildUpdateProfile({
      profileName: "Old Name",
      name: "New Name",
      includeSeeds: [{ seedType: "ASN", values: ["AS13335"] }],
      excludeSeeds: [{ seedType: "CITY", values: ["Kansas City"] }],
    });
    expect(request.path).toBe("/easm/v2/profile/Old%20Name");
    expect(request.body?.text).toBe(
      '{"name":"New Name","includeSeeds":[{"seedType":"ASN","seedValue":"AS13335",' +
        '"enumerateSubsidiary":false,"horizontalEnumeration":false,"seedFilters":[]}],' +
        '"excludeSeeds":[{"seedType":"CITY","seedValue":"Kansas City"}]}',
    );
  });

  it("rejects a rule violation", () => {
    const build = () =>
      buildUpdateProfile({ profileName: "NewProfile1", includeSeeds: [{ seedType: "NETBLOCK", values: ["192.0.2.0/24"], enumerateSubsidiary: true }] });
    expect(build).toThrow("includeSeeds[0].enumerateSubsidiary: true is not allowed on a NETBLOCK seed");
  });
});

describe("buildPatchProfile", () => {
  it("matches the release note sample", () => {
    const request = buildPatchProfile({
      profileName: "NewProfile",
      includeSeeds: [{ seedType: "DOMAIN", values: ["accenture.com"], enumerateSubsidiary: true, horizontalEnumeration: true }],
    });
    expect(request.method).toBe("PATCH");
    expect(request.path).toBe("/easm/v2/profile/NewProfile");
    expect(request.query).toStrictEqual({});
    expect(request.body).toStrictEqual({
      contentType: JSON_CONTENT_TYPE,
      text:
        '{"name":"NewProfile","includeSeeds":[{"seedType":"DOMAIN","seedValue":"accenture.com",' +
        '"enumerateSubsidiary":true,"horizontalEnumeration":true,"seedFilters":[]}]}',
    });
  });

  it("sends only the given fields", () => {
    const request = buildPatchProfile({ profileName: "EASM Default Profile", enableIFAScan: false, dryRun: true });
    expect(request.path).toBe("/easm/v2/profile/EASM%20Default%20Profile");
    expect(request.body?.text).toBe('{"name":"EASM Default Profile","enableIFAScan":false}');
  });

  it("sends an empty exclusion list", () => {
    const request = buildPatchProfile({ profileName: "NewProfile", excludeSeeds: [] });
    expect(request.body?.text).toBe('{"name":"NewProfile","excludeSeeds":[]}');
  });

  it("sends the new name", () => {
    const request = buildPatchProfile({ profileName: "NewProfile", name: "Renamed" });
    expect(request.path).toBe("/easm/v2/profile/NewProfile");
    expect(request.body?.text).toBe('{"name":"Renamed"}');
  });

  it("rejects a patch without changes", () => {
    expect(() => buildPatchProfile({ profileName: "NewProfile" })).toThrow("changes nothing");
  });
});

describe("buildDeleteProfile", () => {
  it("puts the name in the query", () => {
    expect(buildDeleteProfile("NewProfile")).toStrictEqual({
      method: "DELETE",
      path: "/easm/v2/profile",
      query: { profileName: "NewProfile" },
    });
  });

  it("rejects an invalid name", () => {
    expect(() => buildDeleteProfile("")).toThrow('profileName: "" is empty.');
  });
});

describe("buildSetProfileActive", () => {
  it("deactivates a name with spaces", () => {
    const request = buildSetProfileActive("EASM Default Profile", false);
    expect(request).toStrictEqual({
      method: "PATCH",
      path: "/easm/v2/profile/activate/EASM%20Default%20Profile",
      query: { activate: "false" },
    });
    expect(request.path + renderQuery(request.query)).toBe("/easm/v2/profile/activate/EASM%20Default%20Profile?activate=false");
  });

  it("activates a profile", () => {
    const request = buildSetProfileActive("EASM Default Profile", true);
    expect(request.path + renderQuery(request.query)).toBe("/easm/v2/profile/activate/EASM%20Default%20Profile?activate=true");
  });

  it("rejects an empty name", () => {
    expect(() => buildSetProfileActive("", true)).toThrow(InputError);
  });

  it("encodes a slash so the name stays one path segment", () => {
    expect(buildSetProfileActive("a/b", true).path).toBe("/easm/v2/profile/activate/a%2Fb");
  });
});

describe("buildDiscoveryStatus", () => {
  it("asks for every profile", () => {
    expect(buildDiscoveryStatus()).toStrictEqual({ method: "GET", path: "/easm/v2/profile/status", query: {} });
  });

  it("asks for one profile", () => {
    const request = buildDiscoveryStatus("EASM Default Profile");
    expect(request.path + renderQuery(request.query)).toBe("/easm/v2/profile/status?profileName=EASM%20Default%20Profile");
  });

  it("rejects an empty name", () => {
    expect(() => buildDiscoveryStatus("")).toThrow(InputError);
  });
});
