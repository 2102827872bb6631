import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequests, resultText, startCliSession, type CliSession } from "./harness.js";

const SEED = { seedType: "DOMAIN", values: ["example.org"], enumerateSubsidiary: true, horizontalEnumeration: false };

let session: CliSession;

function lastRequest() {
  const requests = apiRequests(session.sandbox);
  return requests[requests.length - 1]!;
}

beforeAll(async () => {
  session = await startCliSession({ sandbox: { profileLimit: 10 } });
});

afterAll(async () => {
  await session?.close();
});

describe("profile tools through the built CLI", () => {
  it("list_easm_profiles sends GET with pageNumber", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("list_easm_profiles", {});
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("GET");
    expect(request.path).toBe("/easm/v2/profile");
    expect(request.query).toEqual({ pageNumber: "0" });
    expect(request.headers.authorization).toMatch(/^Bearer eyJ/);
    expect(request.body).toBe("");
    const output = result.structuredContent as { pageNumber: number; hasNextPage: boolean; profiles: Array<{ name: string }> };
    expect(output.pageNumber).toBe(0);
    expect(output.hasNextPage).toBe(false);
    expect(output.profiles.map((profile) => profile.name)).toContain("EASM Default Profile");
    expect(JSON.parse(resultText(result))).toEqual(output);
  });

  it("create_easm_profile sends the exact JSON body", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("create_easm_profile", {
      name: "Acme External",
      includeSeeds: [SEED, { seedType: "NETBLOCK", values: ["203.0.113.0/24", "198.51.100.7"] }],
      excludeSeeds: [{ seedType: "COUNTRY", values: ["CN", "RU"] }],
      enableIFAScan: true,
    });
    expect(resultText(result)).not.toMatch(/failed/);
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/easm/v2/profile");
    expect(request.query).toEqual({});
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual({
      name: "Acme External",
      includeSeeds: [
        { seedType: "DOMAIN", seedValue: "example.org", enumerateSubsidiary: true, horizontalEnumeration: false, seedFilters: [] },
        { seedType: "NETBLOCK", seedValue: "203.0.113.0/24;198.51.100.7", enumerateSubsidiary: false, horizontalEnumeration: false, seedFilters: [] },
      ],
      excludeSeeds: [{ seedType: "COUNTRY", seedValue: "CN;RU" }],
      enableIFAScan: true,
    });
    expect(result.structuredContent).toMatchObject({ profileName: "Acme External", dryRun: false, status: "SAVED" });
  });

  it("get_easm_profile sends the name as a query parameter", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("get_easm_profile", { profileName: "Acme External" });
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("GET");
    expect(request.path).toBe("/easm/v2/profile");
    expect(request.query).toEqual({ profileName: "Acme External" });
    const profile = (result.structuredContent as { profile: Record<string, unknown> }).profile;
    expect(profile.name).toBe("Acme External");
    expect(profile.active).toBe(true);
    expect(profile.includeSeeds).toEqual([
      { seedType: "DOMAIN", values: ["example.org"], enumerateSubsidiary: true, horizontalEnumeration: false },
      { seedType: "NETBLOCK", values: ["203.0.113.0/24", "198.51.100.7"], enumerateSubsidiary: false, horizontalEnumeration: false },
    ]);
    expect(profile.excludeSeeds).toEqual([{ seedType: "COUNTRY", values: ["CN", "RU"] }]);
  });

  it("get_easm_discovery_status reads one profile's row", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("get_easm_discovery_status", { profileName: "Acme External" });
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("GET");
    expect(request.path).toBe("/easm/v2/profile/status");
    expect(request.query).toEqual({ profileName: "Acme External" });
    const statuses = (result.structuredContent as { statuses: Array<Record<string, unknown>> }).statuses;
    expect(statuses).toHaveLength(1);
    expect(statuses[0]!.profileName).toBe("Acme External");
    expect(statuses[0]!.status).toBe("Scheduled");
    expect(statuses[0]!).not.toHaveProperty("discoveryFailedOn");
  });

  it("get_easm_discovery_status without a name reads every row", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("get_easm_discovery_status", {});
    expect(lastRequest().query).toEqual({});
    const statuses = (result.structuredContent as { statuses: Array<{ profileName: string }> }).statuses;
    expect(statuses.map((row) => row.profileName)).toContain("EASM Default Profile");
  });

  it("set_easm_profile_active encodes the name in the path", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("set_easm_profile_active", { profileName: "Acme External", active: false });
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("PATCH");
    expect(request.path).toBe("/easm/v2/profile/activate/Acme%20External");
    expect(request.query).toEqual({ activate: "false" });
    expect(request.body).toBe("");
    expect(result.structuredContent).toMatchObject({ status: "DEACTIVATED", dryRun: false });
  });

  it("patch_easm_profile sends the name and the changed fields only", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("patch_easm_profile", { profileName: "Acme External", enableIFAScan: false });
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("PATCH");
    expect(request.path).toBe("/easm/v2/profile/Acme%20External");
    expect(JSON.parse(request.body)).toEqual({ name: "Acme External", enableIFAScan: false });
    expect(result.structuredContent).toMatchObject({ status: "UPDATED" });
  });

  it("update_easm_profile replaces the whole profile", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("update_easm_profile", {
      profileName: "Acme External",
      includeSeeds: [{ seedType: "ASN", values: ["AS64500"] }],
    });
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("PUT");
    expect(request.path).toBe("/easm/v2/profile/Acme%20External");
    expect(JSON.parse(request.body)).toEqual({
      name: "Acme External",
      includeSeeds: [{ seedType: "ASN", seedValue: "AS64500", enumerateSubsidiary: false, horizontalEnumeration: false, seedFilters: [] }],
      excludeSeeds: [],
    });
    const profile = await session.call("get_easm_profile", { profileName: "Acme External" });
    expect((profile.structuredContent as { profile: { excludeSeeds: unknown[] } }).profile.excludeSeeds).toEqual([]);
  });

  it("dryRun returns the request and sends nothing", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("create_easm_profile", { name: "Preview Only", includeSeeds: [SEED], dryRun: true });
    expect(result.isError).toBeFalsy();
    expect(apiRequests(session.sandbox)).toHaveLength(0);
    expect(result.structuredContent).toEqual({
      profileName: "Preview Only",
      dryRun: true,
      request: {
        method: "POST",
        path: "/easm/v2/profile",
        query: {},
        contentType: "application/json",
        body: {
          name: "Preview Only",
          includeSeeds: [{ seedType: "DOMAIN", seedValue: "example.org", enumerateSubsidiary: true, horizontalEnumeration: false, seedFilters: [] }],
        },
      },
    });
  });

  it("delete_easm_profile without confirm sends nothing", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("delete_easm_profile", { profileName: "Acme External" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('confirm: "" is missing, so nothing was deleted. Ask the user to confirm the deletion, then call again with confirm set to "Acme External".');
    expect(apiRequests(session.sandbox)).toHaveLength(0);
  });

  it("delete_easm_profile with a wrong confirm sends nothing", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("delete_easm_profile", { profileName: "Acme External", confirm: "acme external" });
    expect(result.isError).toBe(true);
    expect(apiRequests(session.sandbox)).toHaveLength(0);
  });

  it("delete_easm_profile with confirm sends DELETE", async () => {
    session.sandbox.clearRequests();
    const result = await session.call("delete_easm_profile", { profileName: "Acme External", confirm: "Acme External" });
    expect(result.isError).toBeFalsy();
    const request = lastRequest();
    expect(request.method).toBe("DELETE");
    expect(request.path).toBe("/easm/v2/profile");
    expect(request.query).toEqual({ profileName: "Acme External" });
    expect(result.structuredContent).toMatchObject({ deleted: true, confirmedBy: "confirm", status: "DELETED" });
  });

  it("an unknown profile gives a not-found error naming it", async () => {
    const result = await session.call("get_easm_profile", { profileName: "No Such Profile" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/HTTP 404/);
  });

  it("a page past the end is an empty page, not an error", async () => {
    const result = await session.call("list_easm_profiles", { pageNumber: 5 });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ pageNumber: 5, hasNextPage: false, profiles: [] });
  });
});

describe("delete_easm_profile with elicitation", () => {
  it("deletes after the user accepts", async () => {
    const asked: string[] = [];
    const elicitSession = await startCliSession({
      elicit: (message) => {
        asked.push(message);
        return { action: "accept", content: { confirm: true } };
      },
    });
    try {
      const result = await elicitSession.call("delete_easm_profile", { profileName: "EASM Default Profile" });
      expect(result.isError).toBeFalsy();
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain('"EASM Default Profile"');
      expect(result.structuredContent).toMatchObject({ deleted: true, confirmedBy: "user" });
      expect(apiRequests(elicitSession.sandbox).filter((request) => request.method === "DELETE")).toHaveLength(1);
    } finally {
      await elicitSession.close();
    }
  });

  it("sends nothing when the user declines", async () => {
    const elicitSession = await startCliSession({ elicit: () => ({ action: "decline" }) });
    try {
      const result = await elicitSession.call("delete_easm_profile", { profileName: "EASM Default Profile", confirm: "EASM Default Profile" });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ deleted: false });
      expect(apiRequests(elicitSession.sandbox).filter((request) => request.method === "DELETE")).toHaveLength(0);
    } finally {
      await elicitSession.close();
    }
  });
});
