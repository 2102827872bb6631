/**
 * Benchmark 1, cold start: time from spawning the server to its response to the first
 * tools/list, and the server's peak RSS, for the CLI against the bare SDK server.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { BARE_SERVER_PATH, CLI_PATH, cliEnvironment, IMPORT_COST_PATH, peakRssBytes, REPOSITORY_ROOT } from "./lib/processes.js";
import type { BenchmarkResult } from "./lib/result.js";
import { describeSamples, formatBytes, formatMs, formatRatio, type SampleStats } from "./lib/stats.js";

/** Maximum ratio to the bare server that meets the target, for both time and peak RSS. */
const TARGET_RATIO = 1.3;
/** Maximum time for one start; a slower start fails the run. */
const START_TIMEOUT_MS = 30_000;

interface StartSample {
  initializeMs: number;
  toolsListMs: number;
  peakRss: number;
  tools: number;
}

/**
 * Spawns one server, sends initialize at once and, after its response, the initialized
 * notification and tools/list. Times both responses from just before spawn, reads VmHWM
 * after tools/list, then closes stdin and waits for the process to exit.
 */
function measureStart(args: string[], env: Record<string, string>): Promise<StartSample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    let buffered = "";
    let initializeMs = 0;
    let sample: StartSample | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`No tools/list response within ${START_TIMEOUT_MS} ms from ${args.join(" ")}. stderr: ${stderr.slice(-2000)}`));
    }, START_TIMEOUT_MS);

    const send = (message: object): void => {
      child.stdin.write(`${JSON.stringify(message)}\n`);
    };

    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      for (let newline = buffered.indexOf("\n"); newline !== -1; newline = buffered.indexOf("\n")) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const message = JSON.parse(line) as { id?: number; result?: { tools?: unknown[] }; error?: unknown };
        if (message.error !== undefined) {
          clearTimeout(timer);
          child.kill("SIGKILL");
          reject(new Error(`Request ${message.id} failed: ${JSON.stringify(message.error)}`));
          return;
        }
        if (message.id === 1) {
          initializeMs = performance.now() - started;
          send({ jsonrpc: "2.0", method: "notifications/initialized" });
          send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
        } else if (message.id === 2) {
          const toolsListMs = performance.now() - started;
          const peakRss = peakRssBytes(child.pid!);
          if (peakRss === undefined) {
            reject(new Error(`Cannot read /proc/${child.pid}/status: the cold-start benchmark needs Linux`));
            return;
          }
          sample = { initializeMs, toolsListMs, peakRss, tools: message.result?.tools?.length ?? 0 };
          child.stdin.end();
        }
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (sample) resolve(sample);
      else reject(new Error(`${args.join(" ")} exited (code ${code}, signal ${signal}) before responding to tools/list. stderr: ${stderr.slice(-2000)}`));
    });

    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "qualys-easm-mcp-bench", version: "1.0.0" } },
    });
  });
}

interface Series {
  initialize: SampleStats;
  toolsList: SampleStats;
  peakRss: SampleStats;
  tools: number;
}

function summarize(samples: StartSample[]): Series {
  return {
    initialize: describeSamples(samples.map((sample) => sample.initializeMs)),
    toolsList: describeSamples(samples.map((sample) => sample.toolsListMs)),
    peakRss: describeSamples(samples.map((sample) => sample.peakRss)),
    tools: samples[0]!.tools,
  };
}

/** Packages the bare server loads too, so their cost is not part of the difference. */
const SHARED_PACKAGES = new Set(["@modelcontextprotocol/sdk", "zod"]);
/** Fresh processes per import measured. The report shows their median. */
const IMPORT_COST_RUNS = 3;

interface ImportCost {
  name: string;
  ms: number;
  rssBytes: number;
}

/**
 * Measures what each runtime dependency, and each half of the CLI's start-up graph,
 * adds to a process that has already loaded the SDK and zod.
 */
function measureImportCosts(): ImportCost[] {
  const manifest = JSON.parse(readFileSync(`${REPOSITORY_ROOT}package.json`, "utf8")) as { dependencies?: Record<string, string> };
  const targets = Object.keys(manifest.dependencies ?? {})
    .filter((name) => !SHARED_PACKAGES.has(name))
    .map((name) => ({ name, specifier: name }));
  // The two halves of the CLI's start-up graph: the MCP server with the tool catalog, and the gateway client.
  for (const modulePath of ["src/server.js", "src/gateway/client.js"]) {
    targets.push({ name: `dist/${modulePath} with everything it imports`, specifier: new URL(`../${modulePath}`, import.meta.url).href });
  }

  return targets.map(({ name, specifier }) => {
    const samples: Array<{ ms: number; rssBytes: number }> = [];
    for (let run = 0; run < IMPORT_COST_RUNS; run++) {
      const output = execFileSync(process.execPath, [IMPORT_COST_PATH, specifier], { encoding: "utf8", cwd: REPOSITORY_ROOT });
      samples.push(JSON.parse(output) as { ms: number; rssBytes: number });
    }
    return {
      name,
      ms: describeSamples(samples.map((sample) => sample.ms)).median,
      rssBytes: describeSamples(samples.map((sample) => sample.rssBytes)).median,
    };
  });
}

/** Runs the CLI and the bare server `runs` times each, alternating, after one unmeasured start of each. */
export async function benchmarkColdStart(gatewayUrl: string, runs: number): Promise<BenchmarkResult> {
  const cliArgs = [CLI_PATH, "--gateway-url", gatewayUrl];
  const bareEnv = { PATH: process.env.PATH ?? "" };
  await measureStart(cliArgs, cliEnvironment());
  await measureStart([BARE_SERVER_PATH], bareEnv);

  const cliSamples: StartSample[] = [];
  const bareSamples: StartSample[] = [];
  for (let run = 0; run < runs; run++) {
    cliSamples.push(await measureStart(cliArgs, cliEnvironment()));
    bareSamples.push(await measureStart([BARE_SERVER_PATH], bareEnv));
  }

  const importCosts = measureImportCosts();
  const cli = summarize(cliSamples);
  const bare = summarize(bareSamples);
  const timeRatio = cli.toolsList.median / bare.toolsList.median;
  const rssRatio = cli.peakRss.median / bare.peakRss.median;
  const row = (name: string, series: Series): string[] => [
    name,
    String(series.tools),
    formatMs(series.initialize.median),
    `${formatMs(series.toolsList.median)} (${formatMs(series.toolsList.min)}–${formatMs(series.toolsList.max)})`,
    `${formatBytes(series.peakRss.median)} (${formatBytes(series.peakRss.min)}–${formatBytes(series.peakRss.max)})`,
  ];

  return {
    title: "Cold start",
    verdicts: [
      {
        label: "Cold start, spawn to first tools/list (median)",
        figure: `${formatMs(cli.toolsList.median)} vs ${formatMs(bare.toolsList.median)} bare: ${formatRatio(timeRatio)}`,
        target: `≤ ${TARGET_RATIO}x the bare server`,
        met: timeRatio <= TARGET_RATIO,
      },
      {
        label: "Cold start, peak RSS (median)",
        figure: `${formatBytes(cli.peakRss.median)} vs ${formatBytes(bare.peakRss.median)} bare: ${formatRatio(rssRatio)}`,
        target: `≤ ${TARGET_RATIO}x the bare server`,
        met: rssRatio <= TARGET_RATIO,
      },
    ],
    columns: ["server", "tools", "initialize answered (median)", "tools/list answered: median (min–max)", "peak RSS: median (min–max)"],
    rows: [row("qualys-easm-mcp (dist/src/cli.js --gateway-url)", cli), row("bare SDK server (bench/bare-server.ts)", bare)],
    details: [
      `Import cost on top of the SDK and zod, median of ${IMPORT_COST_RUNS} fresh processes each (the costs overlap, so they do not add up exactly): ` +
        importCosts.map((cost) => `${cost.name} ${formatMs(cost.ms)} / ${formatBytes(cost.rssBytes)}`).join(", ") +
        ".",
    ],
    method: [
      `${runs} starts of each server, alternating, after one unmeasured start of each. Each start spawns \`node\` directly (no shell), writes \`initialize\` at once, and after its response sends \`notifications/initialized\` and \`tools/list\`. Times run from just before spawn to each response.`,
      "Peak RSS is VmHWM from /proc/<pid>/status, read after the tools/list response and before stdin closes.",
      "The import costs come from `bench/import-cost.ts`, run in a fresh process per measurement. It loads the SDK's McpServer, its stdio transport and zod, then times one more `import()` and reads the growth of RSS.",
      "The CLI points at a sandbox gateway in the benchmark process. It fetches no token before the first tool call, so start-up sends nothing to the gateway. The bare server registers one echo tool with the SDK's McpServer and nothing else.",
    ],
  };
}
