/**
 * Attack-surface aggregates built one asset at a time: counts by discovery source and OS
 * lifecycle stage, the riskiest software and most common ports, and the most exposed
 * assets. Memory stays bounded whatever the number of assets: counters are keyed by a
 * capped number of distinct values, and the lists keep only their top entries.
 */
import type { AssetSummary } from "./output.js";

/** Entries kept in each ranked list of the result. */
export const TOP_LIST_SIZE = 10;

/**
 * Distinct keys a counter keeps (software products, ports, stages). Values past the cap
 * are counted under "other", so a tenant with millions of distinct names cannot grow the
 * aggregator without bound.
 */
export const MAX_DISTINCT_KEYS = 5000;

const OTHER = "(other)";

/** Lifecycle stages that mean the vendor no longer supports the product. */
const UNSUPPORTED_STAGE = /EOL|EOS/i;

export interface ExposedAsset {
  id?: number;
  name?: string;
  riskScore?: number;
  reasons: string[];
}

export interface UnsupportedHost {
  id?: number;
  name?: string;
  os?: string;
  stage: string;
  eolDate?: string;
  eosDate?: string;
}

export interface SoftwareRisk {
  name: string;
  version?: string;
  cpe?: string;
  lifecycleStage?: string;
  maxDetectionScore?: number;
  assets: number;
}

export interface PortCount {
  port: number;
  protocol?: string;
  service?: string;
  assets: number;
}

export interface AttackSurfaceSummary {
  assetsAnalyzed: number;
  bySource: Record<string, number>;
  internetFacing: number;
  osLifecycle: Record<string, number>;
  unsupportedOsHosts: UnsupportedHost[];
  unsupportedOsHostsTotal: number;
  riskySoftware: SoftwareRisk[];
  riskySoftwareDistinct: number;
  openPorts: PortCount[];
  mostExposed: ExposedAsset[];
  riskBands: Record<string, number>;
}

/** Counts keyed by text, with at most MAX_DISTINCT_KEYS keys. */
class BoundedCounter<Value> {
  readonly entries = new Map<string, Value>();

  constructor(private readonly create: () => Value) {}

  /**
   * Returns the entry for a key, or the shared overflow entry once the cap is reached.
   * `describe` fills in a new entry of a real key (not the overflow one).
   */
  entry(key: string, describe?: (value: Value) => void): Value {
    let value = this.entries.get(key);
    if (value !== undefined) return value;

    const slot = this.entries.size >= MAX_DISTINCT_KEYS ? OTHER : key;
    value = this.entries.get(slot);
    if (value === undefined) {
      value = this.create();
      if (slot === key) describe?.(value);
      this.entries.set(slot, value);
    }
    return value;
  }
}

/** Keeps the `size` highest-ranked items seen so far. */
class TopList<Item> {
  private readonly items: Item[] = [];

  constructor(
    private readonly size: number,
    private readonly rank: (item: Item) => number,
  ) {}

  offer(item: Item): void {
    const score = this.rank(item);
    if (this.items.length >= this.size && score <= this.rank(this.items[this.items.length - 1]!)) return;
    this.items.push(item);
    this.items.sort((left, right) => this.rank(right) - this.rank(left));
    if (this.items.length > this.size) this.items.pop();
  }

  values(): Item[] {
    return [...this.items];
  }
}

/** TruRisk bands as Qualys defines them: Severe ≥ 850, High ≥ 700, Medium ≥ 500, else Low. */
export function riskBand(score: number): string {
  if (score >= 850) return "severe";
  if (score >= 700) return "high";
  if (score >= 500) return "medium";
  return "low";
}

export class AttackSurfaceAggregator {
  private assetsAnalyzed = 0;
  private internetFacing = 0;
  private unsupportedOsHostsTotal = 0;
  private readonly sources = new BoundedCounter(() => ({ count: 0 }));
  private readonly stages = new BoundedCounter(() => ({ count: 0 }));
  private readonly bands = new BoundedCounter(() => ({ count: 0 }));
  private readonly software = new BoundedCounter<SoftwareRisk>(() => ({ name: OTHER, assets: 0 }));
  private readonly ports = new BoundedCounter<PortCount>(() => ({ port: 0, assets: 0 }));
  private readonly unsupportedHosts = new TopList<UnsupportedHost & { rank: number }>(TOP_LIST_SIZE, (host) => host.rank);
  private readonly exposed = new TopList<ExposedAsset & { rank: number }>(TOP_LIST_SIZE, (asset) => asset.rank);

  /** Adds one asset summary to the aggregates. */
  add(asset: AssetSummary): void {
    this.assetsAnalyzed++;
    const sources = asset.discoverySources ?? [];
    for (const source of sources) this.sources.entry(source).count++;
    const isInternetFacing = sources.includes("EASM");
    if (isInternetFacing) this.internetFacing++;

    const stage = asset.os?.lifecycleStage ?? "Unknown";
    this.stages.entry(stage).count++;
    const osUnsupported = UNSUPPORTED_STAGE.test(stage);
    if (osUnsupported) {
      this.unsupportedOsHostsTotal++;
      const host: UnsupportedHost & { rank: number } = { stage, rank: (asset.riskScore ?? 0) + (isInternetFacing ? 10_000 : 0) };
      assignDefined(host, { id: asset.id, name: asset.name, os: asset.os?.name, eolDate: asset.os?.eolDate, eosDate: asset.os?.eosDate });
      this.unsupportedHosts.offer(host);
    }

    if (asset.riskScore !== undefined) this.bands.entry(riskBand(asset.riskScore)).count++;

    for (const item of asset.riskySoftware ?? []) {
      if (item.name === undefined) continue;
      const key = `${item.name}\u0000${item.version ?? ""}`;
      const entry = this.software.entry(key, (created) => {
        created.name = item.name!;
        assignDefined(created, { version: item.version, cpe: item.cpe, lifecycleStage: item.lifecycleStage });
      });
      entry.assets++;
      if (item.detectionScore !== undefined) entry.maxDetectionScore = Math.max(entry.maxDetectionScore ?? 0, item.detectionScore);
    }

    const seenPorts = new Set<string>();
    for (const port of asset.openPorts ?? []) {
      const key = `${port.port}/${port.protocol ?? ""}`;
      if (seenPorts.has(key)) continue;
      seenPorts.add(key);
      const entry = this.ports.entry(key, (created) => {
        created.port = port.port;
        assignDefined(created, { protocol: port.protocol, service: port.service });
      });
      entry.assets++;
    }

    const reasons = exposureReasons(asset, isInternetFacing, osUnsupported);
    const exposure: ExposedAsset & { rank: number } = { reasons, rank: exposureRank(asset, isInternetFacing, osUnsupported) };
    assignDefined(exposure, { id: asset.id, name: asset.name, riskScore: asset.riskScore });
    this.exposed.offer(exposure);
  }

  /** Returns the aggregates of every asset added so far. */
  result(): AttackSurfaceSummary {
    const software = [...this.software.entries.values()]
      .filter((entry) => entry.assets > 0)
      .sort((left, right) => (right.maxDetectionScore ?? 0) - (left.maxDetectionScore ?? 0) || right.assets - left.assets);
    const ports = [...this.ports.entries.values()].filter((entry) => entry.assets > 0).sort((left, right) => right.assets - left.assets || left.port - right.port);
    return {
      assetsAnalyzed: this.assetsAnalyzed,
      bySource: countsOf(this.sources),
      internetFacing: this.internetFacing,
      osLifecycle: countsOf(this.stages),
      unsupportedOsHosts: this.unsupportedHosts.values().map(withoutRank),
      unsupportedOsHostsTotal: this.unsupportedOsHostsTotal,
      riskySoftware: software.slice(0, TOP_LIST_SIZE),
      riskySoftwareDistinct: software.length,
      openPorts: ports.slice(0, TOP_LIST_SIZE),
      mostExposed: this.exposed.values().filter((asset) => asset.reasons.length > 0).map(withoutRank),
      riskBands: countsOf(this.bands),
    };
  }
}

function exposureReasons(asset: AssetSummary, isInternetFacing: boolean, osUnsupported: boolean): string[] {
  const reasons: string[] = [];
  if (asset.riskScore !== undefined && asset.riskScore >= 500) reasons.push(`TruRisk ${asset.riskScore} (${riskBand(asset.riskScore)})`);
  if (isInternetFacing) reasons.push("internet-facing (found by EASM)");
  if (osUnsupported) reasons.push(`${asset.os?.lifecycleStage} operating system${asset.os?.name ? `: ${asset.os.name}` : ""}`);
  const risky = asset.riskySoftwareTotal ?? asset.riskySoftware?.length ?? 0;
  if (risky > 0) reasons.push(`${risky} risky software item${risky === 1 ? "" : "s"}`);
  const ports = asset.openPortsTotal ?? asset.openPorts?.length ?? 0;
  if (isInternetFacing && ports > 0) reasons.push(`${ports} open port${ports === 1 ? "" : "s"}`);
  return reasons;
}

/** Ranks exposure: TruRisk first, raised for internet-facing assets and unsupported systems. */
function exposureRank(asset: AssetSummary, isInternetFacing: boolean, osUnsupported: boolean): number {
  return (asset.riskScore ?? 0) + (isInternetFacing ? 300 : 0) + (osUnsupported ? 150 : 0) + Math.min(asset.riskySoftwareTotal ?? asset.riskySoftware?.length ?? 0, 10) * 10;
}

function countsOf(counter: BoundedCounter<{ count: number }>): Record<string, number> {
  const sorted = [...counter.entries.entries()].sort((left, right) => right[1].count - left[1].count);
  return Object.fromEntries(sorted.map(([key, value]) => [key, value.count]));
}

function withoutRank<Item extends { rank: number }>(item: Item): Omit<Item, "rank"> {
  const { rank: _rank, ...rest } = item;
  return rest;
}

function assignDefined<Target extends object>(target: Target, values: Partial<Target>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
