/**
 * Command line options and their resolution into a Config. Pure functions of argv and an
 * environment object, so tests can call them; src/cli.ts passes the real ones.
 */
import { parseArgs } from "node:util";
import {
  ConfigError,
  DEFAULT_HTTP_PORT,
  DEFAULT_SANDBOX_ASSETS,
  DEFAULT_SANDBOX_SEED,
  DEFAULT_TIMEOUT_MS,
  LOG_LEVELS,
  checkGatewayUrl,
  gatewayForPlatform,
  parseBoolean,
  parseInteger,
  parseToolsets,
  type Config,
  type LogLevel,
} from "./config.js";
import { parseFaultSpec, type Fault } from "./sandbox/faults.js";
import { PACKAGE_VERSION } from "./version.js";

export const HELP = `qualys-easm-mcp ${PACKAGE_VERSION}
MCP server for Qualys EASM profiles and the CSAM asset inventory.

Usage:
  qualys-easm-mcp [options]            serve MCP over stdio (default) or HTTP
  qualys-easm-mcp sandbox [--port N] [--sandbox-faults SPEC]
                                       run only the sandbox gateway, for curl and other clients

Gateway (credentials come only from QUALYS_USERNAME and QUALYS_PASSWORD):
  --platform NAME        Qualys platform: US1-US4, EU1-EU3, IN1, CA1, AE1, UK1, AU1, KSA1, GOV1   [QUALYS_PLATFORM]
  --gateway-url URL      explicit gateway URL; wins over --platform; https, or http on loopback  [QUALYS_GATEWAY_URL]
  --timeout-ms N         deadline for one gateway call, retries included (default 60000)        [QUALYS_TIMEOUT_MS]

Tools:
  --read-only            register no tool that changes anything; wins over every other setting  [QUALYS_READ_ONLY]
  --toolsets LIST        comma list of profiles, assets, assets_v1, insights (default all)      [QUALYS_TOOLSETS]
  --filter-format F      json (default) or xml, the body format of v2 asset filters             [QUALYS_FILTER_FORMAT]

Sandbox (no credentials needed):
  --sandbox              start the sandbox gateway in-process and use it
  --sandbox-assets N     number of synthetic assets (default 1000)
  --sandbox-seed S       seed of the synthetic tenant (default qualys-easm-mcp)
  --sandbox-faults SPEC  faults the sandbox injects, to try clients against a failing gateway: a comma
                         list of kind[:number[:number]][*times][@/path-prefix], for example
                         rate_limit:2*3@/easm/v2/profile,status:503,delay:1500,reset
                         (kinds: status, rate_limit, delay, reset, malformed_json, html,
                         xml_error, truncated; each applies once unless *times is given)

Transport:
  --transport T          stdio (default) or http
  --host H               HTTP bind address (default 127.0.0.1); other addresses need MCP_HTTP_TOKEN
  --port N               HTTP port (default 3939); with 'sandbox', its port (default: any free port)
  MCP_HTTP_TOKEN         bearer token HTTP clients must send

Other:
  --log-level L          error, warn, info (default) or debug; logs go to stderr               [LOG_LEVEL]
  --help, --version
`;

const OPTIONS = {
  platform: { type: "string" },
  "gateway-url": { type: "string" },
  "read-only": { type: "boolean" },
  toolsets: { type: "string" },
  "filter-format": { type: "string" },
  "timeout-ms": { type: "string" },
  "log-level": { type: "string" },
  sandbox: { type: "boolean" },
  "sandbox-assets": { type: "string" },
  "sandbox-seed": { type: "string" },
  "sandbox-faults": { type: "string" },
  transport: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

export type Flags = ReturnType<typeof parseFlags>["values"];

export function parseFlags(argv: string[]) {
  for (const argument of argv) {
    if (/^--(username|password|user|pass|token|jwt)(=|$)/i.test(argument)) {
      throw new ConfigError(
        `${argument.split("=")[0]}: credentials are never accepted as flags, because flags show up in process lists and shell history. Set QUALYS_USERNAME and QUALYS_PASSWORD in the environment.`,
      );
    }
  }
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ConfigError(describeParseError(error));
  }
}

/** Rewrites node:util parseArgs errors as one line naming the option and the fix. */
function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  const option = /'(-[^']*)'/.exec(message)?.[1] ?? /(--?[\w-]+)/.exec(message)?.[1] ?? "option";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `${option}: unknown option. Run qualys-easm-mcp --help for the list of options.`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return `${option}: missing or ambiguous value. Write it as ${option.startsWith("--") ? `${option}=VALUE` : `${option} VALUE`}; run qualys-easm-mcp --help for the options.`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return `${message.replace(/\.$/, "")}. The only command is "sandbox"; see --help.`;
  return `${message.replace(/\.+$/, "")}. Run qualys-easm-mcp --help for the list of options.`;
}

function pick(flag: string | undefined, environment: string | undefined): string | undefined {
  if (flag !== undefined) return flag;
  if (environment !== undefined && environment.trim() !== "") return environment;
  return undefined;
}

/** Builds the Config from flags and environment, stopping at the first invalid setting. */
export function resolveConfig(flags: Flags, env: NodeJS.ProcessEnv): Config {
  const sandboxEnabled = flags.sandbox === true;
  const sandboxAssets = flags["sandbox-assets"] === undefined ? DEFAULT_SANDBOX_ASSETS : parseInteger("--sandbox-assets", flags["sandbox-assets"], 0, 10_000_000);
  const sandboxSeed = flags["sandbox-seed"] ?? DEFAULT_SANDBOX_SEED;
  if (flags["sandbox-faults"] !== undefined && !sandboxEnabled) {
    throw new ConfigError("--sandbox-faults: faults apply only to the in-process sandbox. Add --sandbox, or use it with the sandbox command.");
  }
  const sandboxFaults = flags["sandbox-faults"] === undefined ? undefined : parseSandboxFaults(flags["sandbox-faults"]);

  const explicitUrl = pick(flags["gateway-url"], env.QUALYS_GATEWAY_URL);
  const platform = pick(flags.platform, env.QUALYS_PLATFORM);
  let gatewayUrl = "";
  if (!sandboxEnabled) {
    if (explicitUrl !== undefined) gatewayUrl = checkGatewayUrl(explicitUrl);
    else if (platform !== undefined) gatewayUrl = gatewayForPlatform(platform);
    else {
      throw new ConfigError("QUALYS_PLATFORM is not set. Set QUALYS_PLATFORM (for example US1) or QUALYS_GATEWAY_URL, or pass --sandbox to try the server without a Qualys account.");
    }
  } else if (platform !== undefined) {
    gatewayForPlatform(platform);
  }

  const username = env.QUALYS_USERNAME;
  const password = env.QUALYS_PASSWORD;
  if (!sandboxEnabled) {
    if (username === undefined || username === "") throw new ConfigError("QUALYS_USERNAME is not set. Set it to the Qualys API user's login name.");
    if (password === undefined || password === "") throw new ConfigError("QUALYS_PASSWORD is not set. Set it in the environment (never as a flag).");
  }

  const filterFormat = pick(flags["filter-format"], env.QUALYS_FILTER_FORMAT) ?? "json";
  if (filterFormat !== "json" && filterFormat !== "xml") {
    throw new ConfigError(`QUALYS_FILTER_FORMAT / --filter-format: "${filterFormat}" is not a format. Use json or xml.`);
  }

  const timeoutRaw = pick(flags["timeout-ms"], env.QUALYS_TIMEOUT_MS);
  const timeoutMs = timeoutRaw === undefined ? DEFAULT_TIMEOUT_MS : parseInteger("QUALYS_TIMEOUT_MS / --timeout-ms", timeoutRaw, 1000, 3_600_000);

  const logLevel = (pick(flags["log-level"], env.LOG_LEVEL) ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL / --log-level: "${logLevel}" is not a level. Use one of ${LOG_LEVELS.join(", ")}.`);
  }

  const transport = flags.transport ?? "stdio";
  if (transport !== "stdio" && transport !== "http") {
    throw new ConfigError(`--transport: "${transport}" is not a transport. Use stdio or http.`);
  }
  const host = flags.host ?? "127.0.0.1";
  const port = flags.port === undefined ? DEFAULT_HTTP_PORT : parseInteger("--port", flags.port, 0, 65535);
  const httpToken = env.MCP_HTTP_TOKEN === "" ? undefined : env.MCP_HTTP_TOKEN;

  return {
    gatewayUrl,
    username,
    password,
    readOnly: flags["read-only"] === true || parseBoolean("QUALYS_READ_ONLY", env.QUALYS_READ_ONLY),
    toolsets: parseToolsets(pick(flags.toolsets, env.QUALYS_TOOLSETS)),
    filterFormat,
    timeoutMs,
    logLevel: logLevel as LogLevel,
    sandbox: { enabled: sandboxEnabled, assets: sandboxAssets, seed: sandboxSeed, faults: sandboxFaults },
    transport,
    host,
    port,
    httpToken,
  };
}


/** Parses the `--sandbox-faults` spec, turning an invalid one into a one-line ConfigError naming the flag. */
export function parseSandboxFaults(spec: string): Fault[] {
  try {
    return parseFaultSpec(spec);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`--sandbox-faults: ${reason} See --help for the spec format.`);
  }
}
