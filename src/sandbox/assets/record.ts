/**
 * Shape of one CSAM host asset as the gateway returns it in `assetListData.asset[]`.
 * Field names follow the CSAM asset API. Dates are ISO 8601 strings except the agent,
 * sensor, inventory and activity times, which the API sends as epoch milliseconds
 * (0 when the event never happened).
 */

export interface Lifecycle {
  gaDate: string | null;
  eolDate: string | null;
  eosDate: string | null;
  /** "GA", "EOL", "EOS", "EOL/EOS", "Unknown" or "Not Applicable". */
  stage: string;
  /** "Exact" or "Approximate". */
  lifeCycleConfidence: string;
  eolSupportStage: string | null;
  eosSupportStage: string | null;
  /** Qualys detection score (QDS, 1–100) of the lifecycle risk; null when there is none. */
  detectionScore: number | null;
}

export interface Taxonomy {
  id: number | null;
  name: string;
  category1: string;
  category2: string;
}

export interface OperatingSystem {
  osName: string;
  fullName: string;
  category: string;
  category1: string;
  category2: string;
  productName: string;
  publisher: string;
  edition: string | null;
  marketVersion: string | null;
  version: string | null;
  update: string | null;
  architecture: string | null;
  lifecycle: Lifecycle;
  taxonomy: Taxonomy;
  productUrl: string | null;
  productFamily: string;
  installDate: string | null;
  release: string | null;
  cpeId: number | null;
  cpe: string | null;
  cpeType: string | null;
}

export interface HardwareLifecycle {
  introDate: string | null;
  gaDate: string | null;
  eosDate: string | null;
  obsoleteDate: string | null;
  /** "GA", "EOS" (end of sale), "Obsolete", "Unknown" or "Not Applicable". */
  stage: string;
  lifeCycleConfidence: string;
}

export interface Hardware {
  fullName: string;
  category: string;
  category1: string;
  category2: string;
  manufacturer: string;
  productName: string;
  model: string;
  lifecycle: HardwareLifecycle;
  taxonomy: Taxonomy;
  productUrl: string | null;
  productFamily: string;
}

export interface Software {
  /** Signed 64-bit identifier. Values above 2^53 lose precision in JSON, as with the real API. */
  id: number;
  discoverySources: string;
  fullName: string;
  softwareType: string;
  isIgnored: boolean;
  ignoredReason: string | null;
  category: string;
  category1: string;
  category2: string;
  productName: string;
  component: string | null;
  publisher: string;
  edition: string | null;
  marketVersion: string | null;
  version: string;
  update: string | null;
  architecture: string | null;
  installDate: string | null;
  installPath: string | null;
  lastUpdated: string | null;
  lastUseDate: string | null;
  language: string | null;
  formerlyKnownAs: string | null;
  isPackage: boolean;
  isPackageComponent: boolean;
  packageName: string | null;
  productUrl: string | null;
  lifecycle: Lifecycle;
  supportStageDesc: string | null;
  license: { category: string; subcategory: string } | null;
  /** "Authorized", "Unauthorized" or null when no authorization rule applies. */
  authorization: string | null;
  discoveredPublisher: string | null;
  discoveredName: string;
  discoveredVersion: string;
  authorizationDetectionScore: number | null;
  cpeId: number | null;
  cpe: string | null;
  /** "NIST" or "Qualys". */
  cpeType: string | null;
}

export interface OpenPort {
  port: number;
  /**
   * Service description. On EASM-discovered web ports it carries the banner the internet
   * host sent, so it is untrusted text.
   */
  description: string;
  protocol: string;
  detectedService: string | null;
  firstFound: string | null;
  lastUpdated: string | null;
  authorization: string | null;
  detectionScore: number | null;
  discoverySources: string;
  /**
   * HTML title of the page served on an EASM-discovered web port, absent elsewhere.
   * NOTE: a sandbox addition; the CSAM samples show no such field.
   */
  title?: string;
}

export interface NetworkInterface {
  hostname: string | null;
  addressIpV4: string | null;
  addressIpV6: string | null;
  macAddress: string;
  interfaceName: string;
  dnsAddress: string | null;
  gatewayAddress: string;
  manufacturer: string | null;
  macVendorIntroDate: number | null;
  netmask: string | null;
  addresses: string | null;
}

export interface Tag {
  tagId: number;
  tagName: string;
  foregroundColor: number;
  backgroundColor: number;
  criticalityScore: number | null;
}

export interface Whois {
  domain: string;
  createdDate: string;
  dnssec: string;
  domainStatus: string;
  registrantOrganization: string;
  registrantName: string | null;
  registrantEmail: string | null;
  registrantContact: string | null;
  registrar: string;
  registrantCountry: string;
  expirationDate: string;
  updatedDate: string;
}

export interface Location {
  city: string;
  state: string;
  country: string;
  name: string;
  continent: string;
  postal: string;
}

export interface Agent {
  version: string;
  configurationProfile: string;
  activations: { key: string; status: string }[];
  connectedFrom: string;
  lastActivity: number;
  lastCheckedIn: number;
  lastInventory: number;
  udcManifestAssigned: boolean;
  errorStatus: boolean;
}

export interface Sensor {
  activatedForModules: string[];
  pendingActivationForModules: string[];
  lastVMScan: number;
  lastComplianceScan: number;
  lastFullScan: number;
  lastVmScanDateScanner: number;
  lastVmScanDateAgent: number;
  lastPcScanDateScanner: number;
  lastPcScanDateAgent: number;
  firstEasmScanDate: number;
  lastEasmScanDate: number;
}

/**
 * The part of an asset that filters read. The generator builds it first and cheaply, so a
 * filter can scan a large tenant without building the descriptive fields of every asset.
 */
export interface AssetCore {
  assetId: number;
  assetUUID: string;
  hostId: number | null;
  lastModifiedDate: string;
  agentId: string | null;
  createdDate: string;
  sensorLastUpdatedDate: string | null;
  assetType: string;
  address: string;
  dnsName: string | null;
  assetName: string;
  netbiosName: string | null;
  operatingSystem: OperatingSystem;
  hardware: Hardware;
  openPortListData: { openPort: OpenPort[] };
  networkInterfaceListData: { networkInterface: NetworkInterface[] };
  softwareListData: { software: Software[] };
  agent: Agent | null;
  sensor: Sensor;
  inventory: { source: string; created: number; lastUpdated: number };
  activity: { source: string; lastScannedDate: number };
  tagList: { tag: Tag[] };
  lastLocation: Location | null;
  criticality: { score: number; isDefault: boolean; lastUpdated: string | null };
  riskScore: number;
  domain: string[] | null;
  subdomain: string[] | null;
  /** Names of software that a policy requires and the asset lacks. */
  missingSoftware: string[];
  whois: Whois[] | null;
  organizationName: string[] | null;
  isp: string | null;
  asn: string | null;
  easmTags: string[] | null;
  hostingCategory1: string | null;
}

/** A complete asset record as sent on the wire. */
export interface AssetRecord extends AssetCore {
  timeZone: string | null;
  biosDescription: string | null;
  lastBoot: string | null;
  totalMemory: number | null;
  cpuCount: number | null;
  lastLoggedOnUser: string | null;
  domainRole: string | null;
  hwUUID: string | null;
  biosSerialNumber: string | null;
  biosAssetTag: string | null;
  isContainerHost: boolean;
  userAccountListData: { userAccount: { name: string }[] };
  volumeListData: { volume: { name: string; free: number; size: number }[] };
  softwareComponent: string | null;
  provider: string | null;
  cloudProvider: unknown;
  container: unknown;
  serviceList: { service: { description: string | null; name: string; status: string }[] } | null;
  businessInformation: unknown;
  assignedLocation: unknown;
  businessAppListData: unknown;
  customAttributes: unknown;
  lparId: string | null;
  processor: {
    description: string | null;
    speed: number | null;
    numCPUs: number;
    noOfSocket: number | null;
    threadsPerCore: number | null;
    coresPerSocket: number | null;
    multithreadingStatus: string | null;
  };
}
