/**
 * Builds synthetic CSAM host assets. Asset `index` of a tenant depends only on the seed key,
 * the index and the reference time, so any asset can be built on demand without building
 * the others. The filterable part (AssetCore) and the descriptive rest come from separate
 * random streams, so a filter scan never has to build the descriptive rest.
 */
import {
  CLOUD_HARDWARE,
  DEPARTMENTS,
  EASM_DOMAINS,
  EASM_HOST_LABELS,
  EASM_TAG_VALUES,
  HOSTILE_TEXTS,
  LINUX_OSES,
  LOCATIONS,
  NETWORK_HARDWARE,
  NETWORK_OPERATORS,
  NETWORK_OSES,
  ORGANIZATIONS,
  PAGE_TITLES,
  PORTS,
  PORTS_BY_KIND,
  PUBLIC_PREFIXES,
  REGISTRARS,
  REQUIRED_SOFTWARE,
  SERVER_HARDWARE,
  SERVER_ROLES,
  TAGS,
  UNIDENTIFIED_HARDWARE,
  UNIDENTIFIED_OS,
  WEB_SERVER_BANNERS,
  WINDOWS_SERVER_OSES,
  WORKSTATION_HARDWARE,
  WORKSTATION_OSES,
  type AssetKind,
  type HardwareProduct,
  type OsProduct,
  type TagDefinition,
} from "./catalog.js";
import { buildHardwareLifecycle, buildLifecycle, daysBefore, isoTime } from "./lifecycle.js";
import { SeededRandom, combineKeys, hashString } from "./random.js";
import { buildCommonSoftware, buildSoftwareList, removeMissingSoftware, sortSoftware } from "./software.js";
import type { Agent, AssetCore, AssetRecord, Hardware, NetworkInterface, OpenPort, OperatingSystem, Sensor, Software, Tag, Whois } from "./record.js";

/** Inputs shared by every asset of one tenant. */
export interface GeneratorContext {
  /** 32-bit key derived from the tenant's seed string. */
  seedKey: number;
  /** "Now" of the tenant in epoch milliseconds; every date and lifecycle stage is relative to it. */
  referenceMs: number;
}

/** Stream numbers that keep the random streams of one asset independent. */
const CORE_STREAM = 1;
const DETAIL_STREAM = 2;
const COMMON_SOFTWARE_STREAM = 3;

const KIND_WEIGHTS: readonly { kind: AssetKind; weight: number }[] = [
  { kind: "workstation", weight: 36 },
  { kind: "windows-server", weight: 13 },
  { kind: "linux-server", weight: 17 },
  { kind: "cloud-instance", weight: 7 },
  { kind: "network-device", weight: 5 },
  { kind: "easm", weight: 22 },
];

/** Share of internet-facing assets that carry one hostile text somewhere. */
const HOSTILE_SHARE = 0.03;

const HOUR_MS = 3_600_000;
const WEB_PORTS = new Set([80, 443, 8080, 8443]);

/** Host name prefixes of network devices by OS category2; other devices are firewalls ("fw"). */
const NETWORK_NAME_PREFIXES: Record<string, string> = { Router: "rtr", Switch: "sw" };

/** Product names of web servers mapped to their keys in WEB_SERVER_BANNERS. */
const BANNER_KEYS: Record<string, string> = {
  "HTTP Server": "apache",
  nginx: "nginx",
  "Internet Information Services": "iis",
  Tomcat: "tomcat",
};

/** Times of one asset that most of its parts refer to; `modified` is `modifiedMs` already formatted. */
export interface AssetTimes {
  createdMs: number;
  modifiedMs: number;
  modified: string;
  referenceMs: number;
}

/** Internal facts of an asset that the descriptive part needs as well. */
interface Identity {
  kind: AssetKind;
  os: OsProduct;
  shortName: string;
  hasAgent: boolean;
}

/** Builds the filterable part of asset `index`. */
export function generateAssetCore(context: GeneratorContext, index: number, assetId: number): AssetCore {
  return buildCore(context, index, assetId).core;
}

/** Builds the complete wire record of asset `index`. */
export function generateAssetRecord(context: GeneratorContext, index: number, assetId: number): AssetRecord {
  const { core, identity } = buildCore(context, index, assetId);
  return completeRecord(context, index, core, identity);
}

function buildCore(context: GeneratorContext, index: number, assetId: number): { core: AssetCore; identity: Identity } {
  const random = new SeededRandom(combineKeys(context.seedKey, index, CORE_STREAM));
  const reference = context.referenceMs;
  const kind = random.pickWeighted(KIND_WEIGHTS).kind;
  const os = pickOs(kind, random);
  const hardwareProduct = pickHardware(kind, os, random);
  const assetUUID = random.uuid();

  // Discovery: which sensor found the asset decides the sources on its software and ports.
  const hasAgent = agentShare(kind) > 0 && random.chance(agentShare(kind));
  const primarySource = choosePrimarySource(kind, hasAgent, random);

  // Dates, newest last: created, modified, scanned.
  const createdMs = daysBefore(reference, random.int(20, 1400) + random.next());
  const modifiedMs = Math.max(createdMs, daysBefore(reference, chooseModifiedAgeDays(random)));

  const identity = buildIdentity(kind, os, random);
  const address = identity.address;

  const times: AssetTimes = { createdMs, modifiedMs, modified: isoTime(modifiedMs), referenceMs: reference };
  const software = buildSoftwareList(kind, primarySource, times, random);
  const ports = buildPorts(kind, primarySource, software, times, random);
  const interfaces = buildInterfaces(kind, identity, random);

  const agent = hasAgent ? buildAgent(os, address, reference, random) : null;
  const sensor = buildSensor(kind, primarySource, agent, createdMs, reference, random);

  const easm = kind === "easm" ? buildInternetFacts(identity.hostname, address, createdMs, random) : null;
  if (easm !== null && random.chance(HOSTILE_SHARE)) plantHostileText(random.pick(HOSTILE_TEXTS), ports, easm, random);

  const operatingSystem = buildOperatingSystem(os, createdMs, reference, random);
  const hardware = buildHardware(hardwareProduct, reference);
  const tagDefinitions = chooseTags(kind, os, operatingSystem.lifecycle.stage, hasAgent, identity, random);
  const criticality = criticalityFor(tagDefinitions, random, modifiedMs);

  // Common software draws from its own random stream, so every other value of the asset is as
  // it would be without it, except risk scores that an end-of-life common product raises.
  const softwareRandom = new SeededRandom(combineKeys(context.seedKey, index, COMMON_SOFTWARE_STREAM));
  const commonInput = { kind, os, hardware: hardwareProduct, source: primarySource, agentVersion: agent?.version ?? null, times, tracked: software };
  software.push(...buildCommonSoftware(commonInput, softwareRandom));
  const riskScore = computeRiskScore(operatingSystem, software, ports, criticality.score, random);
  const missingSoftware = chooseMissingSoftware(kind, os, hasAgent, random);
  const installedSoftware = sortSoftware(removeMissingSoftware(software, missingSoftware));

  const core: AssetCore = {
    assetId,
    assetUUID,
    hostId: kind === "easm" ? null : 1_400_000 + (combineKeys(context.seedKey, index, 7) % 8_000_000),
    lastModifiedDate: times.modified,
    agentId: hasAgent ? assetUUID : null,
    createdDate: isoTime(createdMs),
    sensorLastUpdatedDate: kind === "easm" ? null : times.modified,
    assetType: "HOST",
    address,
    dnsName: identity.dnsName,
    assetName: identity.assetName,
    netbiosName: identity.netbiosName,
    operatingSystem,
    hardware,
    openPortListData: { openPort: ports },
    networkInterfaceListData: { networkInterface: interfaces },
    softwareListData: { software: installedSoftware },
    agent,
    sensor,
    inventory: { source: primarySource, created: createdMs, lastUpdated: modifiedMs },
    activity: { source: primarySource, lastScannedDate: Math.max(sensor.lastVMScan, sensor.lastEasmScanDate, agent?.lastActivity ?? 0) },
    tagList: { tag: tagDefinitions.map(toTag) },
    lastLocation: easm?.location ?? null,
    criticality,
    riskScore,
    domain: easm?.domain ?? null,
    subdomain: easm?.subdomain ?? null,
    missingSoftware,
    whois: easm?.whois ?? null,
    organizationName: easm?.organizationName ?? null,
    isp: easm?.isp ?? null,
    asn: easm?.asn ?? null,
    easmTags: easm?.easmTags ?? null,
    hostingCategory1: easm?.hostingCategory1 ?? null,
  };
  return { core, identity: { kind, os, shortName: identity.shortName, hasAgent } };
}

function agentShare(kind: AssetKind): number {
  switch (kind) {
    case "workstation":
      return 0.85;
    case "windows-server":
    case "linux-server":
      return 0.7;
    case "cloud-instance":
      return 0.9;
    default:
      return 0;
  }
}

function passiveShare(kind: AssetKind): number {
  return kind === "workstation" || kind === "network-device" ? 0.3 : 0.1;
}

function choosePrimarySource(kind: AssetKind, hasAgent: boolean, random: SeededRandom): string {
  if (hasAgent) return "Cloud Agent";
  if (kind === "easm") return "EASM";
  return random.chance(passiveShare(kind)) ? "Passive Sensor" : "IP Scanner";
}

/** Returns how many days ago an asset last changed: within two weeks for 80% of assets, up to two years for the rest. */
function chooseModifiedAgeDays(random: SeededRandom): number {
  if (random.chance(0.8)) return random.next() * 14;
  if (random.chance(0.75)) return 15 + random.next() * 165;
  return 181 + random.next() * 540;
}

function pickOs(kind: AssetKind, random: SeededRandom): OsProduct {
  switch (kind) {
    case "workstation":
      return random.pickWeighted(WORKSTATION_OSES);
    case "windows-server":
      return random.pickWeighted(WINDOWS_SERVER_OSES);
    case "linux-server":
      return random.pickWeighted(LINUX_OSES);
    case "cloud-instance":
      return random.chance(0.3) ? random.pickWeighted(WINDOWS_SERVER_OSES) : random.pickWeighted(LINUX_OSES);
    case "network-device":
      return random.pickWeighted(NETWORK_OSES);
    case "easm":
      if (random.chance(0.45)) return UNIDENTIFIED_OS;
      return random.chance(0.7) ? random.pickWeighted(LINUX_OSES) : random.pickWeighted(WINDOWS_SERVER_OSES);
  }
}

function pickHardware(kind: AssetKind, os: OsProduct, random: SeededRandom): HardwareProduct {
  switch (kind) {
    case "workstation":
      return random.pickWeighted(WORKSTATION_HARDWARE);
    case "windows-server":
    case "linux-server":
      return random.pickWeighted(SERVER_HARDWARE);
    case "cloud-instance":
      return random.pickWeighted(CLOUD_HARDWARE);
    case "network-device": {
      const wanted = os.category2 === "Router" ? "Router" : "Firewall";
      const matching = NETWORK_HARDWARE.filter((product) => product.category2 === wanted);
      return random.pickWeighted(matching.length > 0 ? matching : NETWORK_HARDWARE);
    }
    case "easm":
      return UNIDENTIFIED_HARDWARE;
  }
}

interface IdentityFacts {
  shortName: string;
  assetName: string;
  dnsName: string | null;
  netbiosName: string | null;
  hostname: string | null;
  address: string;
  department: string | null;
}

function digits(random: SeededRandom, count: number): string {
  return String(random.int(0, 10 ** count - 1)).padStart(count, "0");
}

function buildIdentity(kind: AssetKind, os: OsProduct, random: SeededRandom): IdentityFacts {
  const internalDomain = "corp.example.com";
  switch (kind) {
    case "workstation": {
      const department = random.pick(DEPARTMENTS);
      const name = `WKS-${department}-${digits(random, 4)}`;
      const short = name.toLowerCase();
      return {
        shortName: short,
        assetName: short,
        dnsName: `${short}.${internalDomain}`,
        netbiosName: name,
        hostname: short,
        address: `10.${random.int(10, 19)}.${random.int(0, 255)}.${random.int(2, 254)}`,
        department,
      };
    }
    case "windows-server":
    case "linux-server": {
      const role = random.pick(SERVER_ROLES);
      const windows = os.family === "windows";
      const short = `${windows ? "srv" : "lnx"}-${role}-${digits(random, 2)}`;
      return {
        shortName: short,
        assetName: short,
        dnsName: `${short}.${internalDomain}`,
        netbiosName: windows ? short.toUpperCase() : null,
        hostname: short,
        address: `10.${random.int(20, 39)}.${random.int(0, 255)}.${random.int(2, 254)}`,
        department: null,
      };
    }
    case "cloud-instance": {
      const address = `172.31.${random.int(0, 255)}.${random.int(2, 254)}`;
      const short = `ip-${address.replaceAll(".", "-")}`;
      return {
        shortName: short,
        assetName: short,
        dnsName: `${short}.eu-west-1.compute.internal`,
        netbiosName: os.family === "windows" ? short.slice(0, 15).toUpperCase() : null,
        hostname: short,
        address,
        department: null,
      };
    }
    case "network-device": {
      const prefix = NETWORK_NAME_PREFIXES[os.category2] ?? "fw";
      const short = `${prefix}-${random.pick(["edge", "core", "branch", "dmz"])}-${digits(random, 2)}`;
      return {
        shortName: short,
        assetName: short,
        dnsName: `${short}.${internalDomain}`,
        netbiosName: null,
        hostname: short,
        address: `10.0.${random.int(0, 63)}.${random.int(1, 254)}`,
        department: null,
      };
    }
    case "easm": {
      const address = `${random.pick(PUBLIC_PREFIXES)}.${random.int(1, 254)}`;
      if (random.chance(0.1)) {
        return { shortName: address, assetName: address, dnsName: null, netbiosName: null, hostname: null, address, department: null };
      }
      const domain = random.pick(EASM_DOMAINS);
      let host: string;
      if (random.chance(0.08)) host = domain;
      else if (random.chance(0.15)) host = `${random.pick(EASM_HOST_LABELS)}.${random.pick(["eu", "us", "apac"])}.${domain}`;
      else if (random.chance(0.3)) host = `${random.pick(EASM_HOST_LABELS)}-${random.int(1, 40)}.${domain}`;
      else host = `${random.pick(EASM_HOST_LABELS)}.${domain}`;
      return { shortName: host, assetName: host, dnsName: host, netbiosName: null, hostname: host, address, department: null };
    }
  }
}

function buildOperatingSystem(os: OsProduct, createdMs: number, referenceMs: number, random: SeededRandom): OperatingSystem {
  const unidentified = os.family === "unidentified";
  const lifecycle = buildLifecycle(os, os.confidence, referenceMs, random, unidentified);
  const category = `${os.category1} / ${os.category2}`;
  return {
    osName: os.osName,
    fullName: os.fullName,
    category,
    category1: os.category1,
    category2: os.category2,
    productName: os.productName,
    publisher: os.publisher,
    edition: os.edition,
    marketVersion: os.marketVersion,
    version: os.version,
    update: os.update,
    architecture: os.architecture,
    lifecycle,
    taxonomy: { id: null, name: category, category1: os.category1, category2: os.category2 },
    productUrl: null,
    productFamily: os.productFamily,
    installDate: unidentified ? null : isoTime(createdMs - random.int(1, 400) * 86_400_000),
    release: os.release,
    cpeId: os.cpe === null ? null : 31_000_000 + (hashString(os.cpe) % 900_000),
    cpe: os.cpe,
    cpeType: os.cpeType,
  };
}

function buildHardware(product: HardwareProduct, referenceMs: number): Hardware {
  const category = `${product.category1} / ${product.category2}`;
  return {
    fullName: product.fullName,
    category,
    category1: product.category1,
    category2: product.category2,
    manufacturer: product.manufacturer,
    productName: product.productName,
    model: product.model,
    lifecycle: buildHardwareLifecycle(product, referenceMs),
    taxonomy: { id: null, name: category, category1: product.category1, category2: product.category2 },
    productUrl: null,
    productFamily: product.productFamily,
  };
}

function buildPorts(kind: AssetKind, source: string, software: readonly Software[], times: AssetTimes, random: SeededRandom): OpenPort[] {
  const ports: OpenPort[] = [];
  for (const [number, probability] of PORTS_BY_KIND[kind]) {
    if (random.chance(probability)) ports.push(buildPort(number, kind, source, software, times, random));
  }
  // Every internet-facing asset was found through at least one open port.
  if (kind === "easm" && ports.length === 0) ports.push(buildPort(443, kind, source, software, times, random));
  return ports;
}

function buildPort(
  number: number,
  kind: AssetKind,
  source: string,
  software: readonly Software[],
  times: AssetTimes,
  random: SeededRandom,
): OpenPort {
  const service = PORTS[number];
  if (service === undefined) throw new Error(`Port ${number} is missing from the port catalog`);
  const internetFacing = kind === "easm";
  // An agent reports listening ports itself, but a network scan also finds some of them.
  const portSource = source === "Cloud Agent" && random.chance(0.3) ? "IP Scanner" : internetFacing && random.chance(0.15) ? "IP Scanner" : source;
  const firstFoundMs = times.createdMs + random.next() * Math.max(0, times.modifiedMs - times.createdMs);
  const port: OpenPort = {
    port: number,
    description: service.description,
    protocol: service.protocol,
    detectedService: service.detectedService,
    firstFound: isoTime(firstFoundMs),
    lastUpdated: times.modified,
    authorization: null,
    detectionScore: internetFacing ? service.exposedScore : null,
    discoverySources: portSource,
  };
  if (internetFacing && WEB_PORTS.has(number)) {
    const webServer = software.find((item) => item.productName in BANNER_KEYS);
    port.description = webServer === undefined ? service.description : (WEB_SERVER_BANNERS[BANNER_KEYS[webServer.productName] as string] as string);
    port.title = random.pick(PAGE_TITLES);
  }
  return port;
}

function macAddress(random: SeededRandom, prefix: string): string {
  const hex = random.hex(6);
  return `${prefix}:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

function buildInterfaces(kind: AssetKind, identity: IdentityFacts, random: SeededRandom): NetworkInterface[] {
  if (kind === "easm") {
    const ipv6 = random.chance(0.1) ? `2001:db8:${random.hex(4)}::${random.int(1, 255).toString(16)}` : null;
    return [
      {
        hostname: identity.hostname,
        addressIpV4: identity.address,
        addressIpV6: ipv6,
        macAddress: "",
        interfaceName: "",
        dnsAddress: null,
        gatewayAddress: "",
        manufacturer: null,
        macVendorIntroDate: null,
        netmask: null,
        addresses: null,
      },
    ];
  }
  const windows = identity.netbiosName !== null;
  const primary: NetworkInterface = {
    hostname: identity.hostname,
    addressIpV4: identity.address,
    addressIpV6: random.chance(0.3) ? `fe80::${random.hex(4)}:${random.hex(4)}` : null,
    macAddress: macAddress(random, random.pick(["00:50:56", "3c:52:82", "f4:8e:38", "00:15:5d"])),
    interfaceName: interfaceNameFor(kind, windows),
    dnsAddress: "10.0.0.53",
    gatewayAddress: `${identity.address.split(".").slice(0, 3).join(".")}.1`,
    manufacturer: null,
    macVendorIntroDate: null,
    netmask: "255.255.255.0",
    addresses: null,
  };
  const list = [primary];
  if ((kind === "windows-server" || kind === "linux-server") && random.chance(0.2)) {
    list.push({
      ...primary,
      addressIpV4: `10.99.${random.int(0, 255)}.${random.int(2, 254)}`,
      addressIpV6: null,
      macAddress: macAddress(random, "00:50:56"),
      interfaceName: windows ? "Ethernet1" : "ens224",
      gatewayAddress: "",
    });
  }
  return list;
}

function interfaceNameFor(kind: AssetKind, windows: boolean): string {
  if (windows) return "Ethernet0";
  return kind === "network-device" ? "GigabitEthernet0/0/0" : "ens192";
}

function buildAgent(os: OsProduct, address: string, referenceMs: number, random: SeededRandom): Agent {
  // One agent in five has gone quiet for a week or more.
  const lastActivity = random.chance(0.8) ? referenceMs - random.int(0, 72) * HOUR_MS : daysBefore(referenceMs, random.int(7, 200));
  return {
    version: os.family === "windows" ? random.pick(["5.1.0.28", "6.0.0.41", "6.1.0.28"]) : random.pick(["6.0.0-32", "6.1.0-28", "7.0.0-18"]),
    configurationProfile: os.family === "windows" ? "Windows Default Profile" : "Linux Default Profile",
    activations: [
      { key: "VM", status: "ACTIVE" },
      { key: "PC", status: random.chance(0.6) ? "ACTIVE" : "INACTIVE" },
    ],
    connectedFrom: address,
    lastActivity,
    lastCheckedIn: lastActivity - random.int(0, 30) * 60_000,
    lastInventory: lastActivity - random.int(1, 24) * HOUR_MS,
    udcManifestAssigned: false,
    errorStatus: random.chance(0.03),
  };
}

function buildSensor(kind: AssetKind, source: string, agent: Agent | null, createdMs: number, referenceMs: number, random: SeededRandom): Sensor {
  const scanned = source === "IP Scanner" || (source === "Cloud Agent" && random.chance(0.5)) || (kind === "easm" && random.chance(0.15));
  // About one scanned asset in seven has never had a completed VM scan.
  const scannerScan = scanned && random.chance(0.85) ? Math.max(createdMs, daysBefore(referenceMs, random.next() * 120)) : 0;
  const agentScan = agent === null ? 0 : agent.lastInventory;
  const easmScan = kind === "easm" ? Math.max(createdMs, daysBefore(referenceMs, random.next() * 10)) : 0;
  return {
    activatedForModules: activatedModules(kind, agent),
    pendingActivationForModules: [],
    lastVMScan: Math.max(scannerScan, agentScan),
    lastComplianceScan: agent === null ? 0 : agentScan,
    lastFullScan: scannerScan,
    lastVmScanDateScanner: scannerScan,
    lastVmScanDateAgent: agentScan,
    lastPcScanDateScanner: 0,
    lastPcScanDateAgent: agent === null ? 0 : agentScan,
    firstEasmScanDate: kind === "easm" ? createdMs : 0,
    lastEasmScanDate: easmScan,
  };
}

function activatedModules(kind: AssetKind, agent: Agent | null): string[] {
  if (agent !== null) return ["VM", "PC", "GAV", "CSAM"];
  return kind === "easm" ? [] : ["VM"];
}

interface InternetFacts {
  domain: string[] | null;
  subdomain: string[] | null;
  whois: Whois[] | null;
  organizationName: string[];
  isp: string;
  asn: string;
  easmTags: string[];
  hostingCategory1: string;
  location: AssetCore["lastLocation"];
}

function registrableDomain(host: string): string | null {
  return EASM_DOMAINS.find((domain) => host === domain || host.endsWith(`.${domain}`)) ?? null;
}

function buildInternetFacts(hostname: string | null, address: string, createdMs: number, random: SeededRandom): InternetFacts {
  const domain = hostname === null ? null : registrableDomain(hostname);
  const domainIndex = domain === null ? hashString(address) : EASM_DOMAINS.indexOf(domain);
  const organization = ORGANIZATIONS[domainIndex % ORGANIZATIONS.length] as string;
  const operator = NETWORK_OPERATORS[hashString(address) % NETWORK_OPERATORS.length] as (typeof NETWORK_OPERATORS)[number];
  return {
    domain: domain === null ? null : [domain],
    subdomain: hostname === null || domain === null || hostname === domain ? null : [hostname],
    whois: domain === null ? null : [buildWhois(domain, organization, createdMs)],
    organizationName: [organization],
    isp: operator.isp,
    asn: operator.asn,
    easmTags: random.sample(EASM_TAG_VALUES, random.int(0, 3)),
    hostingCategory1: operator.hostingCategory1,
    location: { ...random.pick(LOCATIONS) },
  };
}

/** Builds the whois record of a domain. Its dates depend on the domain only, so every asset of a domain agrees. */
function buildWhois(domain: string, organization: string, createdMs: number): Whois {
  const key = hashString(domain);
  const registeredYear = 1995 + (key % 20);
  return {
    domain,
    createdDate: `${registeredYear}-0${1 + (key % 9)}-1${key % 10}T00:00:00.000Z`,
    dnssec: key % 3 === 0 ? "signedDelegation" : "unsigned",
    domainStatus: "clientDeleteProhibited clientRenewProhibited clientTransferProhibited clientUpdateProhibited",
    registrantOrganization: organization,
    registrantName: "REDACTED FOR PRIVACY",
    registrantEmail: `hostmaster@${domain}`,
    registrantContact: null,
    registrar: REGISTRARS[key % REGISTRARS.length] as string,
    registrantCountry: "UNITED STATES",
    expirationDate: `${new Date(createdMs).getUTCFullYear() + 2}-0${1 + (key % 9)}-1${key % 10}T00:00:00.000Z`,
    updatedDate: isoTime(createdMs),
  };
}

/** Puts one hostile text into a field that the internet host controls. */
function plantHostileText(text: string, ports: OpenPort[], facts: InternetFacts, random: SeededRandom): void {
  const webPort = ports.find((port) => port.title !== undefined);
  const targets: (() => void)[] = [
    () => {
      if (facts.whois !== null && facts.whois[0] !== undefined) facts.whois[0].registrantOrganization = text;
      else facts.easmTags.push(text);
    },
    () => facts.easmTags.push(text),
  ];
  if (webPort !== undefined) {
    targets.push(() => (webPort.title = text));
    targets.push(() => (webPort.description = text));
  }
  random.pick(targets)();
}

function chooseTags(kind: AssetKind, os: OsProduct, osStage: string, hasAgent: boolean, identity: IdentityFacts, random: SeededRandom): TagDefinition[] {
  const tags: TagDefinition[] = [];
  if (kind === "workstation") tags.push(TAGS.workstations);
  if (kind === "network-device") tags.push(TAGS.networkDevices);
  if (kind === "windows-server" || kind === "linux-server" || kind === "cloud-instance") {
    tags.push(os.family === "windows" ? TAGS.windowsServers : TAGS.linuxServers);
  }
  if (kind === "cloud-instance") tags.push(random.chance(0.6) ? TAGS.aws : TAGS.azure);
  if (kind === "easm") {
    tags.push(TAGS.internetFacing, TAGS.easmProfile);
    if (random.chance(0.2)) tags.push(TAGS.dmz);
    if (random.chance(0.15)) tags.push(TAGS.shadowIt);
  } else {
    const environment = random.next();
    if (environment < 0.55) tags.push(TAGS.production);
    else if (environment < 0.8) tags.push(TAGS.development);
  }
  if (kind === "network-device" && random.chance(0.3)) tags.push(TAGS.dmz);
  if (identity.department === "FIN") tags.push(TAGS.finance);
  if (identity.department === "ENG") tags.push(TAGS.engineering);
  const server = kind === "windows-server" || kind === "linux-server";
  if (server && random.chance(0.08)) tags.push(TAGS.pci);
  if (server && random.chance(0.02)) tags.push(TAGS.crownJewels);
  if (hasAgent) tags.push(TAGS.cloudAgent);
  if (osStage !== "GA" && osStage !== "Unknown") tags.push(TAGS.eolOperatingSystem);
  return tags;
}

function toTag(definition: TagDefinition): Tag {
  return {
    tagId: definition.tagId,
    tagName: definition.tagName,
    foregroundColor: 0xffffff,
    backgroundColor: definition.backgroundColor,
    criticalityScore: definition.criticalityScore,
  };
}

function criticalityFor(tags: readonly TagDefinition[], random: SeededRandom, modifiedMs: number): AssetCore["criticality"] {
  let score = 2;
  let isDefault = true;
  if (tags.includes(TAGS.crownJewels)) score = 5;
  else if (tags.includes(TAGS.pci)) score = 4;
  else if (tags.includes(TAGS.production) || tags.includes(TAGS.internetFacing)) score = random.chance(0.3) ? 4 : 3;
  else if (tags.includes(TAGS.development)) score = 1;
  if (score !== 2) isDefault = false;
  return { score, isDefault, lastUpdated: isDefault ? null : isoTime(modifiedMs) };
}

/**
 * Computes a TruRisk-like score (0–1000) from the highest detection score on the asset and
 * its criticality (1–5). It is a simplification with the same range, not Qualys's formula.
 */
function computeRiskScore(os: OperatingSystem, software: readonly Software[], ports: readonly OpenPort[], criticality: number, random: SeededRandom): number {
  let highest = os.lifecycle.detectionScore ?? 0;
  for (const item of software) {
    highest = Math.max(highest, item.lifecycle.detectionScore ?? 0, item.authorizationDetectionScore ?? 0);
  }
  for (const port of ports) highest = Math.max(highest, port.detectionScore ?? 0);
  if (highest === 0) return random.int(0, 60);
  return Math.min(1000, Math.round(highest * criticality * 2 * (0.85 + random.next() * 0.3)));
}

function chooseMissingSoftware(kind: AssetKind, os: OsProduct, hasAgent: boolean, random: SeededRandom): string[] {
  if (kind === "easm" || kind === "network-device") return [];
  const family = os.family === "windows" ? "windows" : "linux";
  const required = REQUIRED_SOFTWARE[family].filter((name) => name !== "Qualys Cloud Agent");
  const missing: string[] = [];
  if (!hasAgent && random.chance(0.4)) missing.push("Qualys Cloud Agent");
  if (hasAgent && random.chance(0.15)) missing.push(random.pick(required));
  return missing;
}

/** Adds the descriptive fields to a core record, in the field order the API uses. */
function completeRecord(context: GeneratorContext, index: number, core: AssetCore, identity: Identity): AssetRecord {
  const random = new SeededRandom(combineKeys(context.seedKey, index, DETAIL_STREAM));
  const { kind, os } = identity;
  const internal = kind !== "easm";
  const windows = os.family === "windows";
  const computer = kind !== "easm" && kind !== "network-device";
  const cpuCount = computer ? random.pick([2, 4, 8, 16]) : null;
  const cloud = kind === "cloud-instance";
  const awsTag = core.tagList.tag.some((tag) => tag.tagId === TAGS.aws.tagId);

  return {
    assetId: core.assetId,
    assetUUID: core.assetUUID,
    hostId: core.hostId,
    lastModifiedDate: core.lastModifiedDate,
    agentId: core.agentId,
    createdDate: core.createdDate,
    sensorLastUpdatedDate: core.sensorLastUpdatedDate,
    assetType: core.assetType,
    address: core.address,
    dnsName: core.dnsName,
    assetName: core.assetName,
    netbiosName: core.netbiosName,
    timeZone: internal ? random.pick(["+00:00", "+01:00", "-05:00", "+05:30"]) : null,
    biosDescription: computer ? `${core.hardware.manufacturer} BIOS ${random.int(1, 2)}.${random.int(0, 20)}.${random.int(0, 9)}` : null,
    lastBoot: identity.hasAgent ? isoTime(Date.parse(core.lastModifiedDate) - random.int(1, 40) * 86_400_000) : null,
    totalMemory: computer ? random.pick([4096, 8192, 16384, 32768, 65536]) : null,
    cpuCount,
    lastLoggedOnUser: kind === "workstation" ? `CORP\\${random.pick(["jsmith", "mgarcia", "lchen", "aokafor", "pnowak", "sdubois"])}` : null,
    domainRole: domainRoleFor(kind, windows),
    hwUUID: computer ? random.uuid() : null,
    biosSerialNumber: computer ? random.hex(10).toUpperCase() : null,
    biosAssetTag: null,
    isContainerHost: os.family === "linux" && random.chance(0.1),
    operatingSystem: core.operatingSystem,
    hardware: core.hardware,
    userAccountListData: { userAccount: computer ? userAccounts(windows, random) : [] },
    openPortListData: core.openPortListData,
    volumeListData: { volume: computer ? volumes(windows, random) : [] },
    networkInterfaceListData: core.networkInterfaceListData,
    softwareListData: core.softwareListData,
    softwareComponent: null,
    provider: cloudProviderName(cloud, awsTag),
    cloudProvider: cloud ? cloudProviderBlock(core, awsTag, random) : null,
    agent: core.agent,
    sensor: core.sensor,
    container: null,
    inventory: core.inventory,
    activity: core.activity,
    tagList: core.tagList,
    serviceList: computer ? { service: services(windows) } : null,
    lastLocation: core.lastLocation,
    criticality: core.criticality,
    businessInformation: null,
    assignedLocation: null,
    businessAppListData: null,
    riskScore: core.riskScore,
    domain: core.domain,
    subdomain: core.subdomain,
    missingSoftware: core.missingSoftware,
    whois: core.whois,
    organizationName: core.organizationName,
    isp: core.isp,
    asn: core.asn,
    easmTags: core.easmTags,
    hostingCategory1: core.hostingCategory1,
    customAttributes: null,
    lparId: null,
    processor: {
      description: computer ? random.pick(["Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz", "Intel(R) Xeon(R) Gold 6330 CPU @ 2.00GHz", "AMD EPYC 7763 64-Core Processor"]) : null,
      speed: computer ? random.pick([2000, 2400, 3200]) : null,
      numCPUs: cpuCount ?? 0,
      noOfSocket: computer ? 1 : null,
      threadsPerCore: computer ? 2 : null,
      coresPerSocket: cpuCount === null ? null : Math.max(1, cpuCount / 2),
      multithreadingStatus: computer ? "Enabled" : null,
    },
  };
}

function domainRoleFor(kind: AssetKind, windows: boolean): string | null {
  if (!windows) return null;
  return kind === "workstation" ? "Member Workstation" : "Member Server";
}

function cloudProviderName(cloud: boolean, aws: boolean): string | null {
  if (!cloud) return null;
  return aws ? "AWS" : "Azure";
}

function userAccounts(windows: boolean, random: SeededRandom): { name: string }[] {
  const base = windows ? ["Administrator", "Guest", "DefaultAccount"] : ["root", "daemon", "nobody"];
  return [...base, random.pick(["svc_backup", "svc_deploy", "ansible", "splunk"])].map((name) => ({ name }));
}

function volumes(windows: boolean, random: SeededRandom): { name: string; free: number; size: number }[] {
  const size = random.pick([128, 256, 512, 1024]) * 1_073_741_824;
  const free = Math.floor(size * (0.05 + random.next() * 0.7));
  return windows ? [{ name: "C:", free, size }] : [{ name: "/", free, size }, { name: "/boot", free: 734_003_200, size: 1_063_256_064 }];
}

function services(windows: boolean): { description: string | null; name: string; status: string }[] {
  return windows
    ? [
        { description: "Windows Update", name: "wuauserv", status: "Running" },
        { description: "Remote Desktop Services", name: "TermService", status: "Running" },
      ]
    : [
        { description: null, name: "sshd.service", status: "loaded/active/running" },
        { description: null, name: "systemd-journald.service", status: "loaded/active/running" },
      ];
}

function cloudProviderBlock(core: AssetCore, aws: boolean, random: SeededRandom): unknown {
  if (!aws) {
    return {
      azure: { vm: { vmId: random.uuid(), location: "westeurope", vmSize: "Standard_D2s_v3", privateIpAddress: core.address, publicIpAddress: null } },
      aws: null,
      gcp: null,
    };
  }
  return {
    aws: {
      ec2: {
        accountId: "123456789012",
        availabilityZone: "eu-west-1a",
        instanceId: `i-0${random.hex(16)}`,
        instanceState: "RUNNING",
        instanceType: "m5.large",
        privateIpAddress: core.address,
        publicIpAddress: null,
        region: { code: "eu-west-1", name: "Europe (Ireland)" },
      },
    },
    azure: null,
    gcp: null,
  };
}
