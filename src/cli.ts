#!/usr/bin/env node
/**
 * Command line entry: flags and environment → Config → gateway client → MCP server →
 * transport. This is the only module that reads argv or process.env.
 */
import { ConfigError, DEFAULT_SANDBOX_ASSETS, DEFAULT_SANDBOX_SEED, parseInteger, type Config } from "./config.js";
import { GatewayClient } from "./gateway/client.js";
import { LogRelay } from "./log-relay.js";
import { createLogger } from "./logger.js";
import { HELP, parseFlags, parseSandboxFaults, resolveConfig, type Flags } from "./options.js";
import { SecretRegistry } from "./secrets.js";
import { PACKAGE_VERSION } from "./version.js";

async function runSandboxOnly(flags: Flags): Promise<void> {
  const { startSandbox } = await import("./sandbox/index.js");
  const port = flags.port === undefined ? 0 : parseInteger("--port", flags.port, 0, 65535);
  const assets = flags["sandbox-assets"] === undefined ? DEFAULT_SANDBOX_ASSETS : parseInteger("--sandbox-assets", flags["sandbox-assets"], 0, 10_000_000);
  const faults = flags["sandbox-faults"] === undefined ? undefined : parseSandboxFaults(flags["sandbox-faults"]);
  const sandbox = await startSandbox({ port, assets, seed: flags["sandbox-seed"] ?? DEFAULT_SANDBOX_SEED, faults });
  process.stdout.write(
    `Sandbox gateway listening on ${sandbox.url}\n` +
      `Get a token:  TOKEN=$(curl -s -X POST ${sandbox.url}/auth -d 'username=sandbox&password=sandbox-password&token=true')\n` +
      `Use it:       curl -s -H "Authorization: Bearer $TOKEN" ${sandbox.url}/easm/v2/profile\n` +
      "Press Ctrl+C to stop.\n",
  );
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function runServer(config: Config): Promise<void> {
  // A bind the transport would reject must stop start-up before the sandbox or anything else starts.
  if (config.transport === "http") (await import("./transport/http.js")).checkHttpBind(config);
  const secrets = new SecretRegistry();
  secrets.add(config.password);
  secrets.add(config.httpToken);
  const logRelay = new LogRelay();
  const logger = createLogger(config.logLevel, secrets, process.stderr, logRelay);

  const cleanups: Array<() => Promise<void>> = [];
  if (config.sandbox.enabled) {
    const { startSandbox, SANDBOX_USERNAME, SANDBOX_PASSWORD } = await import("./sandbox/index.js");
    const sandbox = await startSandbox({ assets: config.sandbox.assets, seed: config.sandbox.seed, faults: config.sandbox.faults });
    config.gatewayUrl = sandbox.url;
    config.username = SANDBOX_USERNAME;
    config.password = SANDBOX_PASSWORD;
    secrets.add(SANDBOX_PASSWORD);
    cleanups.push(() => sandbox.close());
    logger.info(
      { gateway: sandbox.url, assets: config.sandbox.assets, seed: config.sandbox.seed, faults: config.sandbox.faults?.length ?? 0 },
      "started the sandbox gateway",
    );
  }

  const gateway = new GatewayClient({
    baseUrl: config.gatewayUrl,
    username: config.username!,
    password: config.password!,
    timeoutMs: config.timeoutMs,
    logger,
    secrets,
    userAgent: `qualys-easm-mcp/${PACKAGE_VERSION}`,
  });
  cleanups.unshift(() => gateway.close());

  let stopTransport: () => Promise<void>;
  if (config.transport === "http") {
    const { serveHttp } = await import("./transport/http.js");
    stopTransport = await serveHttp({ config, gateway, logger, secrets, logRelay });
  } else {
    const { serveStdio } = await import("./transport/stdio.js");
    stopTransport = await serveStdio({ config, gateway, logger, secrets, logRelay, onClose: () => void shutdown("stdin closed") });
  }
  logger.info(
    { transport: config.transport, gateway: config.gatewayUrl, readOnly: config.readOnly, toolsets: config.toolsets, version: PACKAGE_VERSION },
    "qualys-easm-mcp started",
  );

  let stopping = false;
  async function shutdown(reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, "qualys-easm-mcp stopping");
    const forceExit = setTimeout(() => process.exit(0), 5000);
    forceExit.unref();
    await stopTransport().catch((error: unknown) => logger.warn({ err: String(error) }, "closing the transport failed"));
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => logger.warn({ err: String(error) }, "cleanup failed"));
    logger.info({ reason }, "qualys-easm-mcp stopped");
    process.exit(0);
  }
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

async function main(argv: string[]): Promise<void> {
  const { values: flags, positionals } = parseFlags(argv);
  if (flags.help) {
    process.stdout.write(HELP);
    return;
  }
  if (flags.version) {
    process.stdout.write(`${PACKAGE_VERSION}\n`);
    return;
  }
  if (positionals[0] === "sandbox") return runSandboxOnly(flags);
  if (positionals.length > 0) throw new ConfigError(`Unknown command "${positionals[0]}". Use "sandbox" or no command; see --help.`);
  const config = resolveConfig(flags, process.env);
  await runServer(config);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`qualys-easm-mcp: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`qualys-easm-mcp: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
