/**
 * Benchmark 4, summarize_attack_surface over large tenants: assets per second and the
 * server's peak RSS at several sizes, against a walk of the same pages with undici alone.
 */
import { performance } from "node:perf_hooks";
import { startSandbox } from "../src/sandbox/index.js";
import { apiRequestsSince, DirectGateway } from "./lib/gateway.js";
import { startCliSession } from "./lib/mcp.js";
import { BENCH_PASSWORD, BENCH_USERNAME, cpuTimeMs } from "./lib/processes.js";
import type { BenchmarkResult, Verdict } from "./lib/result.js";
import { formatBytes, formatCount, formatMs, formatRatio } from "./lib/stats.js";

/** Maximum peak RSS of the server at the largest size: 150 MB. */
const TARGET_PEAK_RSS_BYTES = 150 * 1000 * 1000;
/**
 * Maximum growth of the server's peak RSS from the smallest to the largest size that
 * still counts as flat memory. The aggregator's state is bounded, so retained memory does
 * not grow with the tenant. The peak still varies with the timing of major GCs.
 */
const FLAT_MEMORY_RATIO = 1.2;

interface WalkMeasurement {
  assets: number;
  pages: number;
  mcpMs: number;
  /** CPU time the server process used during the call. */
  serverCpuMs: number;
  /** Peak RSS of the server once connected, before the call. */
  idlePeakRss: number;
  peakRss: number;
  directMs: number;
  /** Raw bytes of every page of the walk. */
  rawBytes: number;
}

/** Walks one tenant size: the tool call through a fresh CLI process, then the same requests directly. */
async function measureWalk(assets: number): Promise<WalkMeasurement> {
  const sandbox = await startSandbox({ assets, username: BENCH_USERNAME, password: BENCH_PASSWORD });
  const cli = await startCliSession(sandbox.url);
  const direct = await DirectGateway.connect(sandbox.url);
  try {
    const idlePeakRss = cli.peakRss() ?? Number.NaN;
    const before = sandbox.requests.length;
    const cpuBefore = cpuTimeMs(cli.pid) ?? Number.NaN;
    const started = performance.now();
    const result = await cli.call("summarize_attack_surface", { maxAssets: assets });
    const mcpMs = performance.now() - started;
    const serverCpuMs = (cpuTimeMs(cli.pid) ?? Number.NaN) - cpuBefore;
    const peakRss = cli.peakRss() ?? Number.NaN;

    const summary = result.structuredContent as { assetsAnalyzed?: number; complete?: boolean; pagesRead?: number } | undefined;
    if (summary?.assetsAnalyzed !== assets || summary.complete !== true) {
      throw new Error(`summarize_attack_surface analyzed ${summary?.assetsAnalyzed} of ${assets} assets (complete: ${summary?.complete})`);
    }

    // The same requests (one count, then every page) are sent again directly. Each page is parsed, as any client must do to read the cursor.
    const sent = apiRequestsSince(sandbox.requests, before);
    sandbox.clearRequests();
    let rawBytes = 0;
    const directStarted = performance.now();
    for (const recorded of sent) {
      const response = await direct.replay(recorded);
      if (response.status !== 200) throw new Error(`Direct ${recorded.method} ${recorded.path} returned HTTP ${response.status}`);
      JSON.parse(response.text);
      rawBytes += Buffer.byteLength(response.text, "utf8");
    }
    const directMs = performance.now() - directStarted;

    return { assets, pages: summary.pagesRead ?? 0, mcpMs, serverCpuMs, idlePeakRss, peakRss, directMs, rawBytes };
  } finally {
    await Promise.all([cli.close(), direct.close()]);
    await sandbox.close();
  }
}

const perSecond = (assets: number, ms: number): number => (assets * 1000) / ms;

/** Walks each size in ascending order. The targets apply to the last size. */
export async function benchmarkAttackSurface(sizes: number[]): Promise<BenchmarkResult> {
  const measurements: WalkMeasurement[] = [];
  for (const size of sizes) measurements.push(await measureWalk(size));

  const smallest = measurements[0]!;
  const largest = measurements[measurements.length - 1]!;
  const growth = largest.peakRss / smallest.peakRss;
  const verdicts: Verdict[] = [
    {
      label: `Attack-surface walk, server peak RSS at ${formatCount(largest.assets)} assets`,
      figure: formatBytes(largest.peakRss),
      target: `< 150 MB (${formatBytes(TARGET_PEAK_RSS_BYTES)})`,
      met: largest.peakRss < TARGET_PEAK_RSS_BYTES,
    },
    {
      label: `Attack-surface walk, peak RSS growth ${formatCount(smallest.assets)} → ${formatCount(largest.assets)} assets`,
      figure: `${formatRatio(growth)} (${formatBytes(smallest.peakRss)} → ${formatBytes(largest.peakRss)})`,
      target: `flat: ≤ ${FLAT_MEMORY_RATIO}x`,
      met: growth <= FLAT_MEMORY_RATIO,
    },
    {
      label: `Attack-surface walk, throughput at ${formatCount(largest.assets)} assets`,
      figure: `${formatCount(perSecond(largest.assets, largest.mcpMs))} assets/s vs ${formatCount(perSecond(largest.assets, largest.directMs))} gateway alone (${formatRatio(largest.mcpMs / largest.directMs)} the time)`,
      target: "none (shows which side limits)",
    },
  ];

  return {
    title: "summarize_attack_surface over large tenants",
    verdicts,
    columns: [
      "assets",
      "pages read",
      "raw gateway bytes",
      "tool call: time (assets/s)",
      "gateway alone: time (assets/s)",
      "tool / gateway time",
      "server CPU during the call",
      "server peak RSS: idle → after the walk",
    ],
    rows: measurements.map((measurement) => [
      formatCount(measurement.assets),
      formatCount(measurement.pages),
      formatBytes(measurement.rawBytes),
      `${formatMs(measurement.mcpMs)} (${formatCount(perSecond(measurement.assets, measurement.mcpMs))})`,
      `${formatMs(measurement.directMs)} (${formatCount(perSecond(measurement.assets, measurement.directMs))})`,
      formatRatio(measurement.mcpMs / measurement.directMs),
      `${formatMs(measurement.serverCpuMs)} (${Math.round((100 * measurement.serverCpuMs) / measurement.mcpMs)}% of the call)`,
      `${formatBytes(measurement.idlePeakRss)} → ${formatBytes(measurement.peakRss)}`,
    ]),
    method: [
      "For each size, a sandbox gateway with that many assets starts in the benchmark process and a fresh `dist/src/cli.js` process connects to it, so each peak RSS belongs to one walk. One `summarize_attack_surface` call with `maxAssets` equal to the size is timed through MCP. It makes one count request and then reads pages sized to about 3 MiB of JSON each (at most 300 assets), so the number of pages follows the record size.",
      "Gateway alone: the same requests, taken from the sandbox's request log, are sent again in order with undici and each body is parsed with JSON.parse, with no MCP and no summarising. The sandbox builds every asset record on each read, so its cost is the same for both walks.",
      `Server CPU is user plus system time of the CLI process from /proc/<pid>/stat over the call. When it is a small share of the call, the server spends most of the walk waiting for the gateway. It can exceed 100% because V8 runs garbage collection and compilation on helper threads. Peak RSS is VmHWM from /proc/<pid>/status: once after connecting (idle) and once after the call. "Flat" means the peak at the largest size is at most ${FLAT_MEMORY_RATIO}x the peak at the smallest.`,
    ],
  };
}
