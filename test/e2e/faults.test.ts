/**
 * The fault matrix: every fault the sandbox injects, against a read tool
 * (list_easm_profiles) and a create (create_easm_profile), through the built CLI. Each
 * case checks the tool result, the requests the gateway received, the log lines, and that
 * the server keeps serving. A create must reach the gateway at most once, because the
 * client cannot tell whether a failed create was applied. The one exception is the resend
 * after a 401, which the gateway rejected before doing anything.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Fault } from "../../src/sandbox/index.js";
import { CLI_PATH, apiRequests, resultText, startCliSession, type CliSession } from "./harness.js";
import { logLines, waitForLog } from "./observe.js";

/** Deadline of the session that tests waits and responses longer than a call may take. */
const SHORT_TIMEOUT_MS = 3000;
/** Deadline of the other session: long enough that no retry in the matrix meets it. */
const STANDARD_TIMEOUT_MS = 20_000;
const PROFILE_PATH = "/easm/v2/profile";

interface Outcome {
  succeeds: boolean;
  /** Patterns the error text must match, each one separately. */
  words?: RegExp[];
  /** Requests the gateway received for the call, POST /auth not counted. */
  requests: number;
  /** "retrying gateway call" lines the call logs, each naming the status or network code. */
  retries: number;
  retryCause?: { status: number } | { code: string };
  /** Fields of the one "gateway call failed" line a failed call logs. */
  failureLog?: { kind: string; status?: number; code?: string };
  /** For a failed create: whether the profile exists afterwards (waited for when true). */
  created?: boolean;
}

interface FaultCase {
  name: string;
  session: "standard" | "short";
  inject: (session: CliSession) => void;
  read: Outcome;
  create: Outcome;
}

/** Words every failed create must carry: the outcome is unknown, so check before retrying. */
const CHECK_STATE = /check the current state/;

function fault(spec: Fault): (session: CliSession) => void {
  return (session) => session.sandbox.injectFault({ match: PROFILE_PATH, ...spec });
}

const CASES: FaultCase[] = [
  {
    name: "429 with a 1 s wait",
    session: "standard",
    inject: fault({ kind: "rate_limit", waitSeconds: 1 }),
    read: { succeeds: true, requests: 2, retries: 1, retryCause: { status: 429 } },
    create: {
      succeeds: false,
      words: [/HTTP 429/, /rate limit/, /try again in 1 s/],
      requests: 1,
      retries: 0,
      failureLog: { kind: "rate_limited", status: 429 },
      created: false,
    },
  },
  {
    name: "429 with a wait past the deadline",
    session: "short",
    inject: fault({ kind: "rate_limit", waitSeconds: 30 }),
    read: {
      succeeds: false,
      words: [/HTTP 429/, /asked to wait 30 s/, /deadline/, /Try again in 30 s/, /QUALYS_TIMEOUT_MS/],
      requests: 1,
      retries: 0,
      failureLog: { kind: "rate_limited", status: 429 },
    },
    create: {
      succeeds: false,
      words: [/HTTP 429/, /try again in 30 s/],
      requests: 1,
      retries: 0,
      failureLog: { kind: "rate_limited", status: 429 },
      created: false,
    },
  },
  {
    name: "409 with wait headers",
    session: "standard",
    inject: fault({ kind: "rate_limit", waitSeconds: 1, status: 409 }),
    read: { succeeds: true, requests: 2, retries: 1, retryCause: { status: 409 } },
    create: {
      succeeds: false,
      words: [/HTTP 409/, /rate limit/, /try again in 1 s/],
      requests: 1,
      retries: 0,
      failureLog: { kind: "rate_limited", status: 409 },
      created: false,
    },
  },
  {
    name: "503 once",
    session: "standard",
    inject: fault({ kind: "status", status: 503 }),
    read: { succeeds: true, requests: 2, retries: 1, retryCause: { status: 503 } },
    create: {
      succeeds: false,
      words: [/HTTP 503/, /may or may not have been applied/, CHECK_STATE],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", status: 503 },
      created: false,
    },
  },
  {
    name: "503 on every attempt",
    session: "standard",
    inject: fault({ kind: "status", status: 503, times: 20 }),
    read: {
      succeeds: false,
      words: [/HTTP 503/, /SERVICE_UNAVAILABLE/, /try again in a minute/],
      requests: 4,
      retries: 3,
      retryCause: { status: 503 },
      failureLog: { kind: "upstream", status: 503 },
    },
    create: {
      succeeds: false,
      words: [/HTTP 503/, CHECK_STATE],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", status: 503 },
      created: false,
    },
  },
  {
    name: "500",
    session: "standard",
    inject: fault({ kind: "status", status: 500 }),
    read: {
      succeeds: false,
      words: [/HTTP 500/, /INTERNAL_SERVER_ERROR/, /try again in a minute/],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", status: 500 },
    },
    create: {
      succeeds: false,
      words: [/HTTP 500/, CHECK_STATE],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", status: 500 },
      created: false,
    },
  },
  {
    name: "502 HTML page",
    session: "standard",
    inject: fault({ kind: "html" }),
    read: {
      succeeds: false,
      words: [/HTTP 502/, /an HTML page titled "502 Bad Gateway"/, /try again in a minute/],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", status: 502 },
    },
    create: {
      succeeds: false,
      words: [/HTTP 502/, /HTML page/, CHECK_STATE],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", status: 502 },
      created: false,
    },
  },
  {
    name: "XML error page",
    session: "standard",
    inject: fault({ kind: "xml_error" }),
    read: {
      succeeds: false,
      words: [/HTTP 500/, /XML error document: 999: Internal error/, /try again in a minute/],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", status: 500 },
    },
    create: {
      succeeds: false,
      words: [/HTTP 500/, /XML error document/, CHECK_STATE],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", status: 500 },
      created: false,
    },
  },
  {
    name: "malformed JSON with 200",
    session: "standard",
    inject: fault({ kind: "malformed_json" }),
    read: {
      succeeds: false,
      words: [/HTTP 200/, /malformed JSON/, /try again in a minute/],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", status: 200 },
    },
    create: {
      succeeds: false,
      words: [/HTTP 200/, /malformed JSON/, /not sent again/, CHECK_STATE],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", status: 200 },
      created: false,
    },
  },
  {
    name: "truncated body",
    session: "standard",
    inject: fault({ kind: "truncated" }),
    read: { succeeds: true, requests: 2, retries: 1, retryCause: { code: "UND_ERR_SOCKET" } },
    create: {
      succeeds: false,
      words: [/connection closed before the whole response arrived/, /UND_ERR_SOCKET/, /not sent again/, CHECK_STATE],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", code: "UND_ERR_SOCKET" },
      // The sandbox cuts the body of the real response, so the profile was created.
      created: true,
    },
  },
  {
    name: "connection reset",
    session: "standard",
    inject: fault({ kind: "reset" }),
    read: { succeeds: true, requests: 2, retries: 1, retryCause: { code: "ECONNRESET" } },
    create: {
      succeeds: false,
      words: [/reset the connection/, /ECONNRESET/, /not sent again/, CHECK_STATE],
      requests: 1,
      retries: 0,
      failureLog: { kind: "upstream", code: "ECONNRESET" },
      created: false,
    },
  },
  {
    name: "answer slower than the deadline",
    session: "short",
    inject: fault({ kind: "delay", ms: SHORT_TIMEOUT_MS + 1500 }),
    read: {
      succeeds: false,
      words: [/timed out after 3000 ms/, /QUALYS_TIMEOUT_MS/, /try again/],
      requests: 1,
      retries: 0,
      failureLog: { kind: "timeout" },
    },
    create: {
      succeeds: false,
      words: [/timed out after 3000 ms/, /not sent again/, CHECK_STATE],
      requests: 1,
      retries: 0,
      failureLog: { kind: "timeout" },
      // The sandbox finishes the delayed create after the client gave up on it.
      created: true,
    },
  },
  {
    name: "expired token",
    session: "standard",
    inject: (session) => session.sandbox.expireTokens(),
    read: { succeeds: true, requests: 2, retries: 0 },
    create: { succeeds: true, requests: 2, retries: 0 },
  },
];

const sessions: Partial<Record<FaultCase["session"], CliSession>> = {};
let profileNumber = 0;

beforeAll(async () => {
  const [standard, short] = await Promise.all([
    startCliSession({ sandbox: { profileLimit: 200 }, args: ["--timeout-ms", String(STANDARD_TIMEOUT_MS)] }),
    startCliSession({ sandbox: { profileLimit: 200 }, args: ["--timeout-ms", String(SHORT_TIMEOUT_MS)] }),
  ]);
  sessions.standard = standard;
  sessions.short = short;
  // The first call fetches the token, so the matrix counts only the calls under test.
  for (const session of [standard, short]) expect((await session.call("list_easm_profiles", {})).isError).toBeFalsy();
});

afterAll(async () => {
  await Promise.all(Object.values(sessions).map((session) => session?.close()));
});

function createArguments(): { name: string; includeSeeds: unknown[] } {
  profileNumber += 1;
  return { name: `Fault Matrix ${profileNumber}`, includeSeeds: [{ seedType: "DOMAIN", values: ["example.org"] }] };
}

async function profileExists(session: CliSession, name: string): Promise<boolean> {
  const result = await session.call("get_easm_profile", { profileName: name });
  if (!result.isError) return true;
  expect(resultText(result)).toMatch(/HTTP 404/);
  return false;
}

describe.each(CASES)("fault: $name", (faultCase) => {
  it.each(["list_easm_profiles", "create_easm_profile"] as const)("%s", async (tool) => {
    const session = sessions[faultCase.session]!;
    const expected = tool === "create_easm_profile" ? faultCase.create : faultCase.read;
    const args: { name?: string } = tool === "create_easm_profile" ? createArguments() : {};
    const timeoutMs = faultCase.session === "short" ? SHORT_TIMEOUT_MS : STANDARD_TIMEOUT_MS;
    session.sandbox.clearRequests();
    const logOffset = session.stderr().length;

    faultCase.inject(session);
    const started = Date.now();
    let result;
    try {
      result = await session.call(tool, args);
    } finally {
      session.sandbox.clearFaults();
    }
    const elapsed = Date.now() - started;
    const text = resultText(result);

    // The tool result.
    expect(elapsed).toBeLessThan(timeoutMs + 2000);
    if (expected.succeeds) {
      expect(text).not.toMatch(/failed|timed out/);
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toBeDefined();
    } else {
      expect(result.isError).toBe(true);
      expect(text).toMatch(new RegExp(`^${tool} (failed|timed out)`));
      for (const words of expected.words ?? []) expect(text).toMatch(words);
    }

    // What the gateway received.
    const requests = apiRequests(session.sandbox);
    expect(requests).toHaveLength(expected.requests);
    expect(requests.every((request) => request.path === PROFILE_PATH)).toBe(true);
    if (tool === "create_easm_profile") {
      const posts = requests.filter((request) => request.method === "POST");
      expect(posts).toHaveLength(expected.requests);
      if (posts.length > 1) {
        // Only a resend after a 401 may repeat a create, and the gateway rejected the first send.
        expect(faultCase.name).toBe("expired token");
        expect(posts).toHaveLength(2);
      }
    }

    // The log lines of the call.
    await waitForLog(session, logOffset, (line) => line.tool === tool && /^tool call (finished|failed)$/.test(line.msg));
    const lines = logLines(session, logOffset);
    const retries = lines.filter((line) => line.msg === "retrying gateway call");
    expect(retries).toHaveLength(expected.retries);
    for (const line of retries) {
      expect(line.operation).toBe(tool);
      expect(line).toMatchObject(expected.retryCause ?? {});
    }
    const failures = lines.filter((line) => line.msg === "gateway call failed");
    if (expected.failureLog) {
      expect(failures).toHaveLength(1);
      expect(failures[0]!.operation).toBe(tool);
      expect(failures[0]!).toMatchObject(expected.failureLog);
    } else {
      expect(failures).toHaveLength(0);
    }
    if (faultCase.name === "expired token") {
      expect(lines.filter((line) => line.msg === "token rejected with 401; fetching a new one and resending once")).toHaveLength(1);
      expect(lines.filter((line) => line.msg === "fetched a gateway token")).toHaveLength(1);
    }

    // Whether a create took effect: exactly once after success, and as the case expects after a failure.
    if (args.name !== undefined) {
      if (expected.succeeds || expected.created === true) {
        await waitUntilProfileExists(session, args.name);
      } else if (expected.created === false) {
        expect(await profileExists(session, args.name)).toBe(false);
      }
      const listed = await session.call("list_easm_profiles", {});
      const names = (listed.structuredContent as { profiles: Array<{ name: string }> }).profiles.map((profile) => profile.name);
      expect(names.filter((name) => name === args.name).length).toBeLessThanOrEqual(1);
    }

    // The server keeps serving.
    const next = await session.call(tool, tool === "create_easm_profile" ? createArguments() : {});
    expect(resultText(next)).not.toMatch(/failed/);
    expect(next.isError).toBeFalsy();
  });
});

async function waitUntilProfileExists(session: CliSession, name: string): Promise<void> {
  let exists = false;
  const endsAt = Date.now() + 5000;
  while (!exists && Date.now() < endsAt) {
    exists = await profileExists(session, name);
    if (!exists) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(exists, `profile ${name} exists`).toBe(true);
}

interface TokenFaultCase {
  name: string;
  fault: Fault;
  succeeds: boolean;
  words?: RegExp[];
  /** POST /auth requests for the call, which needs a new token. */
  authCalls: number;
}

/** Faults on POST /auth. Asking for a token changes nothing, so it is retried like a read. */
const TOKEN_CASES: TokenFaultCase[] = [
  { name: "503 once", fault: { kind: "status", status: 503 }, succeeds: true, authCalls: 2 },
  { name: "429 with a 1 s wait", fault: { kind: "rate_limit", waitSeconds: 1 }, succeeds: true, authCalls: 2 },
  { name: "connection reset", fault: { kind: "reset" }, succeeds: true, authCalls: 2 },
  {
    name: "401 for the credentials",
    fault: { kind: "status", status: 401 },
    succeeds: false,
    words: [/Authentication failed: POST \/auth returned HTTP 401/, /QUALYS_USERNAME and QUALYS_PASSWORD/],
    authCalls: 1,
  },
  {
    name: "502 HTML page",
    fault: { kind: "html" },
    succeeds: false,
    words: [/authentication \(POST \/auth\) failed: HTTP 502/, /HTML page/, /try again in a minute/],
    authCalls: 1,
  },
];

describe.each(TOKEN_CASES)("token request fault: $name", (tokenCase) => {
  it.each(["list_easm_profiles", "create_easm_profile"] as const)("%s", async (tool) => {
    const session = sessions.standard!;
    const args = tool === "create_easm_profile" ? createArguments() : {};
    session.sandbox.clearRequests();
    const authBefore = session.sandbox.authCalls();
    const logOffset = session.stderr().length;

    session.sandbox.expireTokens();
    session.sandbox.injectFault({ match: "/auth", ...tokenCase.fault });
    let result;
    try {
      result = await session.call(tool, args);
    } finally {
      session.sandbox.clearFaults();
    }
    const text = resultText(result);

    expect(session.sandbox.authCalls() - authBefore).toBe(tokenCase.authCalls);
    // The first send met the expired token; only a refreshed token allows the one resend.
    const sent = apiRequests(session.sandbox);
    expect(sent).toHaveLength(tokenCase.succeeds ? 2 : 1);
    await waitForLog(session, logOffset, (line) => line.tool === tool && /^tool call (finished|failed)$/.test(line.msg));
    const retries = logLines(session, logOffset).filter((line) => line.msg === "retrying gateway call");
    if (tokenCase.succeeds) {
      expect(text).not.toMatch(/failed/);
      expect(result.isError).toBeFalsy();
      expect(retries).toHaveLength(1);
      expect(retries[0]!.operation).toBe("authentication (POST /auth)");
    } else {
      expect(result.isError).toBe(true);
      for (const words of tokenCase.words ?? []) expect(text).toMatch(words);
      expect(retries).toHaveLength(0);
    }

    const next = await session.call(tool, tool === "create_easm_profile" ? createArguments() : {});
    expect(resultText(next)).not.toMatch(/failed/);
    expect(next.isError).toBeFalsy();
  });
});

describe("server start and stop", () => {
  it("logs start and stop lines", async () => {
    const session = await startCliSession();
    await session.call("list_easm_profiles", {});
    await session.close();
    const messages = logLines(session).map((line) => line.msg);
    expect(messages[0]).toBe("qualys-easm-mcp started");
    expect(messages).toContain("qualys-easm-mcp stopping");
    expect(messages[messages.length - 1]).toBe("qualys-easm-mcp stopped");
  });
});

describe("--sandbox-faults", () => {
  it("injects the faults into the in-process sandbox", async () => {
    const session = await startCliSession({ args: ["--sandbox", "--sandbox-faults", `status:503*2@${PROFILE_PATH},rate_limit:1:409@${PROFILE_PATH}`] });
    try {
      const logOffset = session.stderr().length;
      const result = await session.call("list_easm_profiles", {});
      expect(result.isError).toBeFalsy();
      await waitForLog(session, logOffset, (line) => line.msg === "tool call finished");
      const retries = logLines(session, logOffset).filter((line) => line.msg === "retrying gateway call");
      expect(retries.map((line) => line.status)).toEqual([503, 503, 409]);
      // The CLI used its own sandbox, not the one the harness started.
      expect(session.sandbox.requests).toHaveLength(0);
    } finally {
      await session.close();
    }
  });

  it.each([
    ["an invalid spec", ["--sandbox", "--sandbox-faults", "status"], /^qualys-easm-mcp: --sandbox-faults: Invalid fault "status"/],
    ["an unknown kind", ["--sandbox", "--sandbox-faults", "delay:10,slow:5"], /^qualys-easm-mcp: --sandbox-faults: Invalid fault "slow:5": unknown kind/],
    ["a missing --sandbox", ["--sandbox-faults", "reset"], /^qualys-easm-mcp: --sandbox-faults: .*Add --sandbox/],
  ])("stops start-up on %s with one line", (_case, args, message) => {
    const run = spawnSync(process.execPath, [CLI_PATH, ...args], { env: { PATH: process.env.PATH ?? "" }, encoding: "utf8", timeout: 10_000, input: "" });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
