/** Summary statistics of timing samples, and number formatting for the report. */

export interface SampleStats {
  runs: number;
  median: number;
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile (0 < fraction ≤ 1) of samples sorted in ascending order. */
function percentile(sorted: readonly number[], fraction: number): number {
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1]!;
}

/** Computes the median, the 99th percentile (nearest rank), the minimum and the maximum. Throws on an empty list. */
export function describeSamples(samples: readonly number[]): SampleStats {
  if (samples.length === 0) throw new Error("describeSamples: no samples");
  const sorted = [...samples].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { runs: sorted.length, median, p99: percentile(sorted, 0.99), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Formats milliseconds with a precision that suits their size. */
export function formatMs(ms: number): string {
  if (Math.abs(ms) >= 100) return `${Math.round(ms)} ms`;
  if (Math.abs(ms) >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** Formats a size in bytes as B, KiB or MiB. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${Math.round(bytes)} B`;
}

/** Formats a ratio such as 1.07x. */
export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}x`;
}

/** Formats a fraction as a percentage with one decimal. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Formats an integer with thousands separators. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}
