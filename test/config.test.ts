import { describe, expect, it } from "vitest";
import { ConfigError, PLATFORMS, checkGatewayUrl, gatewayForPlatform, isLoopbackHost, parseToolsets } from "../src/config.js";
import { parseFlags, resolveConfig } from "../src/options.js";

const PLATFORM_TABLE: Array<[string, string]> = [
  ["US1", "https://gateway.qg1.apps.qualys.com"],
  ["US2", "https://gateway.qg2.apps.qualys.com"],
  ["US3", "https://gateway.qg3.apps.qualys.com"],
  ["US4", "https://gateway.qg4.apps.qualys.com"],
  ["EU1", "https://gateway.qg1.apps.qualys.eu"],
  ["EU2", "https://gateway.qg2.apps.qualys.eu"],
  ["EU3", "https://gateway.qg3.apps.qualys.it"],
  ["IN1", "https://gateway.qg1.apps.qualys.in"],
  ["CA1", "https://gateway.qg1.apps.qualys.ca"],
  ["AE1", "https://gateway.qg1.apps.qualys.ae"],
  ["UK1", "https://gateway.qg1.apps.qualys.co.uk"],
  ["AU1", "https://gateway.qg1.apps.qualys.com.au"],
  ["KSA1", "https://gateway.qg1.apps.qualysksa.com"],
  ["GOV1", "https://gateway.gov1.qualys.us"],
];

const CREDENTIALS = { QUALYS_USERNAME: "analyst", QUALYS_PASSWORD: "correct horse battery" };

function configFrom(argv: string[], env: NodeJS.ProcessEnv) {
  return resolveConfig(parseFlags(argv).values, env);
}

describe("platform table", () => {
  it("has all 14 platforms", () => {
    expect(PLATFORMS).toHaveLength(14);
  });

  it.each(PLATFORM_TABLE)("%s maps to %s", (platform, url) => {
    expect(gatewayForPlatform(platform)).toBe(url);
  });

  it.each(PLATFORM_TABLE)("%s resolves through QUALYS_PLATFORM", (platform, url) => {
    expect(configFrom([], { ...CREDENTIALS, QUALYS_PLATFORM: platform.toLowerCase() }).gatewayUrl).toBe(url);
  });

  it("rejects an unknown platform and lists the valid ones", () => {
    expect(() => gatewayForPlatform("US9")).toThrow(/unknown platform "US9".*US1, US2/);
  });
});

describe("resolveConfig", () => {
  it("lets --gateway-url win over the platform", () => {
    const config = configFrom(["--gateway-url", "https://qualys.example.internal/"], { ...CREDENTIALS, QUALYS_PLATFORM: "EU1" });
    expect(config.gatewayUrl).toBe("https://qualys.example.internal");
  });

  it("lets flags win over the environment", () => {
    const config = configFrom(["--platform", "UK1"], { ...CREDENTIALS, QUALYS_PLATFORM: "EU1" });
    expect(config.gatewayUrl).toBe("https://gateway.qg1.apps.qualys.co.uk");
  });

  it("requires a platform or URL", () => {
    expect(() => configFrom([], CREDENTIALS)).toThrow(/QUALYS_PLATFORM is not set.*--sandbox/);
  });

  it("requires the username", () => {
    expect(() => configFrom([], { QUALYS_PLATFORM: "US1", QUALYS_PASSWORD: "x" })).toThrow(/QUALYS_USERNAME is not set/);
  });

  it("requires the password", () => {
    expect(() => configFrom([], { QUALYS_PLATFORM: "US1", QUALYS_USERNAME: "x" })).toThrow(/QUALYS_PASSWORD is not set/);
  });

  it("needs no credentials with --sandbox", () => {
    const config = configFrom(["--sandbox", "--sandbox-assets", "50"], {});
    expect(config.sandbox).toEqual({ enabled: true, assets: 50, seed: "qualys-easm-mcp" });
  });

  it.each(["--password", "--password=hunter2", "--username", "--token=abc"])("rejects the credential flag %s", (flag) => {
    expect(() => parseFlags([flag, "value"])).toThrow(/credentials are never accepted as flags/);
  });

  it("rejects an unknown flag with a pointer to --help", () => {
    expect(() => parseFlags(["--platfrom", "US1"])).toThrow("--platfrom: unknown option. Run qualys-easm-mcp --help for the list of options.");
  });

  it("explains a value that starts with a dash", () => {
    expect(() => parseFlags(["--timeout-ms", "-5"])).toThrow("--timeout-ms: missing or ambiguous value. Write it as --timeout-ms=VALUE");
  });

  it("makes read-only win whatever else is set", () => {
    const config = configFrom(["--toolsets", "profiles"], { ...CREDENTIALS, QUALYS_PLATFORM: "US1", QUALYS_READ_ONLY: "true" });
    expect(config.readOnly).toBe(true);
  });

  it("rejects a bad QUALYS_READ_ONLY value", () => {
    expect(() => configFrom([], { ...CREDENTIALS, QUALYS_PLATFORM: "US1", QUALYS_READ_ONLY: "maybe" })).toThrow(/QUALYS_READ_ONLY: "maybe" is not a boolean/);
  });

  it("rejects an unknown filter format", () => {
    expect(() => configFrom(["--filter-format", "yaml"], { ...CREDENTIALS, QUALYS_PLATFORM: "US1" })).toThrow(/"yaml" is not a format. Use json or xml/);
  });

  it("rejects a timeout that is not a number", () => {
    expect(() => configFrom(["--timeout-ms", "10s"], { ...CREDENTIALS, QUALYS_PLATFORM: "US1" })).toThrow(/"10s" is not a whole number/);
  });

  it("rejects an unknown log level", () => {
    expect(() => configFrom(["--log-level", "trace"], { ...CREDENTIALS, QUALYS_PLATFORM: "US1" })).toThrow(/"trace" is not a level/);
  });

  it("defaults to stdio, json filters and a 60 s timeout", () => {
    const config = configFrom([], { ...CREDENTIALS, QUALYS_PLATFORM: "US1" });
    expect(config.transport).toBe("stdio");
    expect(config.filterFormat).toBe("json");
    expect(config.timeoutMs).toBe(60_000);
    expect(config.host).toBe("127.0.0.1");
  });
});

describe("checkGatewayUrl", () => {
  it("accepts http on loopback", () => {
    expect(checkGatewayUrl("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
  });

  it("rejects http to a remote host", () => {
    expect(() => checkGatewayUrl("http://gateway.example.com")).toThrow(ConfigError);
    expect(() => checkGatewayUrl("http://gateway.example.com")).toThrow(/Use https/);
  });

  it("rejects credentials in the URL", () => {
    expect(() => checkGatewayUrl("https://user:pw@gateway.example.com")).toThrow(/contains credentials/);
  });

  it("rejects text that is not a URL", () => {
    expect(() => checkGatewayUrl("gateway.qg1")).toThrow(/is not a URL/);
  });
});

describe("parseToolsets", () => {
  it("defaults to every toolset", () => {
    expect(parseToolsets(undefined)).toEqual(["profiles", "assets", "assets_v1", "insights"]);
  });

  it("names an unknown toolset", () => {
    expect(() => parseToolsets("profiles,asset")).toThrow(/unknown toolset "asset"/);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["::1", true],
    ["localhost", true],
    ["0.0.0.0", false],
    ["10.0.0.5", false],
    ["example.com", false],
  ])("%s is loopback: %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
