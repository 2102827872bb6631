/** Renders benchmark results as plain-text tables for the terminal and as BENCHMARKS.md. */
import type { MachineDescription } from "./machine.js";
import type { BenchmarkResult, Verdict } from "./result.js";

export interface RunDescription {
  machine: MachineDescription;
  /** Start of the run, ISO 8601. */
  startedAt: string;
  durationMs: number;
  /** One-minute load averages at the start and the end of the run. */
  loadAverage: { start: number; end: number };
  command: string;
  quick: boolean;
}

function verdictWord(verdict: Verdict): string {
  if (verdict.met === undefined) return "n/a";
  return verdict.met ? "met" : "MISSED";
}

/** Pads each column to its widest cell. */
function textTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((column, index) => Math.max(column.length, ...rows.map((row) => (row[index] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join("  ").trimEnd();
  return [line(columns), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function markdownTable(columns: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(columns), line(columns.map(() => "---")), ...rows.map(line)].join("\n");
}

const SUMMARY_COLUMNS = ["benchmark", "figure", "target", "result"];

function summaryRows(results: BenchmarkResult[]): string[][] {
  return results.flatMap((result) => result.verdicts.map((verdict) => [verdict.label, verdict.figure, verdict.target, verdictWord(verdict)]));
}

function describeMachine(machine: MachineDescription): string {
  return `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.os}`;
}

function describeLoad(run: RunDescription): string {
  return `one-minute load average ${run.loadAverage.start.toFixed(2)} at the start, ${run.loadAverage.end.toFixed(2)} at the end`;
}

/** Renders the run as text for the terminal: the summary table, then each benchmark's table. */
export function renderText(results: BenchmarkResult[], run: RunDescription): string {
  const sections = [
    `Machine: ${describeMachine(run.machine)}`,
    `Run: ${run.startedAt}, ${Math.round(run.durationMs / 1000)} s${run.quick ? " (quick)" : ""}, ${describeLoad(run)}`,
    "",
    textTable(SUMMARY_COLUMNS, summaryRows(results)),
  ];
  for (const result of results) {
    sections.push("", `== ${result.title}`, textTable(result.columns, result.rows));
    for (const detail of result.details ?? []) sections.push(detail);
  }
  return `${sections.join("\n")}\n`;
}

/** Renders the whole BENCHMARKS.md page. `profilingNotes` is Markdown placed after the benchmarks, or "" for none. */
export function renderMarkdown(results: BenchmarkResult[], run: RunDescription, profilingNotes: string): string {
  const lines = [
    "# Benchmarks",
    "",
    "`bench/run.ts` writes this page. To change it, change the benchmarks in `bench/` (or the profiling notes in `bench/profiling-notes.md`) and run them again.",
    "",
    `- Command: \`${run.command}\` (builds first when \`dist/\` is stale). \`npm run bench -- --quick\` runs a smaller set and prints it without rewriting this page.`,
    `- Machine: ${describeMachine(run.machine)}`,
    `- Date: ${run.startedAt.slice(0, 10)} (run started ${run.startedAt}, took ${Math.round(run.durationMs / 1000)} s, ${describeLoad(run)})`,
    "- Every server listens on 127.0.0.1 and every request goes to 127.0.0.1. The gateway is the project's sandbox gateway (`src/sandbox/`), started in the benchmark process. No Qualys host is involved, so the figures show our overhead, not Qualys's latency.",
    "- Every figure comes from a single run on the machine above. Run it again to see the spread between runs. Other work on the machine shows in the load average and inflates the timings, most of all the p99 columns.",
    "",
    "## Summary",
    "",
    markdownTable(SUMMARY_COLUMNS, summaryRows(results)),
  ];

  results.forEach((result, index) => {
    lines.push("", `## ${index + 1}. ${result.title}`, "", markdownTable(result.columns, result.rows));
    if (result.details !== undefined && result.details.length > 0) lines.push("", ...result.details);
    lines.push("", "Method:", "");
    for (const paragraph of result.method) lines.push(`- ${paragraph}`);
  });

  if (profilingNotes.trim() !== "") lines.push("", profilingNotes.trim());
  return `${lines.join("\n")}\n`;
}
