/**
 * Secrets through a whole bad day: every fault, expired tokens, and a gateway that
 * echoes the password and the token back in its error bodies. Neither stderr nor any
 * tool result may contain the password (in any of its encodings), a JWT the server sent,
 * or the MCP_HTTP_TOKEN value.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Fault } from "../../src/sandbox/index.js";
import { SANDBOX_USER, resultText, startCliSession, type CliSession } from "./harness.js";

/** A password with the characters that JSON, URLs and form bodies each escape differently. */
const PASSWORD = 'Pa"ss\\word 100% &sure=+ünï';
const HTTP_TOKEN = "mcp-http-token-7f3c9a1e5b";
const PROFILE_PATH = "/easm/v2/profile";

const FAULTS: Fault[] = [
  { kind: "rate_limit", waitSeconds: 1 },
  { kind: "rate_limit", waitSeconds: 30 },
  { kind: "rate_limit", waitSeconds: 1, status: 409 },
  { kind: "status", status: 503 },
  { kind: "status", status: 503, times: 4 },
  { kind: "status", status: 500 },
  { kind: "status", status: 401, times: 2 },
  { kind: "html" },
  { kind: "xml_error" },
  { kind: "malformed_json" },
  { kind: "truncated" },
  { kind: "reset" },
  { kind: "delay", ms: 3500 },
];

let session: CliSession;
const outputs: string[] = [];
let profileNumber = 0;

function bearerTokens(): string[] {
  const tokens = session.sandbox.requests
    .map((request) => request.headers.authorization)
    .filter((header): header is string => header !== undefined)
    .map((header) => header.replace(/^Bearer /, ""));
  return [...new Set(tokens)];
}

/** Error bodies of a gateway that repeats the credentials and the token it received. */
function echoingFaults(): Fault[] {
  const token = bearerTokens().at(-1)!;
  return [
    {
      kind: "status",
      status: 400,
      body: JSON.stringify({ responseCode: "BAD_REQUEST", responseMessage: `Rejected token ${token} for ${SANDBOX_USER} with password ${PASSWORD}` }),
    },
    {
      kind: "status",
      status: 500,
      contentType: "text/xml",
      body: `<SIMPLE_RETURN><RESPONSE><CODE>999</CODE><TEXT>password=${encodeURIComponent(PASSWORD)} token=${token}</TEXT></RESPONSE></SIMPLE_RETURN>`,
    },
    {
      kind: "status",
      status: 502,
      contentType: "text/html",
      body: `<html><head><title>Bad Gateway for ${PASSWORD}</title></head><body>${token}</body></html>`,
    },
    { kind: "status", status: 200, body: `{"status":"SAVED","message":"created with ${PASSWORD}"` },
  ];
}

async function callAndKeep(name: string, args: Record<string, unknown>): Promise<void> {
  const result = await session.call(name, args);
  outputs.push(resultText(result), JSON.stringify(result.structuredContent ?? {}), JSON.stringify(result.content));
}

async function readAndCreateUnder(fault: Fault): Promise<void> {
  for (const tool of ["list_easm_profiles", "create_easm_profile"]) {
    session.sandbox.injectFault({ match: PROFILE_PATH, ...fault });
    profileNumber += 1;
    const args = tool === "create_easm_profile" ? { name: `Redaction ${profileNumber}`, includeSeeds: [{ seedType: "DOMAIN", values: ["example.org"] }] } : {};
    await callAndKeep(tool, args);
    session.sandbox.clearFaults();
  }
}

beforeAll(async () => {
  session = await startCliSession({
    sandbox: { password: PASSWORD, profileLimit: 100 },
    env: { QUALYS_PASSWORD: PASSWORD, MCP_HTTP_TOKEN: HTTP_TOKEN },
    args: ["--timeout-ms", "3000"],
  });
  await callAndKeep("list_easm_profiles", {});
  for (const fault of FAULTS) {
    await readAndCreateUnder(fault);
    session.sandbox.expireTokens();
  }
  for (const fault of echoingFaults()) await readAndCreateUnder(fault);
  await callAndKeep("get_easm_profile", { profileName: "No Such Profile" });
  await callAndKeep("get_easm_discovery_status", {});
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe("redaction through a session with every fault", () => {
  it("used several tokens", () => {
    // A fault replaces the response before the sandbox checks the token, so not every expiry leads to a new one.
    expect(bearerTokens().length).toBeGreaterThanOrEqual(3);
    expect(session.sandbox.authCalls()).toBe(bearerTokens().length);
  });

  it.each([
    ["the password", PASSWORD],
    ["the password as JSON escapes it", JSON.stringify(PASSWORD).slice(1, -1)],
    ["the percent-encoded password", encodeURIComponent(PASSWORD)],
    ["the form-encoded password", new URLSearchParams({ p: PASSWORD }).toString().slice(2)],
    ["the MCP_HTTP_TOKEN value", HTTP_TOKEN],
  ])("keeps %s out of stderr and tool results", (_name, secret) => {
    expect(session.stderr()).not.toContain(secret);
    for (const output of outputs) expect(output).not.toContain(secret);
  });

  it("keeps every JWT out of stderr and tool results", () => {
    for (const token of bearerTokens()) {
      expect(session.stderr()).not.toContain(token);
      for (const output of outputs) expect(output).not.toContain(token);
      // A signature alone grants no access, but it is part of the secret too.
      const signature = token.split(".")[2]!;
      expect(session.stderr()).not.toContain(signature);
    }
  });

  it("shows where an echoed secret was removed", () => {
    const echoed = outputs.filter((output) => output.includes("[REDACTED]"));
    expect(echoed.length).toBeGreaterThanOrEqual(4);
    expect(outputs.join("\n")).toContain("Rejected token [REDACTED] for analyst with password [REDACTED]");
  });

  it("logs every failure", () => {
    const lines = session.stderr().trim().split("\n").map((line) => JSON.parse(line) as { msg: string });
    expect(lines.filter((line) => line.msg === "gateway call failed").length).toBeGreaterThanOrEqual(FAULTS.length);
  });
});
