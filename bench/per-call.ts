/**
 * Benchmark 2, per-call overhead: a tool call through MCP over stdio against the same
 * gateway request sent directly with undici, and the bare SDK server's echo tool as the
 * floor of an MCP round trip over stdio.
 */
import { performance } from "node:perf_hooks";
import type { SandboxGateway } from "../src/sandbox/index.js";
import { apiRequestsSince, DirectGateway } from "./lib/gateway.js";
import { startBareSession, startCliSession, type McpSession } from "./lib/mcp.js";
import type { BenchmarkResult, Verdict } from "./lib/result.js";
import { describeSamples, formatMs, type SampleStats } from "./lib/stats.js";

/** Maximum median time a tool call may add to the gateway request it makes. */
const TARGET_ADDED_MS = 1;

interface ToolCase {
  label: string;
  tool: string;
  args: Record<string, unknown>;
}

const TOOL_CASES: ToolCase[] = [
  { label: "get_easm_profile", tool: "get_easm_profile", args: { profileName: "EASM Default Profile" } },
  {
    label: "count_assets (OS stage IN EOL,EOS,EOL/EOS)",
    tool: "count_assets",
    args: { filters: [{ field: "operatingSystem.lifecycle.stage", operator: "IN", value: "EOL,EOS,EOL/EOS" }] },
  },
];

async function timeMs(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

export interface PerCallOptions {
  warmupCalls: number;
  measuredCalls: number;
}

/** Measures each tool case and its direct request in alternation, with the bare echo call in the same loop. */
export async function benchmarkPerCall(sandbox: SandboxGateway, options: PerCallOptions): Promise<BenchmarkResult> {
  const cli = await startCliSession(sandbox.url);
  const bare = await startBareSession();
  const direct = await DirectGateway.connect(sandbox.url);
  try {
    // One call of each tool records the exact gateway request that the direct client then repeats.
    const directCalls: Array<() => Promise<unknown>> = [];
    for (const toolCase of TOOL_CASES) {
      const before = sandbox.requests.length;
      await cli.call(toolCase.tool, toolCase.args);
      const sent = apiRequestsSince(sandbox.requests, before);
      if (sent.length !== 1) throw new Error(`${toolCase.tool} sent ${sent.length} gateway requests, but the benchmark expects exactly 1`);
      const recorded = sent[0]!;
      directCalls.push(async () => {
        const response = await direct.replay(recorded);
        if (response.status !== 200) throw new Error(`Direct ${recorded.method} ${recorded.path} returned HTTP ${response.status}`);
      });
    }

    const mcpSamples = TOOL_CASES.map(() => [] as number[]);
    const directSamples = TOOL_CASES.map(() => [] as number[]);
    const bareSamples: number[] = [];
    for (let iteration = 0; iteration < options.warmupCalls + options.measuredCalls; iteration++) {
      const measured = iteration >= options.warmupCalls;
      for (const [index, toolCase] of TOOL_CASES.entries()) {
        const mcpMs = await timeMs(() => cli.call(toolCase.tool, toolCase.args));
        const directMs = await timeMs(directCalls[index]!);
        if (measured) {
          mcpSamples[index]!.push(mcpMs);
          directSamples[index]!.push(directMs);
        }
      }
      const bareMs = await timeMs(() => bare.call("echo", { text: "ping" }));
      if (measured) bareSamples.push(bareMs);
    }
    // The sandbox keeps every request, so drop this benchmark's thousands of them.
    sandbox.clearRequests();

    return buildResult(
      TOOL_CASES.map((toolCase, index) => ({ label: toolCase.label, mcp: describeSamples(mcpSamples[index]!), direct: describeSamples(directSamples[index]!) })),
      describeSamples(bareSamples),
      options,
    );
  } finally {
    await Promise.all([cli.close(), bare.close(), direct.close()]);
  }
}

function buildResult(cases: Array<{ label: string; mcp: SampleStats; direct: SampleStats }>, bare: SampleStats, options: PerCallOptions): BenchmarkResult {
  const verdicts: Verdict[] = cases.map(({ label, mcp, direct }) => {
    const added = mcp.median - direct.median;
    return {
      label: `Per-call overhead, ${label.split(" ")[0]} (median added)`,
      figure: `${formatMs(added)} (${formatMs(mcp.median)} via MCP vs ${formatMs(direct.median)} direct)`,
      target: `< ${TARGET_ADDED_MS} ms`,
      met: added < TARGET_ADDED_MS,
    };
  });
  const rows = cases.map(({ label, mcp, direct }) => [
    label,
    `${formatMs(mcp.median)} / ${formatMs(mcp.p99)}`,
    `${formatMs(direct.median)} / ${formatMs(direct.p99)}`,
    formatMs(mcp.median - direct.median),
    formatMs(mcp.p99 - direct.p99),
  ]);
  rows.push(["bare SDK server, echo tool (no gateway)", `${formatMs(bare.median)} / ${formatMs(bare.p99)}`, "n/a", "n/a", "n/a"]);

  return {
    title: "Per-call overhead",
    verdicts,
    columns: ["call", "via MCP over stdio: median / p99", "direct undici: median / p99", "added: median", "added: p99"],
    rows,
    method: [
      `${options.measuredCalls} measured calls of each kind after ${options.warmupCalls} unmeasured ones, one after another, alternating MCP call, direct request and bare echo call so that drift affects all three alike.`,
      "The MCP side is the SDK's Client and StdioClientTransport driving `dist/src/cli.js --gateway-url` against a sandbox gateway (default tenant of 1,000 assets) in the benchmark process. The direct side repeats the exact request the CLI sent (method, path, query, body) with undici `request`, a keep-alive Agent and a token from the sandbox's POST /auth, and reads the whole body.",
      "Added time is the difference of the medians (and of the 99th percentiles, nearest rank). It includes the JSON-RPC round trip over two pipes, the SDK's schema validation, our summary and the JSON serialization of the result. The bare echo row shows how much of that the SDK and stdio cost with no gateway call at all.",
    ],
  };
}
