/**
 * The searchable fields of an asset, shared by the v2 filter evaluator and the v1 QQL
 * evaluator so that both read an asset the same way.
 *
 * Fields live in scopes. The `asset` scope is the asset itself; every other scope is an
 * object (operatingSystem, hardware) or a list (software, openPorts, tags, interfaces)
 * inside it. A condition on a list field holds when it holds for any element, and QQL's
 * `scope:(a:x AND b:y)` form requires both conditions to hold for the same element.
 */
import type { AssetCore, Lifecycle, NetworkInterface, OpenPort, OperatingSystem, Software, Tag } from "./record.js";

/**
 * Value type of a field, which sets its comparison: strings compare case-insensitively,
 * numbers numerically, and dates as instants, where a date without a time means the whole
 * UTC day.
 */
export type FieldType = "string" | "number" | "date";

/** A value read from one element: a scalar, a list of scalars, or nothing. */
export type FieldValue = string | number | null | undefined | readonly (string | number | null)[];

export interface LeafField {
  type: FieldType;
  /** Reads the value from one element of the scope. Dates are returned as epoch milliseconds. */
  read(element: never): FieldValue;
}

export interface Scope {
  name: string;
  /** The elements of this scope in an asset: the asset itself, one object, or a list. */
  elements(asset: AssetCore): readonly object[];
  leaves: Readonly<Record<string, LeafField>>;
  /** Leaf used by QQL when the scope itself is given a value, as in `operatingSystem:windows`. */
  defaultLeaf?: string;
}

/** A resolved field: the scope whose elements are searched and the leaf read from each element. */
export interface FieldRef {
  scope: Scope;
  leafName: string;
  leaf: LeafField;
}

function leaf<E>(type: FieldType, read: (element: E) => FieldValue): LeafField {
  return { type, read: read as (element: never) => FieldValue };
}

/** Parses an ISO date string to epoch milliseconds, or null. */
function time(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const epochMs = Date.parse(value);
  return Number.isNaN(epochMs) ? null : epochMs;
}

/** Returns null for 0, which the API writes for an event that never happened, so filters see no value. */
function epoch(value: number | null | undefined): number | null {
  return value === null || value === undefined || value === 0 ? null : value;
}

function lifecycleLeaves<E>(get: (element: E) => Lifecycle): Record<string, LeafField> {
  return {
    "lifecycle.stage": leaf<E>("string", (e) => get(e).stage),
    "lifecycle.detectionScore": leaf<E>("number", (e) => get(e).detectionScore),
    "lifecycle.eolDate": leaf<E>("date", (e) => time(get(e).eolDate)),
    "lifecycle.eosDate": leaf<E>("date", (e) => time(get(e).eosDate)),
    "lifecycle.gaDate": leaf<E>("date", (e) => time(get(e).gaDate)),
    "lifecycle.lifeCycleConfidence": leaf<E>("string", (e) => get(e).lifeCycleConfidence),
  };
}

function interfaceAddresses(asset: AssetCore): string[] {
  const addresses = [asset.address];
  for (const item of asset.networkInterfaceListData.networkInterface) {
    if (item.addressIpV4 !== null && item.addressIpV4 !== asset.address) addresses.push(item.addressIpV4);
    if (item.addressIpV6 !== null) addresses.push(item.addressIpV6);
  }
  return addresses;
}

function hostnames(asset: AssetCore): (string | null)[] {
  const names: (string | null)[] = [asset.dnsName, asset.netbiosName];
  for (const item of asset.networkInterfaceListData.networkInterface) names.push(item.hostname);
  return names;
}

export const ASSET_SCOPE: Scope = {
  name: "asset",
  elements: (asset) => [asset],
  leaves: {
    id: leaf<AssetCore>("number", (a) => a.assetId),
    uuid: leaf<AssetCore>("string", (a) => a.assetUUID),
    name: leaf<AssetCore>("string", (a) => a.assetName),
    address: leaf<AssetCore>("string", interfaceAddresses),
    dnsName: leaf<AssetCore>("string", (a) => a.dnsName),
    netbiosName: leaf<AssetCore>("string", (a) => a.netbiosName),
    hostname: leaf<AssetCore>("string", hostnames),
    lastUpdatedDate: leaf<AssetCore>("date", (a) => time(a.lastModifiedDate)),
    createdDate: leaf<AssetCore>("date", (a) => time(a.createdDate)),
    riskScore: leaf<AssetCore>("number", (a) => a.riskScore),
    criticalityScore: leaf<AssetCore>("number", (a) => a.criticality.score),
    domain: leaf<AssetCore>("string", (a) => a.domain),
    subdomain: leaf<AssetCore>("string", (a) => a.subdomain),
    asn: leaf<AssetCore>("string", (a) => a.asn),
    isp: leaf<AssetCore>("string", (a) => a.isp),
    easmTags: leaf<AssetCore>("string", (a) => a.easmTags),
    missingSoftware: leaf<AssetCore>("string", (a) => a.missingSoftware),
    inventorySource: leaf<AssetCore>("string", (a) => a.inventory.source),
    lastVmScanDate: leaf<AssetCore>("date", (a) => epoch(a.sensor.lastVMScan)),
    agentLastActivityDate: leaf<AssetCore>("date", (a) => epoch(a.agent?.lastActivity)),
    agentVersion: leaf<AssetCore>("string", (a) => a.agent?.version),
  },
};

export const OPERATING_SYSTEM_SCOPE: Scope = {
  name: "operatingSystem",
  elements: (asset) => [asset.operatingSystem],
  defaultLeaf: "name",
  leaves: {
    name: leaf<OperatingSystem>("string", (os) => [os.osName, os.fullName]),
    osName: leaf<OperatingSystem>("string", (os) => os.osName),
    fullName: leaf<OperatingSystem>("string", (os) => os.fullName),
    category: leaf<OperatingSystem>("string", (os) => os.category),
    category1: leaf<OperatingSystem>("string", (os) => os.category1),
    category2: leaf<OperatingSystem>("string", (os) => os.category2),
    publisher: leaf<OperatingSystem>("string", (os) => os.publisher),
    version: leaf<OperatingSystem>("string", (os) => os.version),
    cpe: leaf<OperatingSystem>("string", (os) => os.cpe),
    ...lifecycleLeaves<OperatingSystem>((os) => os.lifecycle),
  },
};

export const HARDWARE_SCOPE: Scope = {
  name: "hardware",
  elements: (asset) => [asset.hardware],
  defaultLeaf: "name",
  leaves: {
    name: leaf<AssetCore["hardware"]>("string", (h) => h.fullName),
    category: leaf<AssetCore["hardware"]>("string", (h) => h.category),
    category1: leaf<AssetCore["hardware"]>("string", (h) => h.category1),
    category2: leaf<AssetCore["hardware"]>("string", (h) => h.category2),
    manufacturer: leaf<AssetCore["hardware"]>("string", (h) => h.manufacturer),
    model: leaf<AssetCore["hardware"]>("string", (h) => h.model),
    "lifecycle.stage": leaf<AssetCore["hardware"]>("string", (h) => h.lifecycle.stage),
    "lifecycle.eosDate": leaf<AssetCore["hardware"]>("date", (h) => time(h.lifecycle.eosDate)),
    "lifecycle.obsoleteDate": leaf<AssetCore["hardware"]>("date", (h) => time(h.lifecycle.obsoleteDate)),
  },
};

export const SOFTWARE_SCOPE: Scope = {
  name: "software",
  elements: (asset) => asset.softwareListData.software,
  defaultLeaf: "name",
  leaves: {
    name: leaf<Software>("string", (s) => [s.fullName, s.productName]),
    product: leaf<Software>("string", (s) => s.productName),
    fullName: leaf<Software>("string", (s) => s.fullName),
    publisher: leaf<Software>("string", (s) => s.publisher),
    version: leaf<Software>("string", (s) => s.version),
    category: leaf<Software>("string", (s) => s.category),
    category1: leaf<Software>("string", (s) => s.category1),
    category2: leaf<Software>("string", (s) => s.category2),
    discoveredName: leaf<Software>("string", (s) => s.discoveredName),
    discoverySources: leaf<Software>("string", (s) => s.discoverySources),
    authorization: leaf<Software>("string", (s) => s.authorization),
    cpe: leaf<Software>("string", (s) => s.cpe),
    cpeType: leaf<Software>("string", (s) => s.cpeType),
    ...lifecycleLeaves<Software>((s) => s.lifecycle),
  },
};

export const OPEN_PORTS_SCOPE: Scope = {
  name: "openPorts",
  elements: (asset) => asset.openPortListData.openPort,
  defaultLeaf: "port",
  leaves: {
    port: leaf<OpenPort>("number", (p) => p.port),
    protocol: leaf<OpenPort>("string", (p) => p.protocol),
    detectedService: leaf<OpenPort>("string", (p) => p.detectedService),
    description: leaf<OpenPort>("string", (p) => p.description),
    discoverySources: leaf<OpenPort>("string", (p) => p.discoverySources),
    detectionScore: leaf<OpenPort>("number", (p) => p.detectionScore),
    firstFound: leaf<OpenPort>("date", (p) => time(p.firstFound)),
  },
};

export const TAGS_SCOPE: Scope = {
  name: "tags",
  elements: (asset) => asset.tagList.tag,
  defaultLeaf: "name",
  leaves: {
    name: leaf<Tag>("string", (t) => t.tagName),
    id: leaf<Tag>("number", (t) => t.tagId),
  },
};

export const INTERFACES_SCOPE: Scope = {
  name: "interfaces",
  elements: (asset) => asset.networkInterfaceListData.networkInterface,
  defaultLeaf: "address",
  leaves: {
    address: leaf<NetworkInterface>("string", (n) => [n.addressIpV4, n.addressIpV6]),
    hostname: leaf<NetworkInterface>("string", (n) => n.hostname),
    macAddress: leaf<NetworkInterface>("string", (n) => n.macAddress),
  },
};

/** Scopes by name, as QQL writes them before `:(` or a dot. */
export const SCOPES: ReadonlyMap<string, Scope> = new Map(
  [OPERATING_SYSTEM_SCOPE, HARDWARE_SCOPE, SOFTWARE_SCOPE, OPEN_PORTS_SCOPE, TAGS_SCOPE, INTERFACES_SCOPE].map((scope) => [scope.name, scope]),
);

function ref(scope: Scope, leafName: string): FieldRef {
  const found = scope.leaves[leafName];
  if (found === undefined) throw new Error(`Field table error: ${scope.name} has no leaf ${leafName}`);
  return { scope, leafName, leaf: found };
}

/**
 * Field names accepted in v2 filter bodies (`{"field": …}` and `<Criteria field="…">`).
 * The first group are names seen working against the gateway; the rest are sandbox
 * additions named in the same style.
 */
export const V2_FIELDS: ReadonlyMap<string, FieldRef> = new Map<string, FieldRef>([
  ["asset.name", ref(ASSET_SCOPE, "name")],
  ["asset.id", ref(ASSET_SCOPE, "id")],
  ["asset.lastUpdatedDate", ref(ASSET_SCOPE, "lastUpdatedDate")],
  ["operatingSystem.category1", ref(OPERATING_SYSTEM_SCOPE, "category1")],
  ["operatingSystem.osName", ref(OPERATING_SYSTEM_SCOPE, "osName")],
  ["operatingSystem.lifecycle.stage", ref(OPERATING_SYSTEM_SCOPE, "lifecycle.stage")],
  ["operatingSystem.lifecycle.detectionScore", ref(OPERATING_SYSTEM_SCOPE, "lifecycle.detectionScore")],
  ["hardware.lifecycle.stage", ref(HARDWARE_SCOPE, "lifecycle.stage")],
  ["software.product", ref(SOFTWARE_SCOPE, "product")],
  ["software.discoverySources", ref(SOFTWARE_SCOPE, "discoverySources")],
  ["openPorts.discoverySources", ref(OPEN_PORTS_SCOPE, "discoverySources")],
  ["tags.name", ref(TAGS_SCOPE, "name")],
  ["tags.id", ref(TAGS_SCOPE, "id")],
  ["sensor.lastVmScanDate", ref(ASSET_SCOPE, "lastVmScanDate")],
  ["qualys.agent.lastActivityDate", ref(ASSET_SCOPE, "agentLastActivityDate")],
  // Sandbox additions.
  ["asset.address", ref(ASSET_SCOPE, "address")],
  ["asset.dnsName", ref(ASSET_SCOPE, "dnsName")],
  ["asset.netbiosName", ref(ASSET_SCOPE, "netbiosName")],
  ["asset.createdDate", ref(ASSET_SCOPE, "createdDate")],
  ["asset.riskScore", ref(ASSET_SCOPE, "riskScore")],
  ["asset.criticalityScore", ref(ASSET_SCOPE, "criticalityScore")],
  ["asset.domain", ref(ASSET_SCOPE, "domain")],
  ["asset.subdomain", ref(ASSET_SCOPE, "subdomain")],
  ["asset.asn", ref(ASSET_SCOPE, "asn")],
  ["asset.isp", ref(ASSET_SCOPE, "isp")],
  ["asset.easmTags", ref(ASSET_SCOPE, "easmTags")],
  ["asset.missingSoftware", ref(ASSET_SCOPE, "missingSoftware")],
  ["inventory.source", ref(ASSET_SCOPE, "inventorySource")],
  ["operatingSystem.fullName", ref(OPERATING_SYSTEM_SCOPE, "fullName")],
  ["operatingSystem.category2", ref(OPERATING_SYSTEM_SCOPE, "category2")],
  ["operatingSystem.publisher", ref(OPERATING_SYSTEM_SCOPE, "publisher")],
  ["operatingSystem.cpe", ref(OPERATING_SYSTEM_SCOPE, "cpe")],
  ["operatingSystem.lifecycle.eolDate", ref(OPERATING_SYSTEM_SCOPE, "lifecycle.eolDate")],
  ["operatingSystem.lifecycle.eosDate", ref(OPERATING_SYSTEM_SCOPE, "lifecycle.eosDate")],
  ["hardware.category1", ref(HARDWARE_SCOPE, "category1")],
  ["hardware.category2", ref(HARDWARE_SCOPE, "category2")],
  ["hardware.manufacturer", ref(HARDWARE_SCOPE, "manufacturer")],
  ["software.fullName", ref(SOFTWARE_SCOPE, "fullName")],
  ["software.version", ref(SOFTWARE_SCOPE, "version")],
  ["software.publisher", ref(SOFTWARE_SCOPE, "publisher")],
  ["software.category1", ref(SOFTWARE_SCOPE, "category1")],
  ["software.cpe", ref(SOFTWARE_SCOPE, "cpe")],
  ["software.authorization", ref(SOFTWARE_SCOPE, "authorization")],
  ["software.lifecycle.stage", ref(SOFTWARE_SCOPE, "lifecycle.stage")],
  ["software.lifecycle.detectionScore", ref(SOFTWARE_SCOPE, "lifecycle.detectionScore")],
  ["software.lifecycle.eolDate", ref(SOFTWARE_SCOPE, "lifecycle.eolDate")],
  ["software.lifecycle.eosDate", ref(SOFTWARE_SCOPE, "lifecycle.eosDate")],
  ["openPorts.port", ref(OPEN_PORTS_SCOPE, "port")],
  ["openPorts.protocol", ref(OPEN_PORTS_SCOPE, "protocol")],
  ["openPorts.detectedService", ref(OPEN_PORTS_SCOPE, "detectedService")],
  ["openPorts.detectionScore", ref(OPEN_PORTS_SCOPE, "detectionScore")],
]);

/**
 * QQL tokens that read a leaf of the asset itself. Every v2 field name above is also a
 * QQL token, and so is `scope.leaf` for any leaf of a nested scope.
 */
const QQL_ASSET_TOKENS: ReadonlyMap<string, FieldRef> = new Map<string, FieldRef>([
  ["assetId", ref(ASSET_SCOPE, "id")],
  ["assetUUID", ref(ASSET_SCOPE, "uuid")],
  ["name", ref(ASSET_SCOPE, "name")],
  ["address", ref(ASSET_SCOPE, "address")],
  ["dnsName", ref(ASSET_SCOPE, "dnsName")],
  ["netbiosName", ref(ASSET_SCOPE, "netbiosName")],
  ["hostname", ref(ASSET_SCOPE, "hostname")],
  ["lastModifiedDate", ref(ASSET_SCOPE, "lastUpdatedDate")],
  ["createdDate", ref(ASSET_SCOPE, "createdDate")],
  ["riskScore", ref(ASSET_SCOPE, "riskScore")],
  ["criticalityScore", ref(ASSET_SCOPE, "criticalityScore")],
  ["domain", ref(ASSET_SCOPE, "domain")],
  ["subdomain", ref(ASSET_SCOPE, "subdomain")],
  ["asn", ref(ASSET_SCOPE, "asn")],
  ["isp", ref(ASSET_SCOPE, "isp")],
  ["easmTags", ref(ASSET_SCOPE, "easmTags")],
  ["missingSoftware", ref(ASSET_SCOPE, "missingSoftware")],
  ["inventory.source", ref(ASSET_SCOPE, "inventorySource")],
  ["lastVmScanDate", ref(ASSET_SCOPE, "lastVmScanDate")],
  ["agent.lastActivity", ref(ASSET_SCOPE, "agentLastActivityDate")],
  ["agent.version", ref(ASSET_SCOPE, "agentVersion")],
]);

/**
 * Resolves a QQL token outside parentheses: an asset token, a v2 field name, or
 * `scope.leaf`. A bare scope name (`software`) resolves to its default leaf.
 */
export function resolveQqlToken(token: string): FieldRef | undefined {
  const direct = QQL_ASSET_TOKENS.get(token) ?? V2_FIELDS.get(token);
  if (direct !== undefined) return direct;
  const scope = SCOPES.get(token);
  if (scope !== undefined) return scope.defaultLeaf === undefined ? undefined : ref(scope, scope.defaultLeaf);
  const dot = token.indexOf(".");
  if (dot === -1) return undefined;
  const nested = SCOPES.get(token.slice(0, dot));
  const leafName = token.slice(dot + 1);
  const found = nested?.leaves[leafName];
  return nested === undefined || found === undefined ? undefined : { scope: nested, leafName, leaf: found };
}

/** Resolves a token inside `scope:( … )` to a leaf of that scope. */
export function resolveNestedToken(scope: Scope, token: string): FieldRef | undefined {
  const found = scope.leaves[token];
  return found === undefined ? undefined : { scope, leafName: token, leaf: found };
}

/** Lists every QQL token, for error messages and documentation. */
export function listQqlTokens(): string[] {
  const tokens = new Set<string>([...QQL_ASSET_TOKENS.keys(), ...V2_FIELDS.keys()]);
  for (const scope of SCOPES.values()) {
    tokens.add(scope.name);
    for (const leafName of Object.keys(scope.leaves)) tokens.add(`${scope.name}.${leafName}`);
  }
  return [...tokens].sort();
}

/** Calls `test` on each scalar of a field value and returns true when any call does. */
export function anyScalar(value: FieldValue, test: (scalar: string | number) => boolean): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string" || typeof value === "number") return test(value);
  for (const item of value) {
    if (item !== null && test(item)) return true;
  }
  return false;
}

/** Returns true when `test` holds for some scalar of the field in some element of its scope. */
export function fieldMatches(asset: AssetCore, field: FieldRef, test: (scalar: string | number) => boolean): boolean {
  for (const element of field.scope.elements(asset)) {
    if (anyScalar(field.leaf.read(element as never), test)) return true;
  }
  return false;
}
