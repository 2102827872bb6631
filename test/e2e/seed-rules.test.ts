import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequests, resultText, startCliSession, type CliSession } from "./harness.js";

const DOMAIN = { seedType: "DOMAIN", values: ["example.org"] };

/** Each case breaks one documented rule; the tool must name the field and the fix and send nothing. */
const CASES: Array<{ rule: string; tool: string; args: Record<string, unknown>; message: RegExp }> = [
  {
    rule: "profile name with a special character",
    tool: "create_easm_profile",
    args: { name: "Acme-External", includeSeeds: [DOMAIN] },
    message: /name: "Acme-External"/,
  },
  {
    rule: "profile name with a double space",
    tool: "create_easm_profile",
    args: { name: "Acme  External", includeSeeds: [DOMAIN] },
    message: /name: "Acme  External"/,
  },
  {
    rule: "profile name with a trailing space",
    tool: "create_easm_profile",
    args: { name: "Acme ", includeSeeds: [DOMAIN] },
    message: /name: "Acme "/,
  },
  {
    rule: "DOMAIN seed with a subdomain",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [{ seedType: "DOMAIN", values: ["www.example.org"] }] },
    message: /includeSeeds\[0\]\.values\[0\]: "www\.example\.org".*Use "example\.org"/,
  },
  {
    rule: "DOMAIN seed under a multi-part public suffix",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [{ seedType: "DOMAIN", values: ["example.co.uk", "shop.example.co.uk"] }] },
    message: /includeSeeds\[0\]\.values\[1\]: "shop\.example\.co\.uk".*Use "example\.co\.uk"/,
  },
  {
    rule: "NETBLOCK that is not an address",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [{ seedType: "NETBLOCK", values: ["203.0.113.0/33"] }] },
    message: /includeSeeds\[0\]\.values\[0\]: "203\.0\.113\.0\/33"/,
  },
  {
    rule: "NETBLOCK with enumerateSubsidiary",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [{ seedType: "NETBLOCK", values: ["203.0.113.0/24"], enumerateSubsidiary: true }] },
    message: /includeSeeds\[0\]\.enumerateSubsidiary/,
  },
  {
    rule: "CERTSUBJECT with horizontalEnumeration",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [{ seedType: "CERTSUBJECT", values: ["Example Corp"], horizontalEnumeration: true }] },
    message: /includeSeeds\[0\]\.horizontalEnumeration/,
  },
  {
    rule: "DOMAIN in excludeSeeds",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [DOMAIN], excludeSeeds: [{ seedType: "DOMAIN", values: ["example.net"] }] },
    message: /excludeSeeds\[0\]\.seedType/,
  },
  {
    rule: "CERTSUBJECT in excludeSeeds",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [DOMAIN], excludeSeeds: [{ seedType: "CERTSUBJECT", values: ["Example Corp"] }] },
    message: /excludeSeeds\[0\]\.seedType/,
  },
  {
    rule: "COUNTRY given as a name",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [DOMAIN], excludeSeeds: [{ seedType: "COUNTRY", values: ["Germany"] }] },
    message: /excludeSeeds\[0\]\.values\[0\]: "Germany".*"DE"/,
  },
  {
    rule: "ASN without the AS prefix",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [{ seedType: "ASN", values: ["13335"] }] },
    message: /includeSeeds\[0\]\.values\[0\]: "13335".*AS13335/,
  },
  {
    rule: "ASN with seven digits",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [{ seedType: "ASN", values: ["AS1234567"] }] },
    message: /includeSeeds\[0\]\.values\[0\]: "AS1234567"/,
  },
  {
    rule: "wildcard in a value",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [{ seedType: "ORGANIZATION", values: ["Example*"] }] },
    message: /includeSeeds\[0\]\.values\[0\]: "Example\*"/,
  },
  {
    rule: "control character in a value",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [{ seedType: "ORGANIZATION", values: ["Example\u0007Corp"] }] },
    message: /includeSeeds\[0\]\.values\[0\]/,
  },
  {
    rule: "value longer than 4000 characters",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [{ seedType: "ORGANIZATION", values: ["x".repeat(4001)] }] },
    message: /includeSeeds\.0\.values\.0|includeSeeds\[0\]\.values\[0\]/,
  },
  {
    rule: "semicolon inside a value",
    tool: "create_easm_profile",
    args: { name: "Acme", includeSeeds: [{ seedType: "ORGANIZATION", values: ["Example;Other"] }] },
    message: /includeSeeds\[0\]\.values\[0\]: "Example;Other"/,
  },
  {
    rule: "same rules on update",
    tool: "update_easm_profile",
    args: { profileName: "EASM Default Profile", includeSeeds: [{ seedType: "DOMAIN", values: ["mail.example.com"] }] },
    message: /includeSeeds\[0\]\.values\[0\]: "mail\.example\.com".*Use "example\.com"/,
  },
  {
    rule: "same rules on patch",
    tool: "patch_easm_profile",
    args: { profileName: "EASM Default Profile", excludeSeeds: [{ seedType: "COUNTRY", values: ["USA"] }] },
    message: /excludeSeeds\[0\]\.values\[0\]: "USA".*"US"/,
  },
  {
    rule: "control character in an existing profile name",
    tool: "set_easm_profile_active",
    args: { profileName: "bad\u0007name", active: true },
    message: /profileName: "bad\\u0007name" contains the control character U\+0007/,
  },
  {
    rule: "invalid new name on rename",
    tool: "patch_easm_profile",
    args: { profileName: "EASM Default Profile", name: "Default-Profile" },
    message: /name: "Default-Profile" contains "-"/,
  },
];

let session: CliSession;

beforeAll(async () => {
  session = await startCliSession();
});

afterAll(async () => {
  await session?.close();
});

describe("seed rules through the built CLI", () => {
  it.each(CASES)("rejects $rule and sends nothing", async ({ tool, args, message }) => {
    session.sandbox.clearRequests();
    const result = await session.call(tool, args);
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(message);
    expect(apiRequests(session.sandbox)).toHaveLength(0);
  });
});
