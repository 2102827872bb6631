/**
 * Benchmark 3, bytes: the size of a tool's text result, which is what an assistant reads,
 * against the raw gateway JSON for the same requests.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { SandboxGateway } from "../src/sandbox/index.js";
import { apiRequestsSince, DirectGateway } from "./lib/gateway.js";
import { startCliSession, toolText, type McpSession } from "./lib/mcp.js";
import type { BenchmarkResult, Verdict } from "./lib/result.js";
import { formatBytes, formatCount, formatPercent } from "./lib/stats.js";

/** Maximum share of the raw gateway bytes that a summary result may take. */
const TARGET_SUMMARY_SHARE = 0.1;
/** Rough bytes per token of JSON text, for the token estimate. Tokenizers differ. */
const BYTES_PER_TOKEN_ESTIMATE = 4;

interface ByteCase {
  label: string;
  tool: string;
  args: (firstAssetId: number) => Record<string, unknown>;
  /** True when the case returns summaries, so the 10% target applies. */
  summary: boolean;
  /** True for the headline "50 realistic assets" figure. */
  headline?: boolean;
}

const CASES: ByteCase[] = [
  { label: "search_assets, pageSize 25, summary", tool: "search_assets", args: () => ({ pageSize: 25, detail: "summary" }), summary: true },
  { label: "search_assets, pageSize 50, summary", tool: "search_assets", args: () => ({ pageSize: 50, detail: "summary" }), summary: true, headline: true },
  { label: "search_assets, pageSize 300, summary", tool: "search_assets", args: () => ({ pageSize: 300, detail: "summary" }), summary: true },
  { label: "search_assets, pageSize 50, full", tool: "search_assets", args: () => ({ pageSize: 50, detail: "full" }), summary: false },
  { label: "list_assets_v1, pageSize 50, summary", tool: "list_assets_v1", args: () => ({ pageSize: 50, detail: "summary" }), summary: true },
  { label: "get_asset, summary", tool: "get_asset", args: (id) => ({ assetId: id, detail: "summary" }), summary: true },
  { label: "get_asset, full", tool: "get_asset", args: (id) => ({ assetId: id, detail: "full" }), summary: false },
  { label: "get_asset_v1, summary", tool: "get_asset_v1", args: (id) => ({ assetId: id, detail: "summary" }), summary: true },
  { label: "count_assets, no filter", tool: "count_assets", args: () => ({}), summary: false },
  { label: "count_assets_v1, QQL filter", tool: "count_assets_v1", args: () => ({ filter: "operatingSystem:(lifecycle.stage:EOL)" }), summary: false },
];

interface ByteMeasurement {
  byteCase: ByteCase;
  rawBytes: number;
  textBytes: number;
  messageBytes: number;
  /** For a page of summaries: bytes of the text taken by each asset field, largest first. */
  fieldBytes?: Array<[string, number]>;
}

/** Adds up, over every asset of a summary page, the JSON bytes of each field (name, value and separators). */
function bytesByField(text: string): Array<[string, number]> | undefined {
  const assets = (JSON.parse(text) as { assets?: unknown }).assets;
  if (!Array.isArray(assets)) return undefined;
  const totals = new Map<string, number>();
  for (const asset of assets as Array<Record<string, unknown>>) {
    for (const [field, value] of Object.entries(asset)) {
      const bytes = Buffer.byteLength(`${JSON.stringify(field)}:${JSON.stringify(value)},`, "utf8");
      totals.set(field, (totals.get(field) ?? 0) + bytes);
    }
  }
  return [...totals].sort((left, right) => right[1] - left[1]);
}

/** Calls the tool, then sends each gateway request it made again directly and adds up the raw body sizes. */
async function measureCase(sandbox: SandboxGateway, cli: McpSession, direct: DirectGateway, byteCase: ByteCase, firstAssetId: number): Promise<ByteMeasurement> {
  const before = sandbox.requests.length;
  const result = await cli.call(byteCase.tool, byteCase.args(firstAssetId));
  const sent = apiRequestsSince(sandbox.requests, before);
  if (sent.length === 0) throw new Error(`${byteCase.tool} sent no gateway request`);

  let rawBytes = 0;
  for (const recorded of sent) {
    const response = await direct.replay(recorded);
    if (response.status !== 200) throw new Error(`Direct ${recorded.method} ${recorded.path} returned HTTP ${response.status}`);
    rawBytes += Buffer.byteLength(response.text, "utf8");
  }
  const text = toolText(result);
  const measurement: ByteMeasurement = {
    byteCase,
    rawBytes,
    textBytes: Buffer.byteLength(text, "utf8"),
    messageBytes: Buffer.byteLength(JSON.stringify(result), "utf8"),
  };
  if (byteCase.headline) measurement.fieldBytes = bytesByField(text);
  return measurement;
}

function firstAssetIdOf(result: CallToolResult): number {
  const assets = (result.structuredContent as { assets?: Array<{ id?: number }> } | undefined)?.assets;
  const id = assets?.[0]?.id;
  if (id === undefined) throw new Error("search_assets returned no asset id to use for get_asset");
  return id;
}

/** Measures every case against a sandbox with the default tenant (1,000 assets, seed "qualys-easm-mcp"). */
export async function benchmarkBytes(sandbox: SandboxGateway): Promise<BenchmarkResult> {
  const cli = await startCliSession(sandbox.url);
  const direct = await DirectGateway.connect(sandbox.url);
  try {
    const firstAssetId = firstAssetIdOf(await cli.call("search_assets", { pageSize: 1 }));
    const measurements: ByteMeasurement[] = [];
    for (const byteCase of CASES) measurements.push(await measureCase(sandbox, cli, direct, byteCase, firstAssetId));
    sandbox.clearRequests();
    return buildResult(measurements);
  } finally {
    await Promise.all([cli.close(), direct.close()]);
  }
}

/** Describes in one line the fields that take the most of the headline summary's text. */
function describeFieldShares(measurement: ByteMeasurement): string {
  const assets = measurement.byteCase.args(0).pageSize as number;
  const shares = measurement.fieldBytes!.slice(0, 8).map(([field, bytes]) => `${field} ${formatPercent(bytes / measurement.textBytes)}`);
  return `Share of the ${assets}-asset summary text by asset field (largest 8): ${shares.join(", ")}. The average summary is ${formatBytes(measurement.textBytes / assets)} per asset against ${formatBytes(measurement.rawBytes / assets)} of raw record.`;
}

function buildResult(measurements: ByteMeasurement[]): BenchmarkResult {
  const share = (measurement: ByteMeasurement) => measurement.textBytes / measurement.rawBytes;
  const headline = measurements.find((measurement) => measurement.byteCase.headline)!;
  const summaries = measurements.filter((measurement) => measurement.byteCase.summary);
  const worst = summaries.reduce((largest, measurement) => (share(measurement) > share(largest) ? measurement : largest));

  const verdicts: Verdict[] = [
    {
      label: "Bytes, 50 realistic assets (search_assets summary)",
      figure: `${formatBytes(headline.textBytes)} vs ${formatBytes(headline.rawBytes)} raw: ${formatPercent(share(headline))}`,
      target: `< ${formatPercent(TARGET_SUMMARY_SHARE)} of raw`,
      met: share(headline) < TARGET_SUMMARY_SHARE,
    },
    {
      label: "Bytes, largest summary share of all summary rows",
      figure: `${formatPercent(share(worst))} (${worst.byteCase.label})`,
      target: `< ${formatPercent(TARGET_SUMMARY_SHARE)} of raw`,
      met: share(worst) < TARGET_SUMMARY_SHARE,
    },
  ];

  return {
    title: "Result size against raw gateway JSON",
    verdicts,
    columns: ["tool call", "raw gateway JSON", "tool result text", "text / raw", `≈ tokens of the text (bytes ÷ ${BYTES_PER_TOKEN_ESTIMATE})`, "whole MCP result (text + structuredContent)"],
    rows: measurements.map((measurement) => [
      measurement.byteCase.label + (measurement.byteCase.headline ? " (50 realistic assets)" : ""),
      formatBytes(measurement.rawBytes),
      formatBytes(measurement.textBytes),
      formatPercent(share(measurement)),
      formatCount(measurement.textBytes / BYTES_PER_TOKEN_ESTIMATE),
      formatBytes(measurement.messageBytes),
    ]),
    details: headline.fieldBytes === undefined ? [] : [describeFieldShares(headline)],
    method: [
      "Each tool is called once through `dist/src/cli.js` against a sandbox gateway with the default tenant (1,000 assets, seed `qualys-easm-mcp`), so the figures repeat exactly from run to run. The gateway requests the call made are taken from the sandbox's request log and sent again directly with undici. The raw figure is the UTF-8 size of those response bodies.",
      "The text figure is the UTF-8 size of the result's first text block, the form of the result that every MCP client can pass to the model. The result also carries the same object as `structuredContent`, so the whole MCP message, in the last column, is about twice the text.",
      `The token column is an estimate at ${BYTES_PER_TOKEN_ESTIMATE} bytes per token, and the real count depends on the model's tokenizer. The 10% target applies to summary rows only: a full record is the gateway's record by design, and a count is small either way.`,
    ],
  };
}
