/**
 * Rules for a single seed value, by seed type. Every check throws InputError with the
 * value's field path, the value and a fix, so nothing that breaks a rule reaches the
 * gateway.
 */
import { domainToASCII } from "node:url";
import type countriesModule from "i18n-iso-countries";
import type ipaddrModule from "ipaddr.js";
import type * as tldtsModule from "tldts";
import { lazyRequire } from "../lazy-require.js";

const countries = lazyRequire<typeof countriesModule>("i18n-iso-countries");
const ipaddr = lazyRequire<typeof ipaddrModule>("ipaddr.js");
const tldts = lazyRequire<typeof tldtsModule>("tldts");
const parseDomain: typeof tldts.parse = (url, options) => tldts.parse(url, options);
import { InputError } from "../gateway/errors.js";

/**
 * Every seed type this server sends. The release note names DOMAIN, NETBLOCK and
 * CERTSUBJECT for includeSeeds and CITY and COUNTRY for exclusions and filters.
 * NOTE: ASN and ORGANIZATION are seed types in the Qualys UI, but no API document shows
 * their enum strings. These spellings are a guess in the style of the documented ones.
 */
export const SEED_TYPES = ["DOMAIN", "NETBLOCK", "CERTSUBJECT", "ASN", "ORGANIZATION", "CITY", "COUNTRY"] as const;
export type SeedType = (typeof SEED_TYPES)[number];

/** Maximum characters in one seed value, from the EASM profile page of the Qualys UI documentation. */
export const MAX_SEED_VALUE_LENGTH = 4000;

/** Separator between the values of one seed in the wire's `seedValue`. */
export const SEED_VALUE_SEPARATOR = ";";

/** C0 and C1 control characters, plus the Unicode line and paragraph separators. */
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u;

/** Wildcards that the Qualys UI documentation rules out for every seed and filter type. */
const WILDCARD = /[*?]/u;

/** One DNS label: 1 to 63 letters, digits or hyphens, with no hyphen at either end. */
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/iu;
const MAX_DOMAIN_LENGTH = 253;

/** An ASN seed is "AS" followed by 1 to 6 digits (Qualys UI documentation). */
const ASN_PATTERN = /^AS[0-9]{1,6}$/u;
const MAX_ASN_DIGITS = 6;

const NETBLOCK_FORMS =
  'Write a single address ("192.0.2.10"), a CIDR block ("192.0.2.0/24") or a range of two addresses of one family ("192.0.2.10-192.0.2.20")';

/**
 * Checks one seed value against the rules that apply to every seed type and then
 * against the rules of its type. Throws InputError on the first violation.
 */
export function validateSeedValue(seedType: SeedType, value: string, path: string): void {
  validateCommonValueRules(seedType, value, path);

  switch (seedType) {
    case "DOMAIN":
      validateDomain(value, path);
      break;
    case "NETBLOCK":
      parseNetblock(value, path);
      break;
    case "ASN":
      validateAsn(value, path);
      break;
    case "COUNTRY":
      validateCountry(value, path);
      break;
    case "CERTSUBJECT":
    case "ORGANIZATION":
    case "CITY":
      // Free text: only the common rules apply.
      break;
  }
}

/**
 * Returns the form of a valid value that two equal values share, for finding duplicates:
 * the canonical address text for NETBLOCK values and the lower-case text for the rest.
 */
export function seedValueKey(seedType: SeedType, value: string): string {
  if (seedType === "NETBLOCK") {
    return parseNetblock(value, "").key;
  }
  return value.toLowerCase();
}

/** Returns the first control character in `text` as "U+000A", or undefined when there is none. */
export function findControlCharacter(text: string): string | undefined {
  const match = CONTROL_CHARACTER.exec(text);
  if (!match) return undefined;
  return "U+" + match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
}

function validateCommonValueRules(seedType: SeedType, value: string, path: string): void {
  if (value.length === 0) {
    throw new InputError(path, value, "is empty", "Remove the empty value or give one.");
  }
  if (value.length > MAX_SEED_VALUE_LENGTH) {
    throw new InputError(
      path,
      value,
      `is ${value.length} characters long, but a seed value may have at most ${MAX_SEED_VALUE_LENGTH}`,
      "Shorten the value.",
    );
  }

  const control = findControlCharacter(value);
  if (control) {
    throw new InputError(path, value, `contains the control character ${control}`, "Remove it.");
  }

  if (value.includes(SEED_VALUE_SEPARATOR)) {
    const parts = value
      .split(SEED_VALUE_SEPARATOR)
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
    throw new InputError(
      path,
      value,
      `contains "${SEED_VALUE_SEPARATOR}", which separates values on the wire`,
      `Give each value as its own item of values: ${JSON.stringify(parts)}.`,
    );
  }

  const wildcard = WILDCARD.exec(value);
  if (wildcard) {
    throw new InputError(
      path,
      value,
      `contains the wildcard "${wildcard[0]}", but seeds take no wildcards`,
      wildcardFix(seedType, value),
    );
  }

  if (value.trim() !== value) {
    throw new InputError(path, value, "has leading or trailing spaces", `Use ${JSON.stringify(value.trim())}.`);
  }
}

function wildcardFix(seedType: SeedType, value: string): string {
  if (seedType === "DOMAIN") {
    const withoutWildcards = value.replace(/^(?:[*?]+\.)+/u, "");
    const registrable = parseDomain(withoutWildcards).domain;
    if (registrable && !WILDCARD.test(registrable)) {
      return `Give the registrable domain without a wildcard: "${registrable}".`;
    }
  }
  return "Remove the wildcard and give the exact value.";
}

// ---------------------------------------------------------------- DOMAIN

/**
 * Accepts only a registrable domain: one label directly under a public suffix of the
 * ICANN section of the public suffix list (tldts), for example "example.co.uk". The case
 * of the letters does not matter. Private suffixes such as "github.io" are not used,
 * so "user.github.io" counts as a subdomain of "github.io".
 */
function validateDomain(value: string, path: string): void {
  if (isIpAddressOrBlock(value)) {
    throw new InputError(path, value, "is an IP address, not a domain", "Put it in a NETBLOCK seed instead.");
  }

  if (/[^\u0000-\u007F]/u.test(value)) {
    const ascii = domainToASCII(value);
    const fix = ascii
      ? `Write the internationalized domain in its ASCII (punycode) form: "${parseDomain(ascii).domain ?? ascii}".`
      : "Write the internationalized domain in its ASCII (punycode) form.";
    throw new InputError(path, value, "contains non-ASCII characters", fix);
  }

  if (/[/:@]/u.test(value)) {
    const registrable = parseDomain(value).domain;
    const fix = registrable ? `Use "${registrable}".` : 'Give a registrable domain such as "example.com".';
    throw new InputError(path, value, "is a URL or a host with a port, not a domain name", fix);
  }

  if (value.endsWith(".")) {
    const registrable = parseDomain(value).domain ?? value.slice(0, -1);
    throw new InputError(path, value, "ends with a dot", `Use "${registrable}".`);
  }

  const labels = value.split(".");
  if (value.length > MAX_DOMAIN_LENGTH || !labels.every((label) => DOMAIN_LABEL.test(label))) {
    throw new InputError(
      path,
      value,
      `is not a valid domain name, because each dot-separated label must be 1 to 63 letters, digits or hyphens with no hyphen at either end, and the name at most ${MAX_DOMAIN_LENGTH} characters`,
      'Give a registrable domain such as "example.com".',
    );
  }

  const lowerCase = value.toLowerCase();
  const parsed = parseDomain(lowerCase, { allowPrivateDomains: false });
  if (!parsed.isIcann) {
    throw new InputError(
      path,
      value,
      "does not end in a top-level domain of the public suffix list",
      'Check the spelling. EASM discovers internet domains, so internal names such as "corp.local" cannot be seeds.',
    );
  }
  if (parsed.domain === null) {
    throw new InputError(
      path,
      value,
      "is a public suffix, not a registrable domain",
      `Give the domain registered under it, such as "example.${parsed.publicSuffix}".`,
    );
  }
  if (parsed.domain !== lowerCase) {
    throw new InputError(
      path,
      value,
      "is a subdomain, but a DOMAIN seed takes only the registrable domain",
      `Use "${parsed.domain}".`,
    );
  }
}

function isIpAddressOrBlock(value: string): boolean {
  return parseAddress(value) !== undefined || ipaddr.isValidCIDR(value);
}

// ---------------------------------------------------------------- NETBLOCK

type Address = ipaddrModule.IPv4 | ipaddrModule.IPv6;

/**
 * Parses one address in a strict form: IPv4 as four decimal numbers (ipaddr.isValid
 * would also take legacy forms such as "10" or "0x1.2.3.4"), IPv6 without a zone index.
 */
function parseAddress(text: string): Address | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return ipaddr.IPv4.parse(text);
  }
  if (!text.includes("%") && ipaddr.IPv6.isValid(text)) {
    return ipaddr.IPv6.parse(text);
  }
  return undefined;
}

function addressKey(address: Address): string {
  return address.kind() === "ipv6" ? (address as ipaddrModule.IPv6).toNormalizedString() : address.toString();
}

function compareAddresses(left: Address, right: Address): number {
  const leftBytes = left.toByteArray();
  const rightBytes = right.toByteArray();
  for (let index = 0; index < leftBytes.length; index += 1) {
    const difference = leftBytes[index]! - rightBytes[index]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Parses a NETBLOCK value (address, CIDR block or range) and returns its duplicate key. */
function parseNetblock(value: string, path: string): { key: string } {
  if (value.includes("-")) return parseRange(value, path);
  if (value.includes("/")) return parseCidr(value, path);

  const address = parseAddress(value);
  if (!address) {
    throw new InputError(path, value, "is not a valid IP address, CIDR block or range", `${NETBLOCK_FORMS}.`);
  }
  return { key: addressKey(address) };
}

function parseCidr(value: string, path: string): { key: string } {
  const parts = value.split("/");
  const address = parts.length === 2 ? parseAddress(parts[0]!) : undefined;
  const prefixText = parts[1] ?? "";
  if (!address || !/^(?:0|[1-9][0-9]{0,2})$/u.test(prefixText)) {
    throw new InputError(path, value, "is not a valid CIDR block", `${NETBLOCK_FORMS}.`);
  }

  const prefix = Number(prefixText);
  const maxPrefix = address.kind() === "ipv4" ? 32 : 128;
  if (prefix > maxPrefix) {
    throw new InputError(
      path,
      value,
      `has the prefix length ${prefix}, but an ${address.kind() === "ipv4" ? "IPv4" : "IPv6"} prefix is at most ${maxPrefix}`,
      "Fix the prefix length.",
    );
  }

  const network =
    address.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(value)
      : ipaddr.IPv6.networkAddressFromCIDR(value);
  if (addressKey(network) !== addressKey(address)) {
    throw new InputError(
      path,
      value,
      "has host bits set after the prefix",
      `Use the network address: "${network.toString()}/${prefix}".`,
    );
  }
  return { key: `${addressKey(address)}/${prefix}` };
}

function parseRange(value: string, path: string): { key: string } {
  const parts = value.split("-");
  const first = parts.length === 2 ? parseAddress(parts[0]!.trim()) : undefined;
  const last = parts.length === 2 ? parseAddress(parts[1]!.trim()) : undefined;
  if (!first || !last) {
    throw new InputError(path, value, "is not a valid IP address range", `${NETBLOCK_FORMS}.`);
  }

  const compact = `${parts[0]!.trim()}-${parts[1]!.trim()}`;
  if (compact !== value) {
    throw new InputError(path, value, 'has spaces around "-"', `Use "${compact}".`);
  }
  if (first.kind() !== last.kind()) {
    throw new InputError(
      path,
      value,
      "mixes an IPv4 and an IPv6 address",
      "Give a range whose two ends are of the same family.",
    );
  }
  if (compareAddresses(first, last) > 0) {
    throw new InputError(
      path,
      value,
      "starts after it ends",
      `Put the lower address first: "${parts[1]!.trim()}-${parts[0]!.trim()}".`,
    );
  }
  return { key: `${addressKey(first)}-${addressKey(last)}` };
}

// ---------------------------------------------------------------- ASN

function validateAsn(value: string, path: string): void {
  if (ASN_PATTERN.test(value)) return;

  const digits = /^(?:AS)?\s*([0-9]+)$/iu.exec(value)?.[1];
  if (digits !== undefined && digits.length > MAX_ASN_DIGITS) {
    throw new InputError(
      path,
      value,
      `has ${digits.length} digits, but an ASN seed takes "AS" followed by 1 to ${MAX_ASN_DIGITS} digits`,
      "Check the number. Qualys EASM accepts ASNs of at most 6 digits.",
    );
  }
  const fix = digits !== undefined ? `Use "AS${digits}".` : 'Write "AS" followed by the number, for example "AS13335".';
  throw new InputError(path, value, `is not "AS" followed by 1 to ${MAX_ASN_DIGITS} digits`, fix);
}

// ---------------------------------------------------------------- COUNTRY

/**
 * Accepts an upper-case ISO 3166-1 alpha-2 code that i18n-iso-countries lists. Lower-case
 * codes, alpha-3 codes, numeric codes and country names are rejected with the alpha-2 code
 * suggested, so the request carries the code exactly as written.
 */
function validateCountry(value: string, path: string): void {
  if (/^[A-Z]{2}$/u.test(value) && countries.isValid(value)) return;

  const code = suggestCountryCode(value);
  if (code !== undefined && code === value.toUpperCase()) {
    throw new InputError(
      path,
      value,
      "is not in upper case, but a COUNTRY value is an upper-case ISO 3166-1 alpha-2 code",
      `Use "${code}".`,
    );
  }
  const fix =
    code !== undefined
      ? `Use "${code}" (${countries.getName(code, "en") ?? code}).`
      : 'Give a two-letter code such as "US" or "DE".';
  throw new InputError(path, value, "is not an ISO 3166-1 alpha-2 country code", fix);
}

/** Finds the alpha-2 code for a code in another form or for a country name in any bundled language. */
function suggestCountryCode(value: string): string | undefined {
  const upperCase = value.toUpperCase();
  // "UK" is the most common mistake: the ISO code of the United Kingdom is GB.
  if (upperCase === "UK") return "GB";
  if (/^[A-Z]{2}$/u.test(upperCase)) return countries.isValid(upperCase) ? upperCase : undefined;
  if (/^[A-Z]{3}$/u.test(upperCase)) {
    const fromAlpha3 = countries.alpha3ToAlpha2(upperCase);
    if (fromAlpha3) return fromAlpha3;
  }
  if (/^[0-9]{3}$/u.test(value)) return countries.numericToAlpha2(value);

  const fromEnglish = countries.getAlpha2Code(value, "en");
  if (fromEnglish) return fromEnglish;
  for (const language of countries.langs()) {
    const code = countries.getAlpha2Code(value, language);
    if (code) return code;
  }
  return undefined;
}
