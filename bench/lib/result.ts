/** The shape every benchmark returns, which run.ts prints and writes to BENCHMARKS.md. */

/** One target of a benchmark and whether this run met it. */
export interface Verdict {
  /** Short label of the measured quantity, for the summary table. */
  label: string;
  figure: string;
  /** The target, or "none" for a figure reported for information. */
  target: string;
  /** Whether the run met the target, or undefined when there is none. */
  met?: boolean;
}

export interface BenchmarkResult {
  title: string;
  verdicts: Verdict[];
  /** The detailed table: header cells, then one array of cells per row. */
  columns: string[];
  rows: string[][];
  /** Further findings of the run, one line each, shown after the table. */
  details?: string[];
  /** Method notes, one sentence or short paragraph per entry. */
  method: string[];
}
