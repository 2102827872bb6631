/**
 * Runs every benchmark, prints the tables, and rewrites BENCHMARKS.md (unless --quick).
 * Usage: npm run bench [-- --quick]. It expects the build in dist/, which `npm run bench` makes first.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { startSandbox } from "../src/sandbox/index.js";
import { benchmarkAttackSurface } from "./attack-surface.js";
import { benchmarkBytes } from "./bytes.js";
import { benchmarkColdStart } from "./cold-start.js";
import { benchmarkConcurrency } from "./concurrency.js";
import { describeMachine } from "./lib/machine.js";
import { BENCH_PASSWORD, BENCH_USERNAME, CLI_PATH, REPOSITORY_ROOT } from "./lib/processes.js";
import { renderMarkdown, renderText, type RunDescription } from "./lib/report.js";
import type { BenchmarkResult } from "./lib/result.js";
import { benchmarkPerCall } from "./per-call.js";

const USAGE = "Usage: node dist/bench/run.js [--quick]\n  --quick  fewer runs and tenants of up to 10,000 assets, printed without rewriting BENCHMARKS.md\n";

/** Run sizes. The quick set keeps the whole run under a minute on 2 cores. */
const FULL = { coldStartRuns: 10, warmupCalls: 50, measuredCalls: 300, tenantSizes: [1_000, 10_000, 100_000] };
const QUICK = { coldStartRuns: 3, warmupCalls: 20, measuredCalls: 100, tenantSizes: [1_000, 10_000] };

const BENCHMARKS_PAGE = `${REPOSITORY_ROOT}BENCHMARKS.md`;
/** Hand-written profiling notes, copied to the end of BENCHMARKS.md. */
const PROFILING_NOTES = `${REPOSITORY_ROOT}bench/profiling-notes.md`;

function parseArguments(argv: string[]): { quick: boolean } {
  let quick = false;
  for (const argument of argv) {
    if (argument === "--quick") quick = true;
    else if (argument === "--help" || argument === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else {
      process.stderr.write(`Unknown argument ${argument}.\n${USAGE}`);
      process.exit(2);
    }
  }
  return { quick };
}

async function main(): Promise<void> {
  const { quick } = parseArguments(process.argv.slice(2));
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build first, or use npm run bench, which builds`);
  const sizes = quick ? QUICK : FULL;
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg()[0]!;
  const started = performance.now();
  const results: BenchmarkResult[] = [];
  const step = async (name: string, benchmark: () => Promise<BenchmarkResult>): Promise<void> => {
    process.stderr.write(`bench: ${name}...\n`);
    const stepStarted = performance.now();
    results.push(await benchmark());
    process.stderr.write(`bench: ${name} took ${Math.round((performance.now() - stepStarted) / 1000)} s\n`);
  };

  // One sandbox with the default tenant (1,000 assets) serves the first three benchmarks.
  const sandbox = await startSandbox({ username: BENCH_USERNAME, password: BENCH_PASSWORD });
  try {
    await step("cold start", () => benchmarkColdStart(sandbox.url, sizes.coldStartRuns));
    await step("per-call overhead", () => benchmarkPerCall(sandbox, sizes));
    await step("result bytes", () => benchmarkBytes(sandbox));
  } finally {
    await sandbox.close();
  }
  await step("summarize_attack_surface walks", () => benchmarkAttackSurface(sizes.tenantSizes));
  await step("concurrent calls", () => benchmarkConcurrency());

  const run: RunDescription = {
    machine: describeMachine(),
    startedAt,
    durationMs: performance.now() - started,
    loadAverage: { start: loadAtStart, end: os.loadavg()[0]! },
    command: "npm run bench",
    quick,
  };
  process.stdout.write(renderText(results, run));

  if (quick) {
    process.stderr.write("bench: quick run, BENCHMARKS.md left unchanged\n");
    return;
  }
  const notes = existsSync(PROFILING_NOTES) ? readFileSync(PROFILING_NOTES, "utf8") : "";
  writeFileSync(BENCHMARKS_PAGE, renderMarkdown(results, run, notes));
  process.stderr.write(`bench: wrote ${BENCHMARKS_PAGE}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
