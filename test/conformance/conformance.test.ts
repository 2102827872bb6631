/**
 * Runs the MCP conformance suite (@modelcontextprotocol/conformance, server mode) against
 * the built CLI serving Streamable HTTP on 127.0.0.1 with `--sandbox`, so no credentials
 * are needed and nothing leaves the machine. The DNS-rebinding scenario only sends a
 * fake Host header to that same address.
 *
 * conformance 0.1.16 imports fs.globSync, which Node adds in 22; node20-shim.mjs is
 * preloaded through NODE_OPTIONS so it loads on Node 20.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnCli, withListeningUrl, type HttpCli } from "../transport/cli-process.js";

const CONFORMANCE_CLI = resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
const SHIM = resolve("test/conformance/node20-shim.mjs");
const EXPECTED_FAILURES = resolve("test/conformance/expected-failures.yml");

/** The whole active suite takes about 2 s on 127.0.0.1; this bound only stops a hang. */
const CONFORMANCE_TIMEOUT_MS = 60_000;

/**
 * Scenarios whose pass shows something about this server. Two more scenarios,
 * tools-call-simple-text and tools-call-error, also pass, but only because their checks
 * look at the shape of the "Tool test_simple_text not found" error result, so they are
 * counted as neither a pass nor an expected failure.
 */
const MEANINGFUL_SCENARIOS = [
  "server-initialize",
  "ping",
  "tools-list",
  "logging-set-level",
  "resources-list",
  "prompts-list",
  "server-sse-multiple-streams",
  "dns-rebinding-protection",
];

interface ConformanceCheck {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | "SKIPPED";
  errorMessage?: string;
  details?: Record<string, unknown>;
}

interface ConformanceRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function runConformance(url: string, outputDir: string): Promise<ConformanceRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [CONFORMANCE_CLI, "server", "--url", url, "--expected-failures", EXPECTED_FAILURES, "-o", outputDir],
      {
        env: { PATH: process.env.PATH ?? "", NODE_OPTIONS: `--import ${pathToFileURL(SHIM).href}`, NO_COLOR: "1" },
        timeout: CONFORMANCE_TIMEOUT_MS,
        killSignal: "SIGKILL",
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (exitCode, signal) => resolvePromise({ exitCode, signal, output }));
  });
}

/** Reads the checks of each scenario from the result folders (`server-<scenario>-<timestamp>/checks.json`). */
function readChecks(outputDir: string): Map<string, ConformanceCheck[]> {
  const checks = new Map<string, ConformanceCheck[]>();
  for (const entry of readdirSync(outputDir)) {
    const match = /^server-(.+)-\d{4}-\d{2}-\d{2}T/.exec(entry);
    const file = join(outputDir, entry, "checks.json");
    if (match && existsSync(file)) checks.set(match[1]!, JSON.parse(readFileSync(file, "utf8")) as ConformanceCheck[]);
  }
  return checks;
}

/** Reads the scenario names listed under `server:` in the expected-failures file. */
function expectedFailures(): string[] {
  return readFileSync(EXPECTED_FAILURES, "utf8")
    .split("\n")
    .flatMap((line) => /^\s*-\s*([a-z0-9-]+)\s*$/.exec(line)?.[1] ?? []);
}

describe("MCP conformance (server mode, Streamable HTTP)", () => {
  let cli: HttpCli;
  let outputDir: string;
  let run: ConformanceRun;
  let checks: Map<string, ConformanceCheck[]>;

  beforeAll(async () => {
    cli = await withListeningUrl(spawnCli(["--sandbox", "--transport", "http", "--host", "127.0.0.1", "--port", "0", "--log-level", "info"]));
    outputDir = mkdtempSync(join(tmpdir(), "qualys-easm-mcp-conformance-"));
    run = await runConformance(cli.url, outputDir);
    checks = readChecks(outputDir);
  }, CONFORMANCE_TIMEOUT_MS + 15_000);

  afterAll(async () => {
    await cli?.stop();
    if (outputDir) rmSync(outputDir, { recursive: true, force: true });
  });

  it("exits 0 with every failure expected", () => {
    expect(run.signal, `conformance was killed after ${CONFORMANCE_TIMEOUT_MS} ms:\n${run.output}`).toBeNull();
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toContain("Baseline check passed");
  });

  it.each(MEANINGFUL_SCENARIOS)("passes %s", (scenario) => {
    const scenarioChecks = checks.get(scenario);
    expect(scenarioChecks, `no results for ${scenario}:\n${run.output}`).toBeDefined();
    const failed = scenarioChecks!.filter((check) => check.status === "FAILURE" || check.status === "WARNING");
    expect(failed.map((check) => `${check.id}: ${check.errorMessage}`)).toEqual([]);
    expect(scenarioChecks!.some((check) => check.status === "SUCCESS")).toBe(true);
  });

  it("lists this server's tools in tools-list", () => {
    const listed = checks.get("tools-list")?.find((check) => check.id === "tools-list");
    expect(listed?.details?.tools).toContain("list_easm_profiles");
  });

  it("expects no meaningful scenario to fail", () => {
    const listed = expectedFailures();
    expect(listed.length).toBeGreaterThan(0);
    for (const scenario of MEANINGFUL_SCENARIOS) expect(listed).not.toContain(scenario);
  });

  it("rejects the rebinding probe by its Host header", () => {
    expect(new URL(cli.url).hostname).toBe("127.0.0.1");
    const rejected = cli.logRecords().filter((record) => record.msg === "rejected an HTTP request with a foreign Host header");
    expect(rejected.length).toBeGreaterThan(0);
  });
});
