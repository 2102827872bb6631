/**
 * Configuration: the schema every setting is checked against, and the platform → gateway
 * table. Only src/cli.ts reads argv and the environment; everything else gets a Config.
 */
import { isIP } from "node:net";
import { TOOLSETS, type Toolset } from "../tools/define.js";
import type { Fault } from "./sandbox/faults.js";

/**
 * Qualys platforms and their API gateway hosts. US1–US3 come from Qualys documentation;
 * the other rows agree across several independent client projects.
 * NOTE: GOV1's host is a guess that no documentation confirms, so use --gateway-url if it fails.
 */
export const PLATFORM_GATEWAYS = {
  US1: "https://gateway.qg1.apps.qualys.com",
  US2: "https://gateway.qg2.apps.qualys.com",
  US3: "https://gateway.qg3.apps.qualys.com",
  US4: "https://gateway.qg4.apps.qualys.com",
  EU1: "https://gateway.qg1.apps.qualys.eu",
  EU2: "https://gateway.qg2.apps.qualys.eu",
  EU3: "https://gateway.qg3.apps.qualys.it",
  IN1: "https://gateway.qg1.apps.qualys.in",
  CA1: "https://gateway.qg1.apps.qualys.ca",
  AE1: "https://gateway.qg1.apps.qualys.ae",
  UK1: "https://gateway.qg1.apps.qualys.co.uk",
  AU1: "https://gateway.qg1.apps.qualys.com.au",
  KSA1: "https://gateway.qg1.apps.qualysksa.com",
  GOV1: "https://gateway.gov1.qualys.us",
} as const;

export type Platform = keyof typeof PLATFORM_GATEWAYS;
export const PLATFORMS = Object.keys(PLATFORM_GATEWAYS) as Platform[];

export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** Gateway base URL without a trailing slash. Empty when the sandbox will provide it. */
  gatewayUrl: string;
  username?: string;
  password?: string;
  readOnly: boolean;
  toolsets: Toolset[];
  filterFormat: "json" | "xml";
  timeoutMs: number;
  logLevel: LogLevel;
  /** `faults` are queued in the in-process sandbox before the first request (`--sandbox-faults`). */
  sandbox: { enabled: boolean; assets: number; seed: string; faults?: Fault[] };
  transport: "stdio" | "http";
  host: string;
  port: number;
  httpToken?: string;
}

/** A setting that is missing or invalid. The message is one line naming the setting and the fix. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_SANDBOX_ASSETS = 1000;
export const DEFAULT_SANDBOX_SEED = "qualys-easm-mcp";
export const DEFAULT_HTTP_PORT = 3939;

/** Resolves a platform name (case-insensitive) to its gateway URL. */
export function gatewayForPlatform(platform: string): string {
  const key = platform.trim().toUpperCase();
  if (!(key in PLATFORM_GATEWAYS)) {
    throw new ConfigError(
      `QUALYS_PLATFORM / --platform: unknown platform "${platform}". Use one of ${PLATFORMS.join(", ")}, or set QUALYS_GATEWAY_URL for a private cloud.`,
    );
  }
  return PLATFORM_GATEWAYS[key as Platform];
}

/** True for 127.0.0.0/8, ::1 and "localhost". */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || bare === "0:0:0:0:0:0:0:1";
  return false;
}

/**
 * Checks an explicit gateway URL: https anywhere, plain http only on a loopback host
 * (the sandbox, or a local proxy), because the password and the token travel in it.
 */
export function checkGatewayUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`QUALYS_GATEWAY_URL / --gateway-url: "${raw}" is not a URL. Use the form https://gateway.qg1.apps.qualys.com.`);
  }
  if (url.username || url.password) {
    throw new ConfigError("QUALYS_GATEWAY_URL / --gateway-url: the URL contains credentials. Remove them and set QUALYS_USERNAME and QUALYS_PASSWORD.");
  }
  if (url.search || url.hash) {
    throw new ConfigError(`QUALYS_GATEWAY_URL / --gateway-url: "${raw}" has a query or fragment. Give the gateway's base URL only.`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      `QUALYS_GATEWAY_URL / --gateway-url: "${raw}" uses plain http to a remote host, which would send the password unencrypted. Use https.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`QUALYS_GATEWAY_URL / --gateway-url: "${raw}" must start with https://.`);
  }
  return url.toString().replace(/\/+$/, "");
}

/** Parses a comma list of toolsets; an empty or missing list means all of them. */
export function parseToolsets(raw: string | undefined): Toolset[] {
  if (raw === undefined || raw.trim() === "") return [...TOOLSETS];
  const names = raw.split(",").map((name) => name.trim()).filter((name) => name !== "");
  const unknown = names.filter((name) => !(TOOLSETS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(`QUALYS_TOOLSETS / --toolsets: unknown toolset "${unknown[0]}". Use a comma list of ${TOOLSETS.join(", ")}.`);
  }
  return [...new Set(names)] as Toolset[];
}

/** Parses a whole number within bounds, naming the setting in the error. */
export function parseInteger(setting: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(`${setting}: "${raw}" is not a whole number. Give a number from ${min} to ${max}.`);
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new ConfigError(`${setting}: ${value} is out of range. Give a number from ${min} to ${max}.`);
  }
  return value;
}

/** Parses the usual spellings of a boolean environment variable. */
export function parseBoolean(setting: string, raw: string | undefined): boolean {
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(value)) return true;
  if (["", "0", "false", "no", "off"].includes(value)) return false;
  throw new ConfigError(`${setting}: "${raw}" is not a boolean. Use true or false.`);
}
