import { describe, expect, it } from "vitest";
import { InputError, formatValue } from "../../src/gateway/errors.js";
import {
  MAX_PROFILE_NAME_LENGTH,
  validateCreateProfile,
  validatePageNumber,
  validatePatchProfile,
  validateProfileName,
  validateUpdateProfile,
  type CreateProfileInput,
  type ExcludeSeedInput,
  type IncludeSeedInput,
} from "../../src/easm/index.js";

/** A rule violation: the input, and the path, value and fix the error must name. */
interface RejectCase {
  title: string;
  input: CreateProfileInput;
  path: string;
  value: unknown;
  fix: string;
}

function profile(includeSeeds: unknown[], extra: Partial<CreateProfileInput> = {}): CreateProfileInput {
  return { name: "External Assets", includeSeeds: includeSeeds as IncludeSeedInput[], ...extra };
}

function seed(seedType: string, values: string[], extra: Record<string, unknown> = {}): IncludeSeedInput {
  return { seedType, values, ...extra } as IncludeSeedInput;
}

function exclusion(seedType: string, values: string[], extra: Record<string, unknown> = {}): ExcludeSeedInput {
  return { seedType, values, ...extra } as ExcludeSeedInput;
}

const domain = seed("DOMAIN", ["example.com"]);

function withExclusions(...excludeSeeds: ExcludeSeedInput[]): CreateProfileInput {
  return profile([domain], { excludeSeeds });
}

function captureInputError(action: () => void): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError, but nothing was thrown");
}

const acceptedInputs: { title: string; input: CreateProfileInput }[] = [
  { title: "name with single spaces", input: profile([domain], { name: "EASM Default Profile" }) },
  { title: "name with underscore and digits", input: profile([domain], { name: "ext_assets_2" }) },
  { title: `name of ${MAX_PROFILE_NAME_LENGTH} characters`, input: profile([domain], { name: "a".repeat(MAX_PROFILE_NAME_LENGTH) }) },
  { title: "registrable domain", input: profile([seed("DOMAIN", ["example.com"])]) },
  { title: "domain under a two-label suffix", input: profile([seed("DOMAIN", ["example.co.uk"])]) },
  { title: "domain in mixed case", input: profile([seed("DOMAIN", ["Example.COM"])]) },
  { title: "punycode domain", input: profile([seed("DOMAIN", ["xn--bcher-kva.de"])]) },
  { title: "domain with both flags", input: profile([seed("DOMAIN", ["example.com"], { enumerateSubsidiary: true, horizontalEnumeration: true })]) },
  { title: "organization with both flags", input: profile([seed("ORGANIZATION", ["Example Corp"], { enumerateSubsidiary: true, horizontalEnumeration: true })]) },
  { title: "netblock with flags false", input: profile([seed("NETBLOCK", ["192.0.2.10"], { enumerateSubsidiary: false, horizontalEnumeration: false })]) },
  { title: "IPv4 address", input: profile([seed("NETBLOCK", ["192.0.2.10"])]) },
  { title: "IPv4 CIDR block", input: profile([seed("NETBLOCK", ["192.0.2.0/24"])]) },
  { title: "IPv4 range", input: profile([seed("NETBLOCK", ["192.0.2.10-192.0.2.20"])]) },
  { title: "range of one address", input: profile([seed("NETBLOCK", ["192.0.2.10-192.0.2.10"])]) },
  { title: "IPv6 address", input: profile([seed("NETBLOCK", ["2001:db8::1"])]) },
  { title: "IPv6 CIDR block", input: profile([seed("NETBLOCK", ["2001:db8::/32"])]) },
  { title: "IPv6 range", input: profile([seed("NETBLOCK", ["2001:db8::1-2001:db8::ff"])]) },
  { title: "certificate subject", input: profile([seed("CERTSUBJECT", ["CN=shop.example.com, O=Example Corp"])]) },
  { title: "ASN of one digit", input: profile([seed("ASN", ["AS1"])]) },
  { title: "ASN of six digits", input: profile([seed("ASN", ["AS999999"])]) },
  { title: "value of 4000 characters", input: profile([seed("ORGANIZATION", ["x".repeat(4000)])]) },
  { title: "same value under two seed types", input: profile([seed("DOMAIN", ["example.com"]), seed("CERTSUBJECT", ["example.com"])]) },
  { title: "country codes", input: withExclusions(exclusion("COUNTRY", ["US", "DE", "GB"])) },
  { title: "city with spaces", input: withExclusions(exclusion("CITY", ["Kansas City"])) },
  { title: "exclusion inside an included block", input: profile([seed("NETBLOCK", ["192.0.2.0/24"])], { excludeSeeds: [exclusion("NETBLOCK", ["192.0.2.10"])] }) },
  { title: "empty exclusion list", input: withExclusions() },
  { title: "seed heading and filters", input: profile([seed("ORGANIZATION", ["Example Corp"], { seedHeading: "Main brand", seedFilters: [{ seedType: "COUNTRY", values: ["US", "CA"] }, { seedType: "CITY", values: ["Boston"] }] })]) },
  { title: "purge frequency bounds", input: profile([domain], { defaultPurgeRuleFrequency: 10 }) },
  { title: "purge frequency zero", input: profile([domain], { defaultPurgeRuleFrequency: 0 }) },
  { title: "asset scoping", input: profile([domain], { easmScanAssetsScoping: { includeType: "ANY", includeTagIds: [1, 2], excludeType: "ALL", excludeTagIds: [3] } }) },
];

const rejectedInputs: RejectCase[] = [
  // Profile name: letters, digits, "_" and single spaces between characters.
  { title: "empty name", input: profile([domain], { name: "" }), path: "name", value: "", fix: 'Give a name such as "External Assets".' },
  { title: "name with leading space", input: profile([domain], { name: " Assets" }), path: "name", value: " Assets", fix: 'Use "Assets".' },
  { title: "name with trailing space", input: profile([domain], { name: "Assets " }), path: "name", value: "Assets ", fix: 'Use "Assets".' },
  { title: "name with double space", input: profile([domain], { name: "My  Assets" }), path: "name", value: "My  Assets", fix: 'Use "My Assets".' },
  { title: "name with hyphen", input: profile([domain], { name: "My-Profile" }), path: "name", value: "My-Profile", fix: 'Use "My_Profile".' },
  { title: "name with tab", input: profile([domain], { name: "My\tProfile" }), path: "name", value: "My\tProfile", fix: 'Use "My Profile".' },
  { title: "name over length bound", input: profile([domain], { name: "a".repeat(257) }), path: "name", value: "a".repeat(257), fix: "Use a shorter name." },

  // DOMAIN: registrable domains only.
  { title: "subdomain", input: profile([seed("DOMAIN", ["www.example.org"])]), path: "includeSeeds[0].values[0]", value: "www.example.org", fix: 'Use "example.org".' },
  { title: "subdomain under two-label suffix", input: profile([seed("DOMAIN", ["www.example.co.uk"])]), path: "includeSeeds[0].values[0]", value: "www.example.co.uk", fix: 'Use "example.co.uk".' },
  { title: "bare public suffix", input: profile([seed("DOMAIN", ["co.uk"])]), path: "includeSeeds[0].values[0]", value: "co.uk", fix: 'such as "example.co.uk"' },
  { title: "IP address as domain", input: profile([seed("DOMAIN", ["192.0.2.10"])]), path: "includeSeeds[0].values[0]", value: "192.0.2.10", fix: "Put it in a NETBLOCK seed instead." },
  { title: "IPv6 address as domain", input: profile([seed("DOMAIN", ["2001:db8::1"])]), path: "includeSeeds[0].values[0]", value: "2001:db8::1", fix: "Put it in a NETBLOCK seed instead." },
  { title: "URL as domain", input: profile([seed("DOMAIN", ["https://www.example.com/login"])]), path: "includeSeeds[0].values[0]", value: "https://www.example.com/login", fix: 'Use "example.com".' },
  { title: "domain with trailing dot", input: profile([seed("DOMAIN", ["example.com."])]), path: "includeSeeds[0].values[0]", value: "example.com.", fix: 'Use "example.com".' },
  { title: "unicode domain", input: profile([seed("DOMAIN", ["bücher.de"])]), path: "includeSeeds[0].values[0]", value: "bücher.de", fix: '"xn--bcher-kva.de"' },
  { title: "domain with unknown suffix", input: profile([seed("DOMAIN", ["corp.internal"])]), path: "includeSeeds[0].values[0]", value: "corp.internal", fix: "Check the spelling." },
  { title: "domain with underscore", input: profile([seed("DOMAIN", ["my_site.com"])]), path: "includeSeeds[0].values[0]", value: "my_site.com", fix: 'Give a registrable domain such as "example.com".' },
  { title: "wildcard domain", input: profile([seed("DOMAIN", ["*.example.com"])]), path: "includeSeeds[0].values[0]", value: "*.example.com", fix: 'Give the registrable domain without a wildcard: "example.com".' },

  // NETBLOCK: address, CIDR block or range of one family.
  { title: "IPv4 octet over 255", input: profile([seed("NETBLOCK", ["192.0.2.256"])]), path: "includeSeeds[0].values[0]", value: "192.0.2.256", fix: 'a CIDR block ("192.0.2.0/24")' },
  { title: "legacy short IPv4 form", input: profile([seed("NETBLOCK", ["10"])]), path: "includeSeeds[0].values[0]", value: "10", fix: 'a single address ("192.0.2.10")' },
  { title: "IPv6 zone index", input: profile([seed("NETBLOCK", ["fe80::1%eth0"])]), path: "includeSeeds[0].values[0]", value: "fe80::1%eth0", fix: 'a single address ("192.0.2.10")' },
  { title: "CIDR with host bits", input: profile([seed("NETBLOCK", ["192.0.2.10/24"])]), path: "includeSeeds[0].values[0]", value: "192.0.2.10/24", fix: 'Use the network address: "192.0.2.0/24".' },
  { title: "IPv6 CIDR with host bits", input: profile([seed("NETBLOCK", ["2001:db8::1/32"])]), path: "includeSeeds[0].values[0]", value: "2001:db8::1/32", fix: 'Use the network address: "2001:db8::/32".' },
  { title: "IPv4 prefix over 32", input: profile([seed("NETBLOCK", ["192.0.2.0/33"])]), path: "includeSeeds[0].values[0]", value: "192.0.2.0/33", fix: "Fix the prefix length." },
  { title: "prefix with leading zero", input: profile([seed("NETBLOCK", ["192.0.2.0/024"])]), path: "includeSeeds[0].values[0]", value: "192.0.2.0/024", fix: 'a CIDR block ("192.0.2.0/24")' },
  { title: "reversed range", input: profile([seed("NETBLOCK", ["192.0.2.20-192.0.2.10"])]), path: "includeSeeds[0].values[0]", value: "192.0.2.20-192.0.2.10", fix: 'Put the lower address first: "192.0.2.10-192.0.2.20".' },
  { title: "range of mixed families", input: profile([seed("NETBLOCK", ["192.0.2.1-2001:db8::1"])]), path: "includeSeeds[0].values[0]", value: "192.0.2.1-2001:db8::1", fix: "Give a range whose two ends are of the same family." },
  { title: "range with spaces", input: profile([seed("NETBLOCK", ["192.0.2.1 - 192.0.2.9"])]), path: "includeSeeds[0].values[0]", value: "192.0.2.1 - 192.0.2.9", fix: 'Use "192.0.2.1-192.0.2.9".' },

  // Enumeration flags: DOMAIN and ORGANIZATION only.
  { title: "netblock with subsidiaries", input: profile([seed("NETBLOCK", ["192.0.2.0/24"], { enumerateSubsidiary: true })]), path: "includeSeeds[0].enumerateSubsidiary", value: true, fix: "Leave enumerateSubsidiary out or set it to false." },
  { title: "netblock with horizontal", input: profile([seed("NETBLOCK", ["192.0.2.0/24"], { horizontalEnumeration: true })]), path: "includeSeeds[0].horizontalEnumeration", value: true, fix: "Leave horizontalEnumeration out or set it to false." },
  { title: "certsubject with subsidiaries", input: profile([seed("CERTSUBJECT", ["shop.example.com"], { enumerateSubsidiary: true })]), path: "includeSeeds[0].enumerateSubsidiary", value: true, fix: "Leave enumerateSubsidiary out or set it to false." },
  { title: "certsubject with horizontal", input: profile([seed("CERTSUBJECT", ["shop.example.com"], { horizontalEnumeration: true })]), path: "includeSeeds[0].horizontalEnumeration", value: true, fix: "Leave horizontalEnumeration out or set it to false." },
  { title: "ASN with subsidiaries", input: profile([seed("ASN", ["AS13335"], { enumerateSubsidiary: true })]), path: "includeSeeds[0].enumerateSubsidiary", value: true, fix: "Leave enumerateSubsidiary out or set it to false." },

  // Seed types allowed in each list.
  { title: "unknown include type", input: profile([seed("IP", ["192.0.2.10"])]), path: "includeSeeds[0].seedType", value: "IP", fix: "Use one of DOMAIN, NETBLOCK, CERTSUBJECT, ASN, ORGANIZATION." },
  { title: "excluded domain", input: withExclusions(exclusion("DOMAIN", ["example.org"])), path: "excludeSeeds[0].seedType", value: "DOMAIN", fix: "Remove this exclusion, or narrow the include seeds instead." },
  { title: "excluded certsubject", input: withExclusions(exclusion("CERTSUBJECT", ["shop.example.com"])), path: "excludeSeeds[0].seedType", value: "CERTSUBJECT", fix: "Remove this exclusion, or narrow the include seeds instead." },
  { title: "unknown exclude type", input: withExclusions(exclusion("CDN", ["Akamai"])), path: "excludeSeeds[0].seedType", value: "CDN", fix: "Use one of NETBLOCK, ASN, ORGANIZATION, CITY, COUNTRY." },
  { title: "exclusion with enumeration flag", input: withExclusions(exclusion("ORGANIZATION", ["Example Corp"], { enumerateSubsidiary: false })), path: "excludeSeeds[0].enumerateSubsidiary", value: false, fix: "Exclusions take only seedType and values." },

  // COUNTRY: upper-case ISO 3166-1 alpha-2.
  { title: "country name", input: withExclusions(exclusion("COUNTRY", ["Germany"])), path: "excludeSeeds[0].values[0]", value: "Germany", fix: 'Use "DE" (Germany).' },
  { title: "long country name", input: withExclusions(exclusion("COUNTRY", ["United States"])), path: "excludeSeeds[0].values[0]", value: "United States", fix: 'Use "US" (United States of America).' },
  { title: "lower-case country code", input: withExclusions(exclusion("COUNTRY", ["de"])), path: "excludeSeeds[0].values[0]", value: "de", fix: 'Use "DE".' },
  { title: "alpha-3 country code", input: withExclusions(exclusion("COUNTRY", ["DEU"])), path: "excludeSeeds[0].values[0]", value: "DEU", fix: 'Use "DE" (Germany).' },
  { title: "UK for United Kingdom", input: withExclusions(exclusion("COUNTRY", ["UK"])), path: "excludeSeeds[0].values[0]", value: "UK", fix: 'Use "GB" (United Kingdom).' },
  { title: "unknown country code", input: withExclusions(exclusion("COUNTRY", ["XX"])), path: "excludeSeeds[0].values[0]", value: "XX", fix: 'Give a two-letter code such as "US" or "DE".' },

  // ASN: "AS" and 1 to 6 digits.
  { title: "ASN without prefix", input: profile([seed("ASN", ["13335"])]), path: "includeSeeds[0].values[0]", value: "13335", fix: 'Use "AS13335".' },
  { title: "ASN in lower case", input: profile([seed("ASN", ["as13335"])]), path: "includeSeeds[0].values[0]", value: "as13335", fix: 'Use "AS13335".' },
  { title: "ASN with space", input: profile([seed("ASN", ["AS 13335"])]), path: "includeSeeds[0].values[0]", value: "AS 13335", fix: 'Use "AS13335".' },
  { title: "ASN of ten digits", input: profile([seed("ASN", ["AS4200000000"])]), path: "includeSeeds[0].values[0]", value: "AS4200000000", fix: "Qualys EASM accepts ASNs of at most 6 digits." },
  { title: "ASN as a name", input: profile([seed("ASN", ["Cloudflare"])]), path: "includeSeeds[0].values[0]", value: "Cloudflare", fix: 'Write "AS" followed by the number, for example "AS13335".' },

  // Rules for every value.
  { title: "value over 4000 characters", input: profile([seed("ORGANIZATION", ["x".repeat(4001)])]), path: "includeSeeds[0].values[0]", value: "x".repeat(4001), fix: "Shorten the value." },
  { title: "empty value", input: profile([seed("ORGANIZATION", [""])]), path: "includeSeeds[0].values[0]", value: "", fix: "Remove the empty value or give one." },
  { title: "control character", input: profile([seed("ORGANIZATION", ["Example\nCorp"])]), path: "includeSeeds[0].values[0]", value: "Example\nCorp", fix: "Remove it." },
  { title: "separator inside value", input: profile([seed("DOMAIN", ["example.com;example.org"])]), path: "includeSeeds[0].values[0]", value: "example.com;example.org", fix: 'Give each value as its own item of values: ["example.com","example.org"].' },
  { title: "star wildcard", input: profile([seed("ORGANIZATION", ["Example*"])]), path: "includeSeeds[0].values[0]", value: "Example*", fix: "Remove the wildcard and give the exact value." },
  { title: "question mark wildcard", input: withExclusions(exclusion("CITY", ["Par?s"])), path: "excludeSeeds[0].values[0]", value: "Par?s", fix: "Remove the wildcard and give the exact value." },
  { title: "surrounding spaces", input: profile([seed("ORGANIZATION", [" Example Corp "])]), path: "includeSeeds[0].values[0]", value: " Example Corp ", fix: 'Use "Example Corp".' },
  { title: "joined values over 4000", input: profile([seed("ORGANIZATION", ["a".repeat(2500), "b".repeat(2500)])]), path: "includeSeeds[0].values", value: `${"a".repeat(2500)};${"b".repeat(2500)}`, fix: "Split the values over several seeds of the same type." },
  { title: "seed without values", input: profile([seed("DOMAIN", [])]), path: "includeSeeds[0].values", value: [], fix: "Give one or more values." },
  { title: "too many values", input: profile([seed("ORGANIZATION", Array.from({ length: 501 }, (_, index) => `c${index}`))]), path: "includeSeeds[0].values", value: Array.from({ length: 501 }, (_, index) => `c${index}`), fix: "Split them over several seeds of the same type." },

  // Duplicates and contradictions.
  { title: "value repeated in one seed", input: profile([seed("DOMAIN", ["example.com", "example.com"])]), path: "includeSeeds[0].values[1]", value: "example.com", fix: "Remove one of them." },
  { title: "seed repeated in other case", input: profile([seed("DOMAIN", ["example.com"]), seed("DOMAIN", ["EXAMPLE.com"])]), path: "includeSeeds[1].values[0]", value: "EXAMPLE.com", fix: "Remove one of them." },
  { title: "IPv6 repeated in other form", input: profile([seed("NETBLOCK", ["2001:db8::1", "2001:DB8:0:0::1"])]), path: "includeSeeds[0].values[1]", value: "2001:DB8:0:0::1", fix: "Remove one of them." },
  { title: "exclusion repeated", input: withExclusions(exclusion("CITY", ["Boston"]), exclusion("CITY", ["boston"])), path: "excludeSeeds[1].values[0]", value: "boston", fix: "Remove one of them." },
  { title: "exclusion equal to inclusion", input: profile([seed("NETBLOCK", ["192.0.2.10"])], { excludeSeeds: [exclusion("NETBLOCK", ["192.0.2.10"])] }), path: "excludeSeeds[0].values[0]", value: "192.0.2.10", fix: "Remove the value from one of the two lists." },
  { title: "excluded organization also included", input: profile([seed("ORGANIZATION", ["Example Corp"])], { excludeSeeds: [exclusion("ORGANIZATION", ["example corp"])] }), path: "excludeSeeds[0].values[0]", value: "example corp", fix: "Remove the value from one of the two lists." },

  // Seed lists.
  { title: "no include seeds", input: profile([]), path: "includeSeeds", value: [], fix: "Add a seed to start discovery from." },
  { title: "too many include seeds", input: profile(Array.from({ length: 51 }, (_, index) => seed("ORGANIZATION", [`c${index}`]))), path: "includeSeeds", value: Array.from({ length: 51 }, (_, index) => seed("ORGANIZATION", [`c${index}`])), fix: "Combine values of the same type into one seed" },

  // Seed heading and filters.
  { title: "empty seed heading", input: profile([seed("DOMAIN", ["example.com"], { seedHeading: "" })]), path: "includeSeeds[0].seedHeading", value: "", fix: "Leave seedHeading out or give a heading." },
  { title: "seed heading with control", input: profile([seed("DOMAIN", ["example.com"], { seedHeading: "Main\u0007" })]), path: "includeSeeds[0].seedHeading", value: "Main\u0007", fix: "Remove it." },
  { title: "seed heading too long", input: profile([seed("DOMAIN", ["example.com"], { seedHeading: "h".repeat(257) })]), path: "includeSeeds[0].seedHeading", value: "h".repeat(257), fix: "Shorten the heading." },
  { title: "country name in filter", input: profile([seed("ORGANIZATION", ["Example Corp"], { seedFilters: [{ seedType: "COUNTRY", values: ["Germany"] }] })]), path: "includeSeeds[0].seedFilters[0].values[0]", value: "Germany", fix: 'Use "DE" (Germany).' },
  { title: "bad netblock in filter", input: profile([seed("ORGANIZATION", ["Example Corp"], { seedFilters: [{ seedType: "NETBLOCK", values: ["192.0.2.10/24"] }] })]), path: "includeSeeds[0].seedFilters[0].values[0]", value: "192.0.2.10/24", fix: 'Use the network address: "192.0.2.0/24".' },
  { title: "filter value repeated", input: profile([seed("ORGANIZATION", ["Example Corp"], { seedFilters: [{ seedType: "CITY", values: ["Boston"] }, { seedType: "CITY", values: ["Boston"] }] })]), path: "includeSeeds[0].seedFilters[1].values[0]", value: "Boston", fix: "Remove one of them." },
  { title: "unknown filter type", input: profile([seed("ORGANIZATION", ["Example Corp"], { seedFilters: [{ seedType: "DOMAIN", values: ["example.com"] }] })]), path: "includeSeeds[0].seedFilters[0].seedType", value: "DOMAIN", fix: "Use one of NETBLOCK, CITY, COUNTRY." },

  // Options.
  { title: "purge frequency over 10", input: profile([domain], { defaultPurgeRuleFrequency: 11 }), path: "defaultPurgeRuleFrequency", value: 11, fix: "Give the number of discoveries" },
  { title: "fractional purge frequency", input: profile([domain], { defaultPurgeRuleFrequency: 1.5 }), path: "defaultPurgeRuleFrequency", value: 1.5, fix: "Give the number of discoveries" },
  { title: "unknown scoping match type", input: profile([domain], { easmScanAssetsScoping: { includeType: "SOME" as "ANY" } }), path: "easmScanAssetsScoping.includeType", value: "SOME", fix: 'Use "ANY" or "ALL".' },
  { title: "tag ID zero", input: profile([domain], { easmScanAssetsScoping: { includeTagIds: [0] } }), path: "easmScanAssetsScoping.includeTagIds[0]", value: 0, fix: "Give the positive whole number that identifies the tag." },
  { title: "tag ID repeated", input: profile([domain], { easmScanAssetsScoping: { excludeTagIds: [7, 7] } }), path: "easmScanAssetsScoping.excludeTagIds[1]", value: 7, fix: "Remove one of them." },
  { title: "tag both included and excluded", input: profile([domain], { easmScanAssetsScoping: { includeTagIds: [5, 7], excludeTagIds: [7] } }), path: "easmScanAssetsScoping.excludeTagIds[0]", value: 7, fix: "Remove the tag ID from one of the two lists." },
];

describe("validateCreateProfile", () => {
  it.each(acceptedInputs)("accepts $title", ({ input }) => {
    expect(() => validateCreateProfile(input)).not.toThrow();
  });

  it.each(rejectedInputs)("rejects $title", ({ input, path, value, fix }) => {
    const error = captureInputError(() => validateCreateProfile(input));
    expect(error.path).toBe(path);
    expect(error.value).toEqual(value);
    expect(error.message).toContain(`${path}: ${formatValue(value)} `);
    expect(error.message).toContain(fix);
  });

  it("names the reason for the enumeration rule", () => {
    const error = captureInputError(() =>
      validateCreateProfile(profile([seed("NETBLOCK", ["192.0.2.0/24"], { enumerateSubsidiary: true })])),
    );
    expect(error.message).toBe(
      "includeSeeds[0].enumerateSubsidiary: true is not allowed on a NETBLOCK seed, because subsidiary and horizontal " +
        "enumeration apply to DOMAIN and ORGANIZATION seeds only. Leave enumerateSubsidiary out or set it to false.",
    );
  });

  it("names the earlier value of a duplicate", () => {
    const error = captureInputError(() =>
      validateCreateProfile(profile([seed("DOMAIN", ["example.com"]), seed("DOMAIN", ["example.com"])])),
    );
    expect(error.message).toBe('includeSeeds[1].values[0]: "example.com" repeats includeSeeds[0].values[0]. Remove one of them.');
  });

  it("names the inclusion an exclusion cancels", () => {
    const error = captureInputError(() =>
      validateCreateProfile(profile([domain, seed("ASN", ["AS13335"])], { excludeSeeds: [exclusion("ASN", ["AS13335"])] })),
    );
    expect(error.message).toContain("is also included at includeSeeds[1].values[0]");
  });

  it("explains the subdomain rule", () => {
    const error = captureInputError(() => validateCreateProfile(profile([seed("DOMAIN", ["www.example.org"])])));
    expect(error.message).toBe(
      'includeSeeds[0].values[0]: "www.example.org" is a subdomain, but a DOMAIN seed takes only the registrable domain. Use "example.org".',
    );
  });

  it("explains the lower-case country rule", () => {
    const error = captureInputError(() => validateCreateProfile(withExclusions(exclusion("COUNTRY", ["de"]))));
    expect(error.message).toContain("is not in upper case, but a COUNTRY value is an upper-case ISO 3166-1 alpha-2 code");
  });

  it("says the name bound is the server's", () => {
    const error = captureInputError(() => validateCreateProfile(profile([domain], { name: "a".repeat(300) })));
    expect(error.message).toContain("this server accepts profile names of at most 256 characters");
  });

  it("names the character a name may not contain", () => {
    const error = captureInputError(() => validateCreateProfile(profile([domain], { name: "Ext.Assets" })));
    expect(error.message).toBe(
      'name: "Ext.Assets" contains ".", but a new profile name may contain only ASCII letters (a-z, A-Z), digits, "_" and single spaces between characters. Use "Ext_Assets".',
    );
  });
});

describe("validateUpdateProfile", () => {
  it("accepts a replacement without rename", () => {
    expect(() => validateUpdateProfile({ profileName: "NewProfile1", includeSeeds: [domain] })).not.toThrow();
  });

  it("accepts a rename", () => {
    expect(() => validateUpdateProfile({ profileName: "Old Name", name: "New Name", includeSeeds: [domain] })).not.toThrow();
  });

  it("rejects a profileName with a control character", () => {
    const error = captureInputError(() => validateUpdateProfile({ profileName: "Old\u0000Name", includeSeeds: [domain] }));
    expect(error.path).toBe("profileName");
    expect(error.message).toContain("control character U+0000");
  });

  it("accepts an existing profileName outside the creation rule", () => {
    expect(() => validateUpdateProfile({ profileName: "Old/Name", name: "Old Name", includeSeeds: [domain] })).not.toThrow();
  });

  it("rejects an invalid new name", () => {
    const error = captureInputError(() =>
      validateUpdateProfile({ profileName: "Old Name", name: "New!", includeSeeds: [domain] }),
    );
    expect(error.path).toBe("name");
    expect(error.message).toContain('Use "New_".');
  });

  it("rejects missing include seeds", () => {
    const input = { profileName: "Old Name" } as Parameters<typeof validateUpdateProfile>[0];
    const error = captureInputError(() => validateUpdateProfile(input));
    expect(error.path).toBe("includeSeeds");
    expect(error.message).toContain("is missing");
  });

  it("applies the seed rules", () => {
    const error = captureInputError(() =>
      validateUpdateProfile({ profileName: "NewProfile1", includeSeeds: [seed("DOMAIN", ["shop.example.com"])] }),
    );
    expect(error.path).toBe("includeSeeds[0].values[0]");
    expect(error.message).toContain('Use "example.com".');
  });
});

describe("validatePatchProfile", () => {
  it("accepts a single option", () => {
    expect(() => validatePatchProfile({ profileName: "NewProfile", enableIFAScan: false })).not.toThrow();
  });

  it("accepts a rename alone", () => {
    expect(() => validatePatchProfile({ profileName: "NewProfile", name: "Renamed Profile" })).not.toThrow();
  });

  it("accepts clearing the exclusions", () => {
    expect(() => validatePatchProfile({ profileName: "NewProfile", excludeSeeds: [] })).not.toThrow();
  });

  it("rejects a patch without changes", () => {
    const error = captureInputError(() => validatePatchProfile({ profileName: "NewProfile", dryRun: true }));
    expect(error.path).toBe("");
    expect(error.message.startsWith('input: {"profileName":"NewProfile","dryRun":true} changes nothing.')).toBe(true);
    expect(error.message).toContain("Give at least one field to change");
  });

  it("rejects a rename to the same name", () => {
    const error = captureInputError(() => validatePatchProfile({ profileName: "NewProfile", name: "NewProfile" }));
    expect(error.message).toContain("changes nothing");
  });

  it("rejects an empty include list", () => {
    const error = captureInputError(() => validatePatchProfile({ profileName: "NewProfile", includeSeeds: [] }));
    expect(error.path).toBe("includeSeeds");
  });

  it("applies the exclusion rules", () => {
    const error = captureInputError(() =>
      validatePatchProfile({ profileName: "NewProfile", excludeSeeds: [exclusion("COUNTRY", ["France"])] }),
    );
    expect(error.path).toBe("excludeSeeds[0].values[0]");
    expect(error.message).toContain('Use "FR" (France).');
  });

  it("applies the option rules", () => {
    const error = captureInputError(() => validatePatchProfile({ profileName: "NewProfile", defaultPurgeRuleFrequency: -1 }));
    expect(error.path).toBe("defaultPurgeRuleFrequency");
  });
});

describe("validateProfileName", () => {
  it("uses the given path", () => {
    const error = captureInputError(() => validateProfileName("bad-name", "profileName"));
    expect(error.message).toBe(
      'profileName: "bad-name" contains "-", but a new profile name may contain only ASCII letters (a-z, A-Z), digits, "_" and single spaces between characters. Use "bad_name".',
    );
  });

  it("accepts the default profile name", () => {
    expect(() => validateProfileName("EASM Default Profile", "profileName")).not.toThrow();
  });

  it("suggests no name for spaces only", () => {
    const error = captureInputError(() => validateProfileName("   ", "profileName"));
    expect(error.message).toContain('Give a name such as "External Assets".');
  });
});

describe("validatePageNumber", () => {
  it.each([0, 1, 1000])("accepts %d", (pageNumber) => {
    expect(() => validatePageNumber(pageNumber)).not.toThrow();
  });

  it.each([-1, 1.5, 1001, Number.NaN])("rejects %d", (pageNumber) => {
    const error = captureInputError(() => validatePageNumber(pageNumber));
    expect(error.path).toBe("pageNumber");
    expect(error.message).toContain("Give the page to return, counted from 0.");
  });
});
