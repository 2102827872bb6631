/**
 * Builds the installed-software list of a synthetic asset. The list has two parts. The first
 * is products of SOFTWARE chosen by asset kind: web servers, databases, browsers and other
 * products with a risk history. The second is the common software of the asset's platform,
 * hardware and agent, which makes the list as long as a real inventory's. The finished list
 * is sorted by name.
 */
import {
  REQUIRED_SOFTWARE,
  SOFTWARE,
  SOFTWARE_BY_KIND,
  type AssetKind,
  type HardwareProduct,
  type OsProduct,
  type SoftwareProduct,
  type SoftwareVersion,
} from "./catalog.js";
import { CLOUD_AGENT_KEYS, COMMON_SOFTWARE, COMMON_SOFTWARE_BY_PLATFORM, REQUIRED_SOFTWARE_KEYS } from "./common-software.js";
import type { AssetTimes } from "./generator.js";
import { buildLifecycle, isoTime, lifecycleStage } from "./lifecycle.js";
import { hashString, type SeededRandom } from "./random.js";
import type { Lifecycle, Software } from "./record.js";

/**
 * Copies a catalog product with every optional field present, so that all products share one
 * object shape and the code that reads them for each entry stays fast.
 */
function withUniformShape(product: SoftwareProduct): SoftwareProduct {
  return {
    key: product.key,
    fullName: product.fullName,
    productName: product.productName,
    publisher: product.publisher,
    category: product.category,
    softwareType: product.softwareType,
    discoveredName: product.discoveredName,
    cpeVendorProduct: product.cpeVendorProduct,
    cpeType: product.cpeType,
    installPath: product.installPath,
    language: product.language,
    versions: product.versions,
    architecture: product.architecture,
    versionsByGeneration: product.versionsByGeneration,
    bundle: product.bundle,
  };
}

const SOFTWARE_BY_KEY = new Map<string, SoftwareProduct>([...SOFTWARE, ...COMMON_SOFTWARE].map((product) => [product.key, withUniformShape(product)]));

/** Share of an agent's software list that other sources report. */
const SOFTWARE_PRESENCE_BY_SOURCE: Record<string, number> = { "Passive Sensor": 0.3, "IP Scanner": 0.6 };

/**
 * Share of the common software that each source reports. An agent lists every installed
 * product, and a scan with host credentials most of them (the share is an estimate). Other
 * sources report none: a passive sensor observes only products that talk on the network, which
 * SOFTWARE_BY_KIND covers, and EASM only what a banner reveals.
 */
const COMMON_SOFTWARE_PRESENCE_BY_SOURCE: Record<string, number> = { "Cloud Agent": 1, "IP Scanner": 0.5 };

/** Probability that the software of an asset's hardware vendor or hypervisor is installed. */
const VENDOR_SOFTWARE_PROBABILITY = 0.95;

function productByKey(key: string): SoftwareProduct {
  const product = SOFTWARE_BY_KEY.get(key);
  if (product === undefined) throw new Error(`Software key "${key}" is missing from the software catalogs`);
  return product;
}

interface Candidate {
  product: SoftwareProduct;
  probability: number;
}

/** Products of each product's bundle, resolved once so that a missing key fails at load. */
const BUNDLED_PRODUCTS = new Map<SoftwareProduct, readonly SoftwareProduct[]>(
  [...SOFTWARE_BY_KEY.values()].filter((product) => product.bundle !== undefined).map((product) => [product, (product.bundle ?? []).map(productByKey)]),
);

/** SOFTWARE products that have a bundle, by full name, to find the product of a tracked entry. */
const BUNDLING_PRODUCTS = new Map(SOFTWARE.filter((product) => product.bundle !== undefined).map((product) => [product.fullName, productByKey(product.key)]));

/** COMMON_SOFTWARE_BY_PLATFORM with the keys resolved once, so a missing key fails at load. */
const COMMON_CANDIDATES = new Map<string, readonly Candidate[]>(
  Object.entries(COMMON_SOFTWARE_BY_PLATFORM).map(([platform, rules]) => [platform, rules.map(([key, probability]) => ({ product: productByKey(key), probability }))]),
);

/** Returns a signed number shaped like the API's 64-bit software ids (about 19 digits). */
function softwareId(random: SeededRandom): number {
  const magnitude = 1e18 + Math.floor(random.next() * 8e18);
  return random.chance(0.5) ? -magnitude : magnitude;
}

/** Builds the entries of the products in SOFTWARE_BY_KIND that the asset has. */
export function buildSoftwareList(kind: AssetKind, source: string, times: AssetTimes, random: SeededRandom): Software[] {
  const list: Software[] = [];
  // A passive sensor observes only network traffic and a network scan only what services reveal, so both report fewer products than an agent.
  const presenceFactor = SOFTWARE_PRESENCE_BY_SOURCE[source] ?? 1;
  for (const [key, probability] of SOFTWARE_BY_KIND[kind]) {
    if (!random.chance(probability * presenceFactor)) continue;
    const product = SOFTWARE_BY_KEY.get(key);
    if (product === undefined) continue;
    list.push(buildSoftware(product, kind, source, times, random));
  }
  return list;
}

/**
 * Values of a software release's entries that are the same on every asset. Entries copy them
 * from this one object shape rather than from the catalog objects, whose shapes vary, because
 * V8 reads fields of objects of many shapes more slowly and an asset has dozens of entries.
 */
interface ReleaseFacts {
  release: SoftwareVersion;
  fullName: string;
  softwareType: string;
  category: string;
  productName: string;
  publisher: string;
  version: string;
  update: string | null;
  architecture: string;
  installPath: string | null;
  language: string | null;
  discoveredName: string;
  cpeType: string;
  cpe: string;
  cpeId: number;
  category1: string;
  category2: string;
  marketVersion: string;
  /** Release date in epoch milliseconds; -Infinity when unknown. */
  gaMs: number;
  /**
   * Lifecycle block at `lifecycleReferenceMs` when the release is in GA stage then, else null.
   * A GA block depends only on the release, so every asset shares one frozen object.
   */
  gaLifecycle: Lifecycle | null;
  lifecycleReferenceMs: number;
}

const releaseFactsCache = new Map<SoftwareVersion, ReleaseFacts>();

function releaseFacts(product: SoftwareProduct, release: SoftwareVersion): ReleaseFacts {
  let facts = releaseFactsCache.get(release);
  if (facts === undefined) {
    const cpe = `cpe:2.3:a:${product.cpeVendorProduct}:${release.cpeVersion ?? release.version}:${release.cpeUpdate ?? "*"}:*:*:*:*:*:*`;
    const [category1, category2] = product.category.split(" / ") as [string, string];
    facts = {
      release,
      fullName: product.fullName,
      softwareType: product.softwareType,
      category: product.category,
      productName: product.productName,
      publisher: product.publisher,
      version: release.version,
      update: release.cpeUpdate ?? null,
      architecture: product.architecture ?? "x86_64",
      installPath: product.installPath,
      language: product.language,
      discoveredName: product.discoveredName,
      cpeType: product.cpeType,
      cpe,
      cpeId: 31_000_000 + (hashString(cpe) % 900_000_000),
      category1,
      category2,
      marketVersion: release.version.split(".").slice(0, 2).join("."),
      gaMs: release.gaDate === null ? Number.NEGATIVE_INFINITY : Date.parse(release.gaDate),
      gaLifecycle: null,
      lifecycleReferenceMs: Number.NaN,
    };
    releaseFactsCache.set(release, facts);
  }
  return facts;
}

/** Returns the lifecycle block of a release: the shared one in GA stage, else a new one with a random detection score. */
function softwareLifecycle(facts: ReleaseFacts, referenceMs: number, random: SeededRandom): Lifecycle {
  const release = facts.release;
  const confidence = release.confidence ?? "Exact";
  if (facts.lifecycleReferenceMs !== referenceMs) {
    const ga = lifecycleStage(release.eolDate, release.eosDate, referenceMs) === "GA";
    // A GA block draws no random number, so building it here leaves the random stream as it was.
    facts.gaLifecycle = ga ? Object.freeze(buildLifecycle(release, confidence, referenceMs, random)) : null;
    facts.lifecycleReferenceMs = referenceMs;
  }
  return facts.gaLifecycle ?? buildLifecycle(release, confidence, referenceMs, random);
}

/** Values of one software entry that differ between assets. */
interface EntryDetails {
  id: number;
  source: string;
  lastUpdated: string;
  installDate: string | null;
  lifecycle: Lifecycle;
  authorization: string | null;
  authorizationDetectionScore: number | null;
  /** True when EASM found the product from the internet, which reveals no install details. */
  internetDetected: boolean;
}

function softwareEntry(facts: ReleaseFacts, details: EntryDetails): Software {
  const internetDetected = details.internetDetected;
  return {
    id: details.id,
    discoverySources: details.source,
    fullName: facts.fullName,
    softwareType: facts.softwareType,
    isIgnored: false,
    ignoredReason: null,
    category: facts.category,
    category1: facts.category1,
    category2: facts.category2,
    productName: facts.productName,
    component: null,
    publisher: facts.publisher,
    edition: null,
    marketVersion: facts.marketVersion,
    version: facts.version,
    update: facts.update,
    architecture: internetDetected ? null : facts.architecture,
    installDate: details.installDate,
    installPath: internetDetected ? null : facts.installPath,
    lastUpdated: details.lastUpdated,
    lastUseDate: null,
    language: facts.language,
    formerlyKnownAs: null,
    isPackage: false,
    isPackageComponent: false,
    packageName: null,
    productUrl: null,
    lifecycle: details.lifecycle,
    supportStageDesc: null,
    license: null,
    authorization: details.authorization,
    discoveredPublisher: internetDetected ? null : facts.publisher,
    discoveredName: internetDetected ? facts.productName : facts.discoveredName,
    discoveredVersion: facts.version,
    authorizationDetectionScore: details.authorizationDetectionScore,
    cpeId: facts.cpeId,
    cpe: facts.cpe,
    cpeType: facts.cpeType,
  };
}

function buildSoftware(product: SoftwareProduct, kind: AssetKind, source: string, times: AssetTimes, random: SeededRandom): Software {
  // The core random stream of the asset continues after this entry, so changing the order of
  // these draws (release, install time, authorization, id, lifecycle) changes every later value.
  const release = random.pick(product.versions);
  const facts = releaseFacts(product, release);
  const installMs = times.createdMs + random.next() * Math.max(0, times.modifiedMs - times.createdMs);
  const unauthorized = kind === "workstation" && (product.key === "vlc" || product.key === "7zip") && random.chance(0.3);
  let authorization: string | null = kind === "easm" ? null : "Authorized";
  if (unauthorized) authorization = "Unauthorized";
  const internetDetected = kind === "easm";
  const id = softwareId(random);
  const lifecycle = softwareLifecycle(facts, times.referenceMs, random);
  return softwareEntry(facts, {
    id,
    source,
    lastUpdated: times.modified,
    installDate: internetDetected ? null : isoTime(installMs),
    lifecycle,
    authorization,
    authorizationDetectionScore: unauthorized ? 50 : null,
    internetDetected,
  });
}

/** Facts of an asset that decide its common software. */
export interface CommonSoftwareInput {
  kind: AssetKind;
  os: OsProduct;
  hardware: HardwareProduct;
  /** Primary discovery source of the asset. */
  source: string;
  /** Version of the Qualys Cloud Agent that reports the asset, or null without one. */
  agentVersion: string | null;
  times: AssetTimes;
  /** Entries of SOFTWARE products already on the asset; their bundles are added. */
  tracked: readonly Software[];
}

/** Number of install times the common software of one asset shares. */
const INSTALL_TIMES = 3;

/** Adds entries for common software to one asset's list. */
class CommonSoftwareList {
  readonly entries: Software[] = [];
  /**
   * Install times that the entries share, ascending: the asset's first inventory and two later
   * update runs, because software comes in batches (provisioning, patch days).
   */
  private readonly installMs: readonly number[];
  private readonly installDates: readonly string[];

  constructor(
    private readonly input: CommonSoftwareInput,
    private readonly random: SeededRandom,
  ) {
    const { createdMs, modifiedMs } = input.times;
    const span = Math.max(0, modifiedMs - createdMs);
    const first = createdMs + random.next() * span;
    const second = createdMs + random.next() * span;
    this.installMs = [createdMs, Math.min(first, second), Math.max(first, second)];
    this.installDates = this.installMs.map(isoTime);
  }

  /** Adds `product` and the products of its bundle, unless no release of it had come out by the asset's last inventory. */
  add(product: SoftwareProduct): void {
    const release = this.chooseRelease(product);
    if (release === undefined) return;
    this.addRelease(releaseFacts(product, release));
    if (product.bundle !== undefined) this.addBundle(product, release);
  }

  /** Adds the products of `product`'s bundle, each at the position of `release` in its versions. */
  addBundle(product: SoftwareProduct, release: SoftwareVersion): void {
    const bundle = BUNDLED_PRODUCTS.get(product);
    if (bundle === undefined) return;
    const position = product.versions.indexOf(release);
    for (const bundled of bundle) {
      const bundledRelease = bundled.versions[position];
      if (bundledRelease === undefined) continue;
      const facts = releaseFacts(bundled, bundledRelease);
      if (facts.gaMs <= this.input.times.modifiedMs) this.addRelease(facts);
    }
  }

  /** Adds the agent's own entry, with the release whose version the agent reports. */
  addAgent(product: SoftwareProduct, agentVersion: string): void {
    const release = product.versions.find((candidate) => candidate.version === agentVersion) ?? (product.versions[product.versions.length - 1] as SoftwareVersion);
    this.addRelease(releaseFacts(product, release));
  }

  private chooseRelease(product: SoftwareProduct): SoftwareVersion | undefined {
    const versions = product.versions;
    let release: SoftwareVersion;
    if (product.versionsByGeneration === true) release = versions[this.input.os.packageGeneration] as SoftwareVersion;
    else release = versions.length === 1 ? (versions[0] as SoftwareVersion) : this.random.pick(versions);
    if (this.isReleased(product, release)) return release;

    // An inventory cannot list a release that came out after it, so take the newest earlier one.
    let fallback: SoftwareVersion | undefined;
    for (const candidate of versions) {
      if (!this.isReleased(product, candidate)) continue;
      if (fallback === undefined || releaseFacts(product, candidate).gaMs > releaseFacts(product, fallback).gaMs) fallback = candidate;
    }
    return fallback;
  }

  private isReleased(product: SoftwareProduct, release: SoftwareVersion): boolean {
    return releaseFacts(product, release).gaMs <= this.input.times.modifiedMs;
  }

  /** Picks one of the install times at or after the release date, or the last inventory when none is. */
  private installDateFor(gaMs: number): string {
    let index = this.random.int(0, INSTALL_TIMES - 1);
    while (index < INSTALL_TIMES && (this.installMs[index] as number) < gaMs) index++;
    return index < INSTALL_TIMES ? (this.installDates[index] as string) : this.input.times.modified;
  }

  private addRelease(facts: ReleaseFacts): void {
    const random = this.random;
    const times = this.input.times;
    const installDate = this.installDateFor(facts.gaMs);
    const id = softwareId(random);
    const lifecycle = softwareLifecycle(facts, times.referenceMs, random);
    this.entries.push(
      softwareEntry(facts, {
        id,
        source: this.input.source,
        lastUpdated: times.modified,
        installDate,
        lifecycle,
        authorization: "Authorized",
        authorizationDetectionScore: null,
        internetDetected: false,
      }),
    );
  }
}

/**
 * Builds the common software of an asset: its platform's pool, the bundles of its tracked
 * products, its vendor's tools, the Qualys Cloud Agent when one reports, and every required
 * product (REQUIRED_SOFTWARE). Call removeMissingSoftware afterwards to drop the required
 * products the asset lacks.
 */
export function buildCommonSoftware(input: CommonSoftwareInput, random: SeededRandom): Software[] {
  const { kind, os, hardware, source } = input;
  const presence = COMMON_SOFTWARE_PRESENCE_BY_SOURCE[source] ?? 0;
  const family = os.family;
  if (kind === "easm" || kind === "network-device" || presence === 0 || (family !== "windows" && family !== "linux")) return [];

  const list = new CommonSoftwareList(input, random);
  for (const candidate of COMMON_CANDIDATES.get(os.softwarePlatform) ?? []) {
    if (random.chance(candidate.probability * presence)) list.add(candidate.product);
  }
  for (const entry of input.tracked) {
    const product = BUNDLING_PRODUCTS.get(entry.fullName);
    const release = product?.versions.find((candidate) => candidate.version === entry.version);
    if (product !== undefined && release !== undefined) list.addBundle(product, release);
  }
  for (const key of hardware.vendorSoftware?.[family] ?? []) {
    if (random.chance(VENDOR_SOFTWARE_PROBABILITY * presence)) list.add(productByKey(key));
  }
  if (input.agentVersion !== null) list.addAgent(productByKey(CLOUD_AGENT_KEYS[family]), input.agentVersion);
  for (const name of REQUIRED_SOFTWARE[family]) {
    const key = REQUIRED_SOFTWARE_KEYS[name];
    if (key !== undefined && random.chance(presence)) list.add(productByKey(key));
  }
  return list.entries;
}

const REQUIRED_FULL_NAMES = new Map(Object.entries(REQUIRED_SOFTWARE_KEYS).map(([name, key]) => [name, productByKey(key).fullName]));

/**
 * Removes the entries of required products that `missingSoftware` names, so that no product
 * is both installed and missing. The removed products are always in GA stage with no
 * detection score, so a risk score computed before the removal stays right.
 */
export function removeMissingSoftware(software: Software[], missingSoftware: readonly string[]): Software[] {
  if (missingSoftware.length === 0) return software;
  const missing = new Set<string>();
  for (const name of missingSoftware) {
    const fullName = REQUIRED_FULL_NAMES.get(name);
    if (fullName !== undefined) missing.add(fullName);
  }
  return missing.size === 0 ? software : software.filter((entry) => !missing.has(entry.fullName));
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Position of each catalog full name in name order. */
const NAME_RANKS = new Map([...new Set([...SOFTWARE, ...COMMON_SOFTWARE].map((product) => product.fullName))].sort(compareText).map((name, rank) => [name, rank]));

/** Scratch table of sortSoftware, indexed by rank; all null between calls. Generation is synchronous, so one table serves every call. */
const rankSlots = new Array<Software | null>(NAME_RANKS.size).fill(null);

/**
 * Returns the list sorted by full name, then version, as an inventory lists it, so that
 * tracked products do not cluster at the start. A full name normally occurs once per asset,
 * so placing each entry at the rank of its name sorts the list in linear time, which matters
 * when a filter scan builds 100,000 assets. A repeated or unknown name falls back to a
 * comparison sort.
 */
export function sortSoftware(software: Software[]): Software[] {
  let complete = true;
  for (const entry of software) {
    const rank = NAME_RANKS.get(entry.fullName);
    if (rank === undefined || rankSlots[rank] !== null) {
      complete = false;
      break;
    }
    rankSlots[rank] = entry;
  }
  // Collecting the slots in rank order also resets them to null for the next call.
  const sorted: Software[] = [];
  for (let rank = 0; rank < rankSlots.length; rank++) {
    const entry = rankSlots[rank];
    if (entry === null || entry === undefined) continue;
    sorted.push(entry);
    rankSlots[rank] = null;
  }
  return complete ? sorted : software.sort((a, b) => compareText(a.fullName, b.fullName) || compareText(a.version, b.version));
}
