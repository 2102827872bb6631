import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  changeEnvelopeShape,
  discoveryStatusSummaryShape,
  parseChangeEnvelope,
  profileListSummaryShape,
  profileSummaryShape,
  statusRowShape,
  summarizeDiscoveryStatus,
  summarizeProfile,
  summarizeProfileList,
  summarizeStatusRow,
} from "../../src/easm/index.js";

// Sample responses from the Qualys CSAM API release note for the EASM profile v2 API, with
// the missing commas after "active" added.
const listResponse = {
  hasNextPage: false,
  profile: [
    {
      name: "NewProfile",
      includeSeeds: [
        {
          seedType: "DOMAIN",
          seedValue: "qualys.com",
          seedHeading: null,
          enumerateSubsidiary: true,
          horizontalEnumeration: true,
          seedFilters: [],
        },
      ],
      excludeSeeds: [{ seedType: "CITY", seedValue: "string" }],
      enableIFAScan: false,
      active: true,
      profileTagName: "NewProfile2",
    },
    {
      name: "NewProfile2",
      includeSeeds: [
        {
          seedType: "DOMAIN",
          seedValue: "qualys.com",
          seedHeading: null,
          enumerateSubsidiary: true,
          horizontalEnumeration: true,
          seedFilters: [],
        },
      ],
      excludeSeeds: [],
      enableIFAScan: false,
      active: true,
      profileTagName: "NewProfile2",
    },
  ],
};

const singleProfileResponse = {
  hasNextPage: false,
  profile: [
    {
      name: "NewProfile",
      includeSeeds: [
        {
          seedType: "DOMAIN",
          seedValue: "qualys.com",
          seedHeading: null,
          enumerateSubsidiary: true,
          horizontalEnumeration: true,
          seedFilters: [],
        },
      ],
      excludeSeeds: [{ seedType: "CITY", seedValue: "string" }],
      enableIFAScan: false,
      active: true,
      profileTagName: "NewProfile",
    },
  ],
};

const allStatusResponse = [
  {
    profileName: "NewProfile",
    lastConfiguredOn: "2024-01-15 11:06:43",
    status: "Scheduled",
    nextScheduledSyncOn: null,
    discoveryStartedAt: null,
    discoveryFailedOn: null,
    lastDiscoveryCompletedOn: null,
  },
  {
    profileName: "NewProfile1",
    lastConfiguredOn: "2024-01-15 11:17:02",
    status: "Scheduled",
    nextScheduledSyncOn: null,
    discoveryStartedAt: null,
    discoveryFailedOn: null,
    lastDiscoveryCompletedOn: null,
  },
];

const changeResponses = [
  { code: "201", status: "SAVED", date: "2024-01-15 10:08:53", message: "Profile Created Successfully: " },
  { code: "200", status: "UPDATED", date: "2024-01-15 10:59:08", message: "Profile Updated Successfully" },
  { code: "200", status: "DELETED", date: "2024-01-15 11:05:42", message: "Deleted profile data" },
  { code: "200", status: "ACTIVATED", date: "2024-01-24 07:04:49", message: "Profile updated successfully." },
  { code: "200", status: "DEACTIVATED", date: "2024-01-24 07:06:16", message: "Profile updated successfully." },
];

const newProfileSummary = {
  name: "NewProfile",
  active: true,
  tagName: "NewProfile",
  includeSeeds: [
    { seedType: "DOMAIN", values: ["qualys.com"], enumerateSubsidiary: true, horizontalEnumeration: true },
  ],
  includeSeedCount: 1,
  excludeSeeds: [{ seedType: "CITY", values: ["string"] }],
  excludeSeedCount: 1,
  options: { enableIFAScan: false },
};

describe("summarizeProfileList", () => {
  it("summarizes the list sample", () => {
    const summary = summarizeProfileList(listResponse, 0);
    expect(summary.pageNumber).toBe(0);
    expect(summary.hasNextPage).toBe(false);
    expect(summary.profiles).toHaveLength(2);
    expect(summary.profiles[0]).toStrictEqual({ ...newProfileSummary, tagName: "NewProfile2" });
    expect(summary.profiles[1]).toStrictEqual({
      name: "NewProfile2",
      active: true,
      tagName: "NewProfile2",
      includeSeeds: newProfileSummary.includeSeeds,
      includeSeedCount: 1,
      excludeSeeds: [],
      excludeSeedCount: 0,
      options: { enableIFAScan: false },
    });
  });

  it("summarizes the single profile sample", () => {
    const summary = summarizeProfileList(singleProfileResponse, 0);
    expect(summary.profiles).toStrictEqual([newProfileSummary]);
  });

  it("matches its output shape", () => {
    const summary = summarizeProfileList(listResponse, 0);
    expect(z.strictObject(profileListSummaryShape).safeParse(summary).success).toBe(true);
  });

  it("reads a string hasNextPage", () => {
    expect(summarizeProfileList({ hasNextPage: "true", profile: [] }, 4).hasNextPage).toBe(true);
  });

  it("reads a missing hasNextPage as false", () => {
    expect(summarizeProfileList({ profile: [] }, 0).hasNextPage).toBe(false);
  });

  it("reads a bare list of profiles", () => {
    expect(summarizeProfileList([{ name: "A" }], 1).profiles[0]?.name).toBe("A");
  });

  it("returns no profiles for an unexpected response", () => {
    expect(summarizeProfileList("<html>", 0)).toStrictEqual({ pageNumber: 0, hasNextPage: false, profiles: [] });
  });
});

describe("summarizeProfile", () => {
  it("matches its output shape", () => {
    const summary = summarizeProfile(singleProfileResponse.profile[0]);
    expect(z.strictObject(profileSummaryShape).safeParse(summary).success).toBe(true);
  });

  it("returns empty lists for a non-object", () => {
    expect(summarizeProfile(null)).toStrictEqual({
      includeSeeds: [],
      includeSeedCount: 0,
      excludeSeeds: [],
      excludeSeedCount: 0,
      options: {},
    });
  });

  it("splits seed values on semicolons", () => {
    const summary = summarizeProfile({ includeSeeds: [{ seedType: "NETBLOCK", seedValue: "192.0.2.0/24; 198.51.100.7;" }] });
    expect(summary.includeSeeds[0]?.values).toStrictEqual(["192.0.2.0/24", "198.51.100.7"]);
    expect(summary.includeSeeds[0]?.valueCount).toBeUndefined();
  });

  it("caps a long value list", () => {
    const values = Array.from({ length: 120 }, (_, index) => `City ${index}`);
    const summary = summarizeProfile({ excludeSeeds: [{ seedType: "CITY", seedValue: values.join(";") }] });
    expect(summary.excludeSeeds[0]?.values).toStrictEqual(values.slice(0, 50));
    expect(summary.excludeSeeds[0]?.valueCount).toBe(120);
  });

  it("caps a long seed list", () => {
    const seeds = Array.from({ length: 60 }, (_, index) => ({ seedType: "ASN", seedValue: `AS${index + 1}` }));
    const summary = summarizeProfile({ includeSeeds: seeds });
    expect(summary.includeSeeds).toHaveLength(50);
    expect(summary.includeSeedCount).toBe(60);
  });

  it("keeps heading and filters", () => {
    const summary = summarizeProfile({
      includeSeeds: [
        {
          seedType: "ORGANIZATION",
          seedValue: "Example Corp",
          seedHeading: "Main brand",
          enumerateSubsidiary: false,
          horizontalEnumeration: false,
          seedFilters: [{ seedType: "COUNTRY", seedValue: "US;CA" }],
        },
      ],
    });
    expect(summary.includeSeeds[0]).toStrictEqual({
      seedType: "ORGANIZATION",
      values: ["Example Corp"],
      enumerateSubsidiary: false,
      horizontalEnumeration: false,
      seedHeading: "Main brand",
      seedFilters: [{ seedType: "COUNTRY", values: ["US", "CA"] }],
    });
  });

  it("reads string booleans", () => {
    const summary = summarizeProfile({
      active: "false",
      includeSeeds: [{ seedType: "DOMAIN", seedValue: "example.com", enumerateSubsidiary: "true", horizontalEnumeration: "false" }],
    });
    expect(summary.active).toBe(false);
    expect(summary.includeSeeds[0]?.enumerateSubsidiary).toBe(true);
    expect(summary.includeSeeds[0]?.horizontalEnumeration).toBe(false);
  });

  it("reads variant field names", () => {
    const summary = summarizeProfile({ profileName: "Assets", tagName: "Assets Tag", isDefault: true, enableIfaScan: true });
    expect(summary.name).toBe("Assets");
    expect(summary.tagName).toBe("Assets Tag");
    expect(summary.default).toBe(true);
    expect(summary.options.enableIFAScan).toBe(true);
  });

  it("lists only options that are set", () => {
    const summary = summarizeProfile({
      name: "Assets",
      defaultProfile: true,
      excludeCDNAssets: "true",
      defaultPurgeRuleFrequency: "3",
      excludeDefamatoryDomain: null,
      enableTyposquattedDomainGeneration: false,
      enableDomainSecurity: true,
      easmScanAssetsScoping: { includeType: "ANY", includeTagIds: [12, "13"], excludeType: null },
      unknownOption: true,
    });
    expect(summary.default).toBe(true);
    expect(summary.options).toStrictEqual({
      excludeCDNAssets: true,
      defaultPurgeRuleFrequency: 3,
      enableTyposquattedDomainGeneration: false,
      enableDomainSecurity: true,
      easmScanAssetsScoping: { includeType: "ANY", includeTagIds: [12, 13] },
    });
  });

  it("removes control characters", () => {
    const summary = summarizeProfile({ name: "Assets\u0007\n", excludeSeeds: [{ seedType: "CITY", seedValue: "Bos\u0000ton" }] });
    expect(summary.name).toBe("Assets");
    expect(summary.excludeSeeds[0]?.values).toStrictEqual(["Boston"]);
  });

  it("drops fields of the wrong type", () => {
    const summary = summarizeProfile({ name: { text: "x" }, active: "maybe", includeSeeds: "DOMAIN" });
    expect(summary).toStrictEqual({
      includeSeeds: [],
      includeSeedCount: 0,
      excludeSeeds: [],
      excludeSeedCount: 0,
      options: {},
    });
  });
});

describe("summarizeStatusRow", () => {
  it("keeps only the dates that are set", () => {
    expect(summarizeStatusRow(allStatusResponse[0])).toStrictEqual({
      profileName: "NewProfile",
      status: "Scheduled",
      lastConfiguredOn: "2024-01-15 11:06:43",
    });
  });

  it("keeps every date that is set", () => {
    const row = summarizeStatusRow({
      profileName: "Assets",
      status: "Completed",
      lastConfiguredOn: "2024-01-15 11:06:43",
      nextScheduledSyncOn: "2024-01-16 11:00:00",
      discoveryStartedAt: "2024-01-15 11:10:00",
      discoveryFailedOn: null,
      lastDiscoveryCompletedOn: "2024-01-15 12:00:00",
    });
    expect(row).toStrictEqual({
      profileName: "Assets",
      status: "Completed",
      lastConfiguredOn: "2024-01-15 11:06:43",
      nextScheduledSyncOn: "2024-01-16 11:00:00",
      discoveryStartedAt: "2024-01-15 11:10:00",
      lastDiscoveryCompletedOn: "2024-01-15 12:00:00",
    });
  });

  it("reads a variant date name", () => {
    expect(summarizeStatusRow({ profileName: "Assets", discoveryStartedOn: "2024-01-15 11:10:00" }).discoveryStartedAt).toBe(
      "2024-01-15 11:10:00",
    );
  });

  it("matches its output shape", () => {
    expect(z.strictObject(statusRowShape).safeParse(summarizeStatusRow(allStatusResponse[1])).success).toBe(true);
  });
});

describe("summarizeDiscoveryStatus", () => {
  it("summarizes the all-profiles sample", () => {
    expect(summarizeDiscoveryStatus(allStatusResponse)).toStrictEqual({
      statuses: [
        { profileName: "NewProfile", status: "Scheduled", lastConfiguredOn: "2024-01-15 11:06:43" },
        { profileName: "NewProfile1", status: "Scheduled", lastConfiguredOn: "2024-01-15 11:17:02" },
      ],
    });
  });

  it("summarizes the single-profile sample", () => {
    const summary = summarizeDiscoveryStatus([allStatusResponse[0]]);
    expect(summary.statuses).toStrictEqual([
      { profileName: "NewProfile", status: "Scheduled", lastConfiguredOn: "2024-01-15 11:06:43" },
    ]);
  });

  it("reads a single row object", () => {
    expect(summarizeDiscoveryStatus(allStatusResponse[0]).statuses).toHaveLength(1);
  });

  it("returns no rows for an unexpected response", () => {
    expect(summarizeDiscoveryStatus({ responseCode: "FAILED" })).toStrictEqual({ statuses: [] });
  });

  it("matches its output shape", () => {
    const summary = summarizeDiscoveryStatus(allStatusResponse);
    expect(z.strictObject(discoveryStatusSummaryShape).safeParse(summary).success).toBe(true);
  });
});

describe("parseChangeEnvelope", () => {
  it.each(changeResponses)("reads the $status sample", (response) => {
    expect(parseChangeEnvelope(response)).toStrictEqual({ ...response, message: response.message.trim() });
  });

  it("reads a numeric code as text", () => {
    expect(parseChangeEnvelope({ code: 200, status: "UPDATED" })).toStrictEqual({ code: "200", status: "UPDATED" });
  });

  it("returns nothing for an empty response", () => {
    expect(parseChangeEnvelope("")).toStrictEqual({});
  });

  it("matches its output shape", () => {
    expect(z.strictObject(changeEnvelopeShape).safeParse(parseChangeEnvelope(changeResponses[0])).success).toBe(true);
  });
});
