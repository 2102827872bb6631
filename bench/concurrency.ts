/**
 * Benchmark 5, 50 concurrent tool calls: how many POST /auth calls and new TCP connections
 * they cost, on a fresh server and after the gateway has expired every token.
 */
import { performance } from "node:perf_hooks";
import { DEFAULT_CONCURRENCY_LIMIT } from "../src/gateway/limits.js";
import { startSandbox, type SandboxGateway } from "../src/sandbox/index.js";
import { startCliSession, type McpSession } from "./lib/mcp.js";
import { BENCH_PASSWORD, BENCH_USERNAME } from "./lib/processes.js";
import { startCountingProxy, type CountingProxy } from "./lib/proxy.js";
import type { BenchmarkResult, Verdict } from "./lib/result.js";
import { formatMs } from "./lib/stats.js";

const CONCURRENT_CALLS = 50;
const TOOL = "get_easm_profile";
const TOOL_ARGS = { profileName: "EASM Default Profile" };

interface BurstMeasurement {
  scenario: string;
  authCalls: number;
  connections: number;
  /** Requests other than POST /auth that reached the gateway. */
  apiRequests: number;
  succeeded: number;
  wallMs: number;
}

/** Fires the calls at once and counts what reached the gateway while they ran. */
async function measureBurst(scenario: string, sandbox: SandboxGateway, proxy: CountingProxy, cli: McpSession): Promise<BurstMeasurement> {
  const authBefore = sandbox.authCalls();
  const connectionsBefore = proxy.connections();
  const requestsBefore = sandbox.requests.length;
  const started = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: CONCURRENT_CALLS }, () => cli.call(TOOL, TOOL_ARGS)));
  const wallMs = performance.now() - started;
  const received = sandbox.requests.slice(requestsBefore);
  return {
    scenario,
    authCalls: sandbox.authCalls() - authBefore,
    connections: proxy.connections() - connectionsBefore,
    apiRequests: received.filter((request) => request.path !== "/auth").length,
    succeeded: outcomes.filter((outcome) => outcome.status === "fulfilled").length,
    wallMs,
  };
}

/** Runs the burst on a fresh CLI process, then again on the same process after expireTokens(). */
export async function benchmarkConcurrency(): Promise<BenchmarkResult> {
  const sandbox = await startSandbox({ username: BENCH_USERNAME, password: BENCH_PASSWORD });
  const proxy = await startCountingProxy(sandbox.port);
  const cli = await startCliSession(proxy.url);
  try {
    const fresh = await measureBurst("fresh server (no token yet)", sandbox, proxy, cli);
    sandbox.expireTokens();
    const expired = await measureBurst("after expireTokens() (every call's token is rejected)", sandbox, proxy, cli);
    return buildResult([fresh, expired]);
  } finally {
    await cli.close();
    await proxy.close();
    await sandbox.close();
  }
}

function buildResult(measurements: BurstMeasurement[]): BenchmarkResult {
  const verdicts: Verdict[] = measurements.flatMap((measurement) => {
    const scenario = measurement.scenario.split(" (")[0];
    return [
      {
        label: `${CONCURRENT_CALLS} concurrent calls, ${scenario}: POST /auth calls`,
        figure: `${measurement.authCalls} (${measurement.succeeded} of ${CONCURRENT_CALLS} calls succeeded)`,
        target: "1",
        met: measurement.authCalls === 1 && measurement.succeeded === CONCURRENT_CALLS,
      },
      {
        label: `${CONCURRENT_CALLS} concurrent calls, ${scenario}: new TCP connections`,
        figure: String(measurement.connections),
        target: `≤ ${DEFAULT_CONCURRENCY_LIMIT} (the client's starting concurrency limit)`,
        met: measurement.connections <= DEFAULT_CONCURRENCY_LIMIT,
      },
    ];
  });

  return {
    title: `${CONCURRENT_CALLS} concurrent tool calls`,
    verdicts,
    columns: ["scenario", "calls succeeded", "POST /auth calls", "other gateway requests", "new TCP connections", "wall time"],
    rows: measurements.map((measurement) => [
      measurement.scenario,
      `${measurement.succeeded} of ${CONCURRENT_CALLS}`,
      String(measurement.authCalls),
      `${measurement.apiRequests} (${measurement.apiRequests - CONCURRENT_CALLS} resent after a 401)`,
      String(measurement.connections),
      formatMs(measurement.wallMs),
    ]),
    method: [
      `One \`dist/src/cli.js\` process talks to a sandbox gateway (default tenant) through a TCP proxy on 127.0.0.1 that counts accepted connections. ${CONCURRENT_CALLS} \`${TOOL}\` calls go out at once over one MCP session: first on the fresh process, then again after the sandbox's expireTokens() has made the token from the first burst fail with 401.`,
      `POST /auth calls come from the sandbox's authCalls() counter and other requests from its request log. The client starts with a concurrency limit of ${DEFAULT_CONCURRENCY_LIMIT} (DEFAULT_CONCURRENCY_LIMIT in src/gateway/limits.ts) and then follows the gateway's X-Concurrency-Limit-Limit header, which the sandbox sets to 2. Connections kept alive from the first burst may serve the second.`,
    ],
  };
}
