/** Helpers for the sandbox gateway tests: a settable clock and plain HTTP calls over undici. */
import { request } from "undici";
import type { SandboxGateway } from "../../src/sandbox/index.js";

/** 2024-01-15 10:00:00 UTC, the date of the release note's first samples. */
export const START_TIME = Date.UTC(2024, 0, 15, 10, 0, 0);

/** A clock that moves only when a test moves it. */
export class FakeClock {
  time = START_TIME;
  readonly now = (): number => this.time;

  advance(ms: number): void {
    this.time += ms;
  }
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface CallOptions {
  token?: string;
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown;
  /** Sent as is; set the content type in `headers`. */
  body?: string;
  headers?: Record<string, string>;
}

/** Sends one request to the sandbox and reads the whole response. */
export async function call(sandbox: SandboxGateway, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.json);
  }

  const response = await request(`${sandbox.url}${path}`, { method: method as "GET", headers, body });
  const text = await response.body.text();
  const flatHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) flatHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { status: response.statusCode, headers: flatHeaders, text };
}

/** Parses a call's body as JSON. */
export function json(result: CallResult): any {
  return JSON.parse(result.text);
}

/** Gets a token from POST /auth with the sandbox's default credentials. */
export async function getToken(sandbox: SandboxGateway, username = "sandbox", password = "sandbox-password"): Promise<string> {
  const result = await call(sandbox, "POST", "/auth", {
    body: new URLSearchParams({ username, password, token: "true" }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  if (result.status !== 201) throw new Error(`POST /auth returned ${result.status}: ${result.text}`);
  return result.text;
}

/** Encodes a profile name for a path segment, as the gateway client does. */
export function profilePath(name: string, prefix = "/easm/v2/profile/"): string {
  return prefix + encodeURIComponent(name);
}

/** Returns a minimal valid create payload. */
export function newProfile(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    includeSeeds: [{ seedType: "DOMAIN", seedValue: "example.org", enumerateSubsidiary: false, horizontalEnumeration: false, seedFilters: [] }],
    ...extra,
  };
}
