/**
 * The profiles a new sandbox starts with, so that a first run looks like a real tenant:
 * the default profile every subscription has, with its discovery completed, and a second
 * profile whose discovery is in progress. With the full-licence limit of 3 profiles this
 * leaves room for one more.
 */
import { DEFAULT_OPTIONAL_SETTINGS, type ProfileSettings } from "./profile-rules.js";
import type { ProfileStore } from "./profiles.js";

/** Time since the default profile's discovery completed, so its next sync lies in the future. */
const DEFAULT_PROFILE_COMPLETED_AGO_MS = 6 * 60 * 60 * 1000;

const defaultProfile: ProfileSettings = {
  ...DEFAULT_OPTIONAL_SETTINGS,
  name: "EASM Default Profile",
  defaultProfile: true,
  includeSeeds: [
    {
      seedType: "DOMAIN",
      seedValue: "example.com",
      seedHeading: null,
      enumerateSubsidiary: true,
      horizontalEnumeration: true,
      seedFilters: [],
    },
  ],
  excludeSeeds: [
    { seedType: "COUNTRY", seedValue: "AQ" },
    { seedType: "NETBLOCK", seedValue: "192.0.2.0/28" },
  ],
  excludeCDNAssets: true,
};

const subsidiariesProfile: ProfileSettings = {
  ...DEFAULT_OPTIONAL_SETTINGS,
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
    {
      seedType: "NETBLOCK",
      seedValue: "198.51.100.0/24;203.0.113.0/25",
      seedHeading: null,
      enumerateSubsidiary: false,
      horizontalEnumeration: false,
      seedFilters: [],
    },
    {
      seedType: "CERTSUBJECT",
      seedValue: "Example Corporation",
      seedHeading: null,
      enumerateSubsidiary: false,
      horizontalEnumeration: false,
      seedFilters: [],
    },
  ],
  excludeSeeds: [{ seedType: "CITY", seedValue: "Springfield" }],
  enableIFAScan: true,
  enableDomainSecurity: true,
};

/** Adds the starting profiles to `store`, as many as its profile limit allows, with discovery times relative to `now` (epoch milliseconds). */
export function addStartingProfiles(store: ProfileStore, now: number, discoveryStepMs: number): void {
  const starting = [
    // The default profile's run passed its three steps and completed some hours ago.
    { settings: defaultProfile, createdAt: now - DEFAULT_PROFILE_COMPLETED_AGO_MS - 3 * discoveryStepMs },
    // The second profile's run is halfway through its In Progress stage.
    { settings: subsidiariesProfile, createdAt: now - 2.5 * discoveryStepMs },
  ];

  // A subscription with a lower profile limit starts with fewer profiles, the default one first.
  for (const { settings, createdAt } of starting.slice(0, store.profileLimit)) {
    store.create(structuredClone(settings), { createdAt });
  }
}
