/**
 * Asset summaries: the fields a security engineer triages by, taken from a gateway asset
 * record that often runs to hundreds of kilobytes. Every string passes through
 * sanitizeUntrusted, because the operator of the scanned host writes its hostnames,
 * banners, titles and software names. Empty fields are left out rather than sent as null.
 */
import type { AssetPage } from "./paging.js";
import {
  UNTRUSTED_DATA_NOTICE,
  type AssetSummary,
  type AssetSummaryPage,
  type OsSummary,
  type PortSummary,
  type SoftwareSummary,
} from "./output.js";
import { sanitizeUntrusted } from "./text.js";

export const MAX_SUMMARY_ADDRESSES = 10;
export const MAX_SUMMARY_OPEN_PORTS = 20;
export const MAX_SUMMARY_RISKY_SOFTWARE = 20;
export const MAX_SUMMARY_TAGS = 20;
const MAX_SOURCES_PER_ITEM = 10;
const MAX_DOMAINS = 10;

/** Maximum lengths, in code points, of the summary's strings. */
const TEXT_LIMIT = {
  name: 255,
  address: 64,
  osName: 200,
  category: 100,
  stage: 40,
  date: 40,
  protocol: 16,
  service: 100,
  source: 50,
  software: 200,
  version: 100,
  cpe: 300,
  tag: 100,
  asn: 32,
  isp: 200,
  banner: 500,
  portBanner: 200,
  title: 200,
} as const;

type JsonObject = Record<string, unknown>;

/** Builds the triage summary of one gateway asset record. A non-object gives an empty summary. */
export function summarizeAsset(raw: unknown): AssetSummary {
  const asset = asObject(raw) ?? {};
  const summary: AssetSummary = {};

  setIfPresent(summary, "id", readInteger(asset.assetId) ?? readInteger(asset.id));
  setIfPresent(summary, "name", readText(asset.assetName, TEXT_LIMIT.name) ?? readText(asset.name, TEXT_LIMIT.name));
  setIfPresent(summary, "hostname", readHostname(asset));
  addCappedList(summary, "addresses", "addressesTotal", readAddresses(asset), MAX_SUMMARY_ADDRESSES);
  setIfPresent(summary, "domain", readTextList(asset.domain, TEXT_LIMIT.name, MAX_DOMAINS));
  setIfPresent(summary, "subdomain", readTextList(asset.subdomain, TEXT_LIMIT.name, MAX_DOMAINS));
  setIfPresent(summary, "os", summarizeOs(asObject(asset.operatingSystem)));
  setIfPresent(summary, "riskScore", readNumber(asset.riskScore));
  setIfPresent(summary, "criticality", readCriticality(asset.criticality));

  const ports = listAt(asset, "openPortListData", "openPort");
  const software = listAt(asset, "softwareListData", "software");
  const sources = collectDiscoverySources(asset, ports, software);
  if (sources.length > 0) summary.discoverySources = sources;

  addCappedList(summary, "openPorts", "openPortsTotal", summarizePorts(ports), MAX_SUMMARY_OPEN_PORTS);
  const risky = [...summarizeRiskySoftware(software), ...summarizeMissingSoftware(asset.missingSoftware)];
  sortByDetectionScore(risky);
  addCappedList(summary, "riskySoftware", "riskySoftwareTotal", risky, MAX_SUMMARY_RISKY_SOFTWARE);
  if (software.length > 0) summary.softwareTotal = software.length;
  addCappedList(summary, "tags", "tagsTotal", readTags(asset.tagList), MAX_SUMMARY_TAGS);
  setIfPresent(summary, "lastUpdated", readLastUpdated(asset));

  // Fields of internet-facing assets that EASM discovered.
  // NOTE: `banner` and `title` are read from the top level of the record. No sample
  // shows where the gateway puts them.
  setIfPresent(summary, "asn", readText(asset.asn, TEXT_LIMIT.asn));
  setIfPresent(summary, "isp", readText(asset.isp, TEXT_LIMIT.isp));
  setIfPresent(summary, "banner", readText(asset.banner, TEXT_LIMIT.banner));
  setIfPresent(summary, "title", readText(asset.title, TEXT_LIMIT.title));
  return summary;
}

/** Summarises every asset of a page and adds the untrusted-data notice. */
export function summarizeAssetPage(page: AssetPage): AssetSummaryPage {
  const result: AssetSummaryPage = {
    assets: page.assets.map(summarizeAsset),
    count: page.count,
    hasMore: page.hasMore,
    untrustedData: UNTRUSTED_DATA_NOTICE,
  };
  if (page.hasMore && page.nextCursor !== undefined) result.nextCursor = page.nextCursor;
  if (page.note !== undefined) result.note = page.note;
  return result;
}

/** Reads the DNS name, else the first host name of a network interface. */
function readHostname(asset: JsonObject): string | undefined {
  const direct = readText(asset.dnsName, TEXT_LIMIT.name) ?? readText(asset.hostname, TEXT_LIMIT.name);
  if (direct !== undefined) return direct;

  for (const item of listAt(asset, "networkInterfaceListData", "networkInterface")) {
    const hostname = readText(asObject(item)?.hostname, TEXT_LIMIT.name);
    if (hostname !== undefined) return hostname;
  }
  return undefined;
}

/** Collects the asset's `address` and every interface address, without repeats, in record order. */
function readAddresses(asset: JsonObject): string[] {
  const addresses = new Set<string>();
  const add = (value: unknown) => {
    const text = readText(value, TEXT_LIMIT.address);
    if (text !== undefined) addresses.add(text);
  };

  add(asset.address);
  for (const item of listAt(asset, "networkInterfaceListData", "networkInterface")) {
    const networkInterface = asObject(item);
    if (networkInterface === undefined) continue;
    add(networkInterface.addressIpV4);
    add(networkInterface.addressIpV6);
    if (Array.isArray(networkInterface.addresses)) networkInterface.addresses.forEach(add);
  }
  return [...addresses];
}

function summarizeOs(os: JsonObject | undefined): OsSummary | undefined {
  if (os === undefined) return undefined;
  const lifecycle = asObject(os.lifecycle) ?? {};
  const summary: OsSummary = {};

  setIfPresent(summary, "name", readText(os.fullName, TEXT_LIMIT.osName) ?? readText(os.osName, TEXT_LIMIT.osName));
  setIfPresent(summary, "category", readOsCategory(os));
  setIfPresent(summary, "lifecycleStage", readText(lifecycle.stage, TEXT_LIMIT.stage));
  setIfPresent(summary, "eolDate", readDate(lifecycle.eolDate));
  setIfPresent(summary, "eosDate", readDate(lifecycle.eosDate));
  setIfPresent(summary, "detectionScore", readNumber(lifecycle.detectionScore));
  return Object.keys(summary).length > 0 ? summary : undefined;
}

/** Reads `category` when the record has it, else joins `category1 / category2`. */
function readOsCategory(os: JsonObject): string | undefined {
  const category = readText(os.category, TEXT_LIMIT.category);
  if (category !== undefined) return category;

  const parts = [readText(os.category1, TEXT_LIMIT.category), readText(os.category2, TEXT_LIMIT.category)];
  const present = parts.filter((part): part is string => part !== undefined);
  return present.length > 0 ? present.join(" / ") : undefined;
}

/** Reads the criticality score from `criticality.score` or a bare number. */
function readCriticality(value: unknown): number | undefined {
  return readNumber(value) ?? readNumber(asObject(value)?.score);
}

/**
 * Collects every discovery source named on the asset, its open ports and its software, sorted.
 * The API's samples spell the software field both `discoverySources` and
 * `discoveredSources`, so both are read.
 */
function collectDiscoverySources(asset: JsonObject, ports: unknown[], software: unknown[]): string[] {
  const sources = new Set<string>();
  const add = (value: unknown) => readSources(value).forEach((source) => sources.add(source));

  add(asset.discoverySources);
  add(asObject(asset.inventory)?.source);
  for (const item of [...ports, ...software]) {
    const entry = asObject(item);
    if (entry === undefined) continue;
    add(entry.discoverySources);
    add(entry.discoveredSources);
  }
  return [...sources].sort();
}

/** Splits a source field, a comma-separated string or a list, into clean names. */
function readSources(value: unknown): string[] {
  let items: unknown[] = [];
  if (Array.isArray(value)) items = value;
  if (typeof value === "string") items = value.split(",");

  const sources: string[] = [];
  for (const item of items) {
    const source = readText(item, TEXT_LIMIT.source);
    if (source !== undefined && !sources.includes(source)) sources.push(source);
  }
  return sources.slice(0, MAX_SOURCES_PER_ITEM);
}

/** Summarises the open ports that have a valid port number, sorted by port and protocol. */
function summarizePorts(ports: unknown[]): PortSummary[] {
  const summaries: PortSummary[] = [];
  for (const item of ports) {
    const entry = asObject(item);
    const port = readInteger(entry?.port);
    if (entry === undefined || port === undefined || port < 0 || port > 65535) continue;

    const summary: PortSummary = { port };
    setIfPresent(summary, "protocol", readText(entry.protocol, TEXT_LIMIT.protocol));
    setIfPresent(summary, "service", readText(entry.detectedService, TEXT_LIMIT.service) ?? readText(entry.description, TEXT_LIMIT.service));
    const sources = readSources(entry.discoverySources);
    if (sources.length > 0) summary.sources = sources;
    setIfPresent(summary, "banner", readPortBanner(entry, summary));
    setIfPresent(summary, "title", readText(entry.title, TEXT_LIMIT.title));
    summaries.push(summary);
  }

  return summaries.sort((a, b) => a.port - b.port || (a.protocol ?? "").localeCompare(b.protocol ?? ""));
}

/**
 * Reads the port's `banner`, else the description of an EASM-discovered port when it is
 * not the service already shown, because EASM puts the banner the internet host sent
 * there. Descriptions of internal ports only name the service, so they are left out.
 */
function readPortBanner(entry: JsonObject, summary: PortSummary): string | undefined {
  const banner = readText(entry.banner, TEXT_LIMIT.portBanner);
  if (banner !== undefined) return banner;
  if (!summary.sources?.includes("EASM")) return undefined;

  const description = readText(entry.description, TEXT_LIMIT.portBanner);
  return description !== summary.service ? description : undefined;
}

/** Summarises installed software that is at end of life or support, or that carries a detection score. */
function summarizeRiskySoftware(software: unknown[]): SoftwareSummary[] {
  const risky: SoftwareSummary[] = [];
  for (const item of software) {
    const entry = asObject(item);
    if (entry === undefined) continue;

    const summary = summarizeSoftware(entry);
    const endOfLife = summary.lifecycleStage !== undefined && isEndOfLifeStage(summary.lifecycleStage);
    const scored = summary.detectionScore !== undefined && summary.detectionScore > 0;
    if (endOfLife || scored) risky.push(summary);
  }
  return risky;
}

/** Summarises the entries of `missingSoftware`, which may be records or bare names. */
function summarizeMissingSoftware(value: unknown): SoftwareSummary[] {
  const list = Array.isArray(value) ? value : listAt(asObject(value) ?? {}, "software");
  const missing: SoftwareSummary[] = [];
  for (const item of list) {
    const entry = asObject(item);
    const summary = entry !== undefined ? summarizeSoftware(entry) : nameOnly(item);
    if (summary === undefined) continue;
    missing.push({ ...summary, missing: true });
  }
  return missing;
}

function nameOnly(value: unknown): SoftwareSummary | undefined {
  const name = readText(value, TEXT_LIMIT.software);
  return name === undefined ? undefined : { name };
}

/**
 * Picks the software fields a summary keeps. `detectionScore` is the highest of the lifecycle's
 * detection score, the entry's own detection score and its authorization detection score,
 * because each of them raises the TruRisk score.
 */
function summarizeSoftware(entry: JsonObject): SoftwareSummary {
  const lifecycle = asObject(entry.lifecycle) ?? {};
  const summary: SoftwareSummary = {};

  const name =
    readText(entry.fullName, TEXT_LIMIT.software) ??
    readText(entry.discoveredName, TEXT_LIMIT.software) ??
    readText(entry.productName, TEXT_LIMIT.software) ??
    readText(entry.name, TEXT_LIMIT.software);
  setIfPresent(summary, "name", name);
  setIfPresent(summary, "version", readText(entry.discoveredVersion, TEXT_LIMIT.version) ?? readText(entry.version, TEXT_LIMIT.version));
  setIfPresent(summary, "cpe", readText(entry.cpe, TEXT_LIMIT.cpe));
  setIfPresent(summary, "lifecycleStage", readText(lifecycle.stage, TEXT_LIMIT.stage));
  setIfPresent(summary, "eolDate", readDate(lifecycle.eolDate));
  setIfPresent(summary, "eosDate", readDate(lifecycle.eosDate));

  const scores = [lifecycle.detectionScore, entry.detectionScore, entry.authorizationDetectionScore]
    .map(readNumber)
    .filter((score): score is number => score !== undefined);
  if (scores.length > 0) summary.detectionScore = Math.max(...scores);
  return summary;
}

/** Returns true for lifecycle stages such as "EOL", "EOS", "EOL/EOS" or "Obsolete". */
function isEndOfLifeStage(stage: string): boolean {
  return /\bEO[LS]\b/i.test(stage) || /end[ -]of[ -](life|support)|obsolete/i.test(stage);
}

/** Sorts in place, highest detection score first. Entries without a score keep their order at the end. */
function sortByDetectionScore(entries: SoftwareSummary[]): void {
  entries.sort((a, b) => (b.detectionScore ?? -1) - (a.detectionScore ?? -1));
}

/** Reads tag names from `tagList.tag[]` (or a bare list), without repeats. */
function readTags(tagList: unknown): string[] {
  const list = Array.isArray(tagList) ? tagList : listAt(asObject(tagList) ?? {}, "tag");
  const names = new Set<string>();
  for (const item of list) {
    const tag = asObject(item);
    const name = tag !== undefined ? (readText(tag.tagName, TEXT_LIMIT.tag) ?? readText(tag.name, TEXT_LIMIT.tag)) : readText(item, TEXT_LIMIT.tag);
    if (name !== undefined) names.add(name);
  }
  return [...names];
}

/** Reads the inventory's last update, else the record's last change, else the sensor's last update. */
function readLastUpdated(asset: JsonObject): string | undefined {
  return (
    readTimestamp(asObject(asset.inventory)?.lastUpdated) ??
    readTimestamp(asset.lastModifiedDate) ??
    readTimestamp(asset.sensorLastUpdatedDate)
  );
}

/**
 * Reads a time as ISO 8601 text. The API sends some times, such as the inventory's, as
 * epoch milliseconds, with 0 for an event that never happened.
 */
function readTimestamp(value: unknown): string | undefined {
  if (typeof value !== "number") return readText(value, TEXT_LIMIT.date);
  if (!Number.isFinite(value) || value <= 0) return undefined;

  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Reads a lifecycle date. Midnight UTC, the form the gateway uses for whole dates, is cut to the date. */
function readDate(value: unknown): string | undefined {
  const text = readText(value, TEXT_LIMIT.date);
  if (text === undefined) return undefined;
  const wholeDate = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?Z$/.exec(text);
  return wholeDate !== null ? wholeDate[1] : text;
}

/**
 * Puts `list` into `summary[listKey]`, cut to `cap` items, and sets `summary[totalKey]` to
 * the full length when the list was cut. An empty list sets nothing.
 */
function addCappedList<K extends keyof AssetSummary, T extends keyof AssetSummary>(
  summary: AssetSummary,
  listKey: K,
  totalKey: T,
  list: NonNullable<AssetSummary[K]> & unknown[],
  cap: number,
): void {
  if (list.length === 0) return;
  summary[listKey] = list.slice(0, cap) as AssetSummary[K];
  if (list.length > cap) summary[totalKey] = list.length as AssetSummary[T];
}

function setIfPresent<O extends object, K extends keyof O>(target: O, key: K, value: O[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** Returns `object[first][second]` (or `object[first]`) when it is a list, else an empty list. */
function listAt(object: JsonObject, first: string, second?: string): unknown[] {
  const outer = object[first];
  const value = second === undefined ? outer : asObject(outer)?.[second];
  return Array.isArray(value) ? value : [];
}

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** Reads a string or a list of strings as a cleaned list without repeats, cut to `cap` items. */
function readTextList(value: unknown, maxLength: number, cap: number): string[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  const texts = new Set<string>();
  for (const item of items) {
    const text = readText(item, maxLength);
    if (text !== undefined) texts.add(text);
  }
  return texts.size > 0 ? [...texts].slice(0, cap) : undefined;
}

/** Cleans a string or formats a number. Returns undefined for anything else and for empty text. */
function readText(value: unknown, maxLength: number): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return undefined;
  const text = sanitizeUntrusted(value, maxLength);
  return text.length > 0 ? text : undefined;
}

function readNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

function readInteger(value: unknown): number | undefined {
  const number = readNumber(value);
  return number !== undefined && Number.isSafeInteger(number) ? number : undefined;
}
