/**
 * The stdio transport of the built CLI, driven over raw pipes: stdout must carry nothing
 * but JSON-RPC messages, and the process must exit 0 on SIGTERM or when stdin closes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import type { SandboxGateway } from "../../src/sandbox/index.js";
import { GATEWAY_PASSWORD, GATEWAY_USER, spawnCli, startTestSandbox, waitForGatewayRequest, type CliProcess } from "./cli-process.js";

let sandbox: SandboxGateway;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});

afterEach(() => {
  sandbox.clearFaults();
  sandbox.clearRequests();
});

afterAll(async () => {
  await sandbox?.close();
});

function startStdioCli(): CliProcess {
  return spawnCli(["--gateway-url", sandbox.url, "--log-level", "debug"], { QUALYS_USERNAME: GATEWAY_USER, QUALYS_PASSWORD: GATEWAY_PASSWORD });
}

/** Writes one JSON-RPC message as a line on the process's stdin. */
function send(cli: CliProcess, message: Record<string, unknown>): void {
  cli.child.stdin!.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
}

/** Parses each stdout line so far as JSON. A line that does not parse fails the test. */
function stdoutMessages(cli: CliProcess): Array<Record<string, unknown>> {
  return cli
    .stdout()
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`stdout carries a line that is not JSON: ${line}`);
      }
    });
}

async function waitForResponse(cli: CliProcess, id: number, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = stdoutMessages(cli).find((message) => message.id === id && ("result" in message || "error" in message));
    if (response) return response;
    if (Date.now() > deadline) throw new Error(`no response to request ${id} within ${timeoutMs} ms. stderr:\n${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function initialize(cli: CliProcess): Promise<void> {
  send(cli, {
    id: 1,
    method: "initialize",
    params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "stdio-test", version: "1.0.0" } },
  });
  await waitForResponse(cli, 1);
  send(cli, { method: "notifications/initialized" });
}

/** Resolves with the exit status, or rejects when the process is still running after `timeoutMs`. */
async function exitWithin(cli: CliProcess, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the CLI was still running ${timeoutMs} ms later. stderr:\n${cli.stderr()}`)), timeoutMs);
  });
  try {
    return await Promise.race([cli.exited, timeout]);
  } finally {
    clearTimeout(timer);
    if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
  }
}

describe("stdio transport", () => {
  it("writes only JSON-RPC to stdout and logs to stderr", async () => {
    const cli = startStdioCli();
    await initialize(cli);
    send(cli, { id: 2, method: "tools/list" });
    send(cli, { id: 3, method: "tools/call", params: { name: "list_easm_profiles", arguments: {} } });
    send(cli, { id: 4, method: "tools/call", params: { name: "get_easm_profile", arguments: { profileName: "no such profile" } } });
    send(cli, { id: 5, method: "tools/call", params: { name: "no_such_tool", arguments: {} } });
    send(cli, { id: 6, method: "no/such/method" });
    send(cli, { id: 7, method: "ping" });
    for (const id of [2, 3, 4, 5, 6, 7]) await waitForResponse(cli, id);

    cli.child.stdin!.end();
    const status = await exitWithin(cli, 5000);
    expect(status.code).toBe(0);

    const messages = stdoutMessages(cli);
    expect(messages.length).toBeGreaterThanOrEqual(7);
    for (const message of messages) expect(message.jsonrpc).toBe("2.0");
    expect(cli.stdout().endsWith("\n")).toBe(true);

    const records = cli.logRecords();
    expect(records.some((record) => record.msg === "qualys-easm-mcp started")).toBe(true);
    expect(records.some((record) => record.msg === "tool call finished")).toBe(true);
    expect(cli.stderr()).not.toContain(GATEWAY_PASSWORD);
  });

  it("exits 0 when stdin closes", async () => {
    const cli = startStdioCli();
    await initialize(cli);

    cli.child.stdin!.end();
    const status = await exitWithin(cli, 5000);
    expect(status.code).toBe(0);
    expect(cli.logRecords().some((record) => record.msg === "qualys-easm-mcp stopping" && record.reason === "stdin closed")).toBe(true);
  });

  it("exits 0 on SIGTERM", async () => {
    const cli = startStdioCli();
    await initialize(cli);

    cli.child.kill("SIGTERM");
    const status = await exitWithin(cli, 5000);
    expect(status.code).toBe(0);
    expect(cli.logRecords().some((record) => record.msg === "qualys-easm-mcp stopping" && record.reason === "SIGTERM")).toBe(true);
  });

  it("exits 0 on SIGTERM during a tool call", async () => {
    const cli = startStdioCli();
    await initialize(cli);
    sandbox.injectFault({ kind: "delay", ms: 3000, match: "/easm/v2/profile" });
    send(cli, { id: 2, method: "tools/call", params: { name: "list_easm_profiles", arguments: {} } });
    await waitForGatewayRequest(sandbox, "/easm/v2/profile");

    const begin = Date.now();
    cli.child.kill("SIGTERM");
    const status = await exitWithin(cli, 5000);
    expect(status.code).toBe(0);
    expect(Date.now() - begin).toBeLessThan(3000);
    // Whatever reached stdout before the exit is still whole JSON-RPC lines.
    for (const message of stdoutMessages(cli)) expect(message.jsonrpc).toBe("2.0");
  });

  it("exits 0 when stdin closes during a tool call", async () => {
    const cli = startStdioCli();
    await initialize(cli);
    sandbox.injectFault({ kind: "delay", ms: 3000, match: "/easm/v2/profile" });
    send(cli, { id: 2, method: "tools/call", params: { name: "list_easm_profiles", arguments: {} } });
    await waitForGatewayRequest(sandbox, "/easm/v2/profile");

    cli.child.stdin!.end();
    const status = await exitWithin(cli, 5000);
    expect(status.code).toBe(0);
  });
});
