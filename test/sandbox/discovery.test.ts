import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type SandboxGateway } from "../../src/sandbox/index.js";
import { call, FakeClock, getToken, json, newProfile } from "./helpers.js";

const STEP_MS = 20_000;

describe("sandbox discovery status", () => {
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

  const status = async (name: string) => {
    const result = await call(sandbox, "GET", `/easm/v2/profile/status?profileName=${encodeURIComponent(name)}`, { token });
    expect(result.status).toBe(200);
    const rows = json(result);
    expect(rows).toHaveLength(1);
    return rows[0];
  };
  const setActive = (name: string, active: boolean) =>
    call(sandbox, "PATCH", `/easm/v2/profile/activate/${encodeURIComponent(name)}?activate=${active}`, { token });

  it("lists the starting tenant's status", async () => {
    const result = await call(sandbox, "GET", "/easm/v2/profile/status", { token });

    expect(result.status).toBe(200);
    expect(json(result)).toEqual([
      {
        profileName: "EASM Default Profile",
        lastConfiguredOn: "2024-01-15 03:59:00",
        status: "Completed",
        nextScheduledSyncOn: "2024-01-16 04:00:00",
        discoveryStartedAt: "2024-01-15 03:59:40",
        discoveryFailedOn: null,
        lastDiscoveryCompletedOn: "2024-01-15 04:00:00",
      },
      {
        profileName: "Example Subsidiaries",
        lastConfiguredOn: "2024-01-15 09:59:10",
        status: "In Progress",
        nextScheduledSyncOn: null,
        discoveryStartedAt: "2024-01-15 09:59:50",
        discoveryFailedOn: null,
        lastDiscoveryCompletedOn: null,
      },
    ]);
  });

  it("moves a new profile through every stage", async () => {
    await call(sandbox, "POST", "/easm/v2/profile", { token, json: newProfile("NewProfile") });

    expect(await status("NewProfile")).toEqual({
      profileName: "NewProfile",
      lastConfiguredOn: "2024-01-15 10:00:00",
      status: "Scheduled",
      nextScheduledSyncOn: null,
      discoveryStartedAt: null,
      discoveryFailedOn: null,
      lastDiscoveryCompletedOn: null,
    });

    clock.advance(STEP_MS - 1);
    expect((await status("NewProfile")).status).toBe("Scheduled");

    clock.advance(1);
    expect(await status("NewProfile")).toMatchObject({ status: "Queued", discoveryStartedAt: null });

    clock.advance(STEP_MS);
    expect(await status("NewProfile")).toMatchObject({ status: "In Progress", discoveryStartedAt: "2024-01-15 10:00:40", lastDiscoveryCompletedOn: null });

    clock.advance(STEP_MS);
    expect(await status("NewProfile")).toEqual({
      profileName: "NewProfile",
      lastConfiguredOn: "2024-01-15 10:00:00",
      status: "Completed",
      nextScheduledSyncOn: "2024-01-16 10:01:00",
      discoveryStartedAt: "2024-01-15 10:00:40",
      discoveryFailedOn: null,
      lastDiscoveryCompletedOn: "2024-01-15 10:01:00",
    });

    clock.advance(10 * STEP_MS);
    expect((await status("NewProfile")).status).toBe("Completed");
  });

  it("sets the dates of stages passed between reads", async () => {
    await call(sandbox, "POST", "/easm/v2/profile", { token, json: newProfile("NewProfile") });

    clock.advance(5 * STEP_MS);

    expect(await status("NewProfile")).toMatchObject({
      status: "Completed",
      discoveryStartedAt: "2024-01-15 10:00:40",
      lastDiscoveryCompletedOn: "2024-01-15 10:01:00",
    });
  });

  it("freezes while the profile is deactivated", async () => {
    await call(sandbox, "POST", "/easm/v2/profile", { token, json: newProfile("NewProfile") });
    clock.advance(2.5 * STEP_MS);
    expect((await status("NewProfile")).status).toBe("In Progress");

    await setActive("NewProfile", false);
    clock.advance(100 * STEP_MS);
    expect(await status("NewProfile")).toMatchObject({ status: "In Progress", lastDiscoveryCompletedOn: null });

    await setActive("NewProfile", true);
    clock.advance(0.5 * STEP_MS - 1);
    expect((await status("NewProfile")).status).toBe("In Progress");

    clock.advance(1);
    expect(await status("NewProfile")).toMatchObject({
      status: "Completed",
      discoveryStartedAt: "2024-01-15 10:00:40",
      // The run completes 100 steps (2000 s) later than it would have without the pause.
      lastDiscoveryCompletedOn: "2024-01-15 10:34:20",
    });
  });

  it("keeps a deactivated starting profile where it was", async () => {
    await setActive("Example Subsidiaries", false);
    clock.advance(60 * 60 * 1000);

    expect((await status("Example Subsidiaries")).status).toBe("In Progress");
  });

  it("restarts after PUT and keeps the previous completion date", async () => {
    clock.advance(60_000);
    const result = await call(sandbox, "PUT", "/easm/v2/profile/EASM%20Default%20Profile", {
      token,
      json: { ...newProfile("EASM Default Profile"), defaultProfile: true },
    });
    expect(result.status).toBe(200);

    expect(await status("EASM Default Profile")).toEqual({
      profileName: "EASM Default Profile",
      lastConfiguredOn: "2024-01-15 10:01:00",
      status: "Scheduled",
      nextScheduledSyncOn: null,
      discoveryStartedAt: "2024-01-15 03:59:40",
      discoveryFailedOn: null,
      lastDiscoveryCompletedOn: "2024-01-15 04:00:00",
    });

    clock.advance(3 * STEP_MS);
    expect(await status("EASM Default Profile")).toMatchObject({
      status: "Completed",
      discoveryStartedAt: "2024-01-15 10:01:40",
      lastDiscoveryCompletedOn: "2024-01-15 10:02:00",
      nextScheduledSyncOn: "2024-01-16 10:02:00",
    });
  });

  it("restarts after PATCH", async () => {
    clock.advance(5000);
    await call(sandbox, "PATCH", "/easm/v2/profile/EASM%20Default%20Profile", { token, json: { enableIFAScan: true } });

    expect(await status("EASM Default Profile")).toMatchObject({ status: "Scheduled", lastConfiguredOn: "2024-01-15 10:00:05" });
  });

  it("restarts frozen when the profile is deactivated", async () => {
    await setActive("EASM Default Profile", false);
    await call(sandbox, "PATCH", "/easm/v2/profile/EASM%20Default%20Profile", { token, json: { enableIFAScan: true } });
    clock.advance(10 * STEP_MS);

    expect((await status("EASM Default Profile")).status).toBe("Scheduled");
  });

  it("follows a rename", async () => {
    await call(sandbox, "PATCH", "/easm/v2/profile/Example%20Subsidiaries", { token, json: { name: "Example Group" } });

    expect((await status("Example Group")).profileName).toBe("Example Group");
  });

  it("returns 404 for an unknown name", async () => {
    const result = await call(sandbox, "GET", "/easm/v2/profile/status?profileName=Missing", { token });

    expect(result.status).toBe(404);
    expect(json(result)).toEqual({
      code: "404",
      status: "NOT_FOUND",
      date: "2024-01-15 10:00:00",
      message: 'No EASM profile named "Missing" exists. List profiles with GET /easm/v2/profile to see the names.',
    });
  });

  it("uses discoveryStepMs", async () => {
    const fast = await startSandbox({ now: clock.now, discoveryStepMs: 1000, seedProfiles: false });
    try {
      const fastToken = await getToken(fast);
      await call(fast, "POST", "/easm/v2/profile", { token: fastToken, json: newProfile("Fast") });
      clock.advance(3000);
      const rows = json(await call(fast, "GET", "/easm/v2/profile/status", { token: fastToken }));
      expect(rows).toEqual([
        {
          profileName: "Fast",
          lastConfiguredOn: "2024-01-15 10:00:00",
          status: "Completed",
          nextScheduledSyncOn: "2024-01-16 10:00:03",
          discoveryStartedAt: "2024-01-15 10:00:02",
          discoveryFailedOn: null,
          lastDiscoveryCompletedOn: "2024-01-15 10:00:03",
        },
      ]);
    } finally {
      await fast.close();
    }
  });
});
