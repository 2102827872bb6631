import { request } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseFaultSpec, startSandbox, type Fault, type SandboxGateway } from "../../src/sandbox/index.js";
import { call, FakeClock, getToken, json } from "./helpers.js";

const RATE_LIMIT_HEADER_NAMES = ["x-ratelimit-limit", "x-ratelimit-window-sec", "x-ratelimit-remaining", "x-concurrency-limit-limit", "x-concurrency-limit-running"];

describe("sandbox fault injection", () => {
  let clock: FakeClock;
  let sandbox: SandboxGateway;
  let token: string;

  beforeEach(async () => {
    clock = new FakeClock();
    sandbox = await startSandbox({ now: clock.now });
    token = await getToken(sandbox);
  });

  afterEach(async () => {
    await sandbox.close();
  });

  const list = () => call(sandbox, "GET", "/easm/v2/profile", { token });

  it("status sends the gateway envelope", async () => {
    sandbox.injectFault({ kind: "status", status: 503 });

    const faulted = await list();
    expect(faulted.status).toBe(503);
    expect(faulted.headers["content-type"]).toBe("application/json");
    expect(json(faulted)).toEqual({ responseCode: "SERVICE_UNAVAILABLE", responseMessage: "Service Unavailable." });
    for (const name of RATE_LIMIT_HEADER_NAMES) expect(faulted.headers).toHaveProperty(name);

    expect((await list()).status).toBe(200);
  });

  it("status sends the given body, type and headers", async () => {
    sandbox.injectFault({ kind: "status", status: 403, body: "Forbidden for this user", contentType: "text/plain", headers: { "X-Custom": "yes" } });

    const faulted = await list();

    expect(faulted.status).toBe(403);
    expect(faulted.text).toBe("Forbidden for this user");
    expect(faulted.headers["content-type"]).toBe("text/plain");
    expect(faulted.headers["x-custom"]).toBe("yes");
  });

  it("rate_limit sends 429 with wait headers", async () => {
    sandbox.injectFault({ kind: "rate_limit", waitSeconds: 30 });

    const faulted = await list();

    expect(faulted.status).toBe(429);
    expect(faulted.headers["x-ratelimit-towait-sec"]).toBe("30");
    expect(faulted.headers["retry-after"]).toBe("30");
    expect(faulted.headers["x-ratelimit-remaining"]).toBe("0");
    expect(faulted.headers["x-ratelimit-limit"]).toBe("300");
    expect(json(faulted)).toEqual({ responseCode: "TOO_MANY_REQUESTS", responseMessage: "API rate limit exceeded. Retry after 30 seconds." });
  });

  it("rate_limit can send 409", async () => {
    sandbox.injectFault({ kind: "rate_limit", waitSeconds: 2, status: 409 });

    const faulted = await list();

    expect(faulted.status).toBe(409);
    expect(faulted.headers["x-ratelimit-towait-sec"]).toBe("2");
  });

  it("delay responds normally after the pause", async () => {
    sandbox.injectFault({ kind: "delay", ms: 300 });

    const started = performance.now();
    const delayed = await list();
    const elapsed = performance.now() - started;

    expect(delayed.status).toBe(200);
    expect(json(delayed).profile).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(290);
  });

  it("delay still checks the token", async () => {
    sandbox.injectFault({ kind: "delay", ms: 10 });

    const result = await call(sandbox, "GET", "/easm/v2/profile");

    expect(result.status).toBe(401);
  });

  it("reset drops the connection without response", async () => {
    sandbox.injectFault({ kind: "reset" });

    await expect(list()).rejects.toMatchObject({ code: expect.stringMatching(/^(ECONNRESET|UND_ERR_SOCKET)$/) });
    expect(sandbox.requests.at(-1)?.path).toBe("/easm/v2/profile");
    expect((await list()).status).toBe(200);
  });

  it("malformed_json sends 200 with a body that does not parse", async () => {
    sandbox.injectFault({ kind: "malformed_json" });

    const faulted = await list();

    expect(faulted.status).toBe(200);
    expect(faulted.headers["content-type"]).toBe("application/json");
    expect(() => JSON.parse(faulted.text)).toThrow(SyntaxError);
  });

  it("html sends a 502 error page", async () => {
    sandbox.injectFault({ kind: "html" });

    const faulted = await list();

    expect(faulted.status).toBe(502);
    expect(faulted.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(faulted.text).toContain("<title>502 Bad Gateway</title>");
  });

  it("html takes another status", async () => {
    sandbox.injectFault({ kind: "html", status: 504 });

    const faulted = await list();

    expect(faulted.status).toBe(504);
    expect(faulted.text).toContain("<title>504 Gateway Timeout</title>");
  });

  it("xml_error sends a Qualys XML error", async () => {
    sandbox.injectFault({ kind: "xml_error" });

    const faulted = await list();

    expect(faulted.status).toBe(500);
    expect(faulted.headers["content-type"]).toBe("text/xml;charset=UTF-8");
    expect(faulted.text).toContain("<SIMPLE_RETURN>");
    expect(faulted.text).toContain("<DATETIME>2024-01-15T10:00:00Z</DATETIME>");
    expect(faulted.text).toContain("<CODE>999</CODE>");
  });

  it("truncated cuts the real response", async () => {
    const full = await list();
    sandbox.injectFault({ kind: "truncated" });

    const response = await request(`${sandbox.url}/easm/v2/profile`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-length"]).toBe(String(Buffer.byteLength(full.text)));

    const received: Buffer[] = [];
    response.body.on("data", (chunk: Buffer) => received.push(chunk));
    await expect(response.body.text()).rejects.toThrow();
    const prefix = Buffer.concat(received);
    expect(prefix.length).toBe(Math.floor(Buffer.byteLength(full.text) / 2));
    expect(full.text.startsWith(prefix.toString("utf8"))).toBe(true);
  });

  it("applies a fault the given number of times", async () => {
    sandbox.injectFault({ kind: "status", status: 503, times: 2 });

    expect((await list()).status).toBe(503);
    expect((await list()).status).toBe(503);
    expect((await list()).status).toBe(200);
  });

  it("applies faults in the order queued", async () => {
    sandbox.injectFault({ kind: "status", status: 500 });
    sandbox.injectFault({ kind: "status", status: 502 });

    expect((await list()).status).toBe(500);
    expect((await list()).status).toBe(502);
    expect((await list()).status).toBe(200);
  });

  it("applies a fault only under its path prefix", async () => {
    sandbox.injectFault({ kind: "status", status: 503, match: "/easm/v2/profile/status" });

    expect((await list()).status).toBe(200);
    expect((await call(sandbox, "GET", "/easm/v2/profile/status", { token })).status).toBe(503);
    expect((await call(sandbox, "GET", "/easm/v2/profile/status", { token })).status).toBe(200);
  });

  it("matches a decoded path prefix", async () => {
    sandbox.injectFault({ kind: "status", status: 500, match: "/easm/v2/profile/activate/EASM Default" });

    const result = await call(sandbox, "PATCH", "/easm/v2/profile/activate/EASM%20Default%20Profile?activate=false", { token });

    expect(result.status).toBe(500);
  });

  it("leaves /auth alone unless matched", async () => {
    sandbox.injectFault({ kind: "status", status: 503 });

    await getToken(sandbox);
    expect((await list()).status).toBe(503);

    sandbox.injectFault({ kind: "status", status: 503, match: "/auth" });
    await expect(getToken(sandbox)).rejects.toThrow("POST /auth returned 503");
  });

  it("applies before the token check", async () => {
    sandbox.injectFault({ kind: "rate_limit", waitSeconds: 1 });

    const result = await call(sandbox, "GET", "/easm/v2/profile");

    expect(result.status).toBe(429);
  });

  it("clearFaults empties the queue", async () => {
    sandbox.injectFault({ kind: "status", status: 503, times: 5 });
    sandbox.clearFaults();

    expect((await list()).status).toBe(200);
  });

  it("starts with the faults option queued", async () => {
    const faulty = await startSandbox({ faults: parseFaultSpec("status:502,html") });
    try {
      const faultyToken = await getToken(faulty);
      expect((await call(faulty, "GET", "/easm/v2/profile", { token: faultyToken })).status).toBe(502);
      expect((await call(faulty, "GET", "/easm/v2/profile", { token: faultyToken })).headers["content-type"]).toBe("text/html; charset=utf-8");
      expect((await call(faulty, "GET", "/easm/v2/profile", { token: faultyToken })).status).toBe(200);
    } finally {
      await faulty.close();
    }
  });

  it.each<[string, Fault, string]>([
    ["times 0", { kind: "status", status: 503, times: 0 }, "Fault times must be an integer of at least 1, got 0."],
    ["status 99", { kind: "status", status: 99 }, "Fault status must be an HTTP status from 200 to 599, got 99."],
    ["relative match", { kind: "reset", match: "easm" }, 'Fault match must be a path prefix starting with "/", got "easm".'],
    ["negative wait", { kind: "rate_limit", waitSeconds: -1 }, "rate_limit waitSeconds must be a non-negative integer, got -1."],
    ["rate limit 503", { kind: "rate_limit", waitSeconds: 1, status: 503 as 429 }, "rate_limit status must be 429 or 409, got 503."],
    ["negative delay", { kind: "delay", ms: -5 }, "delay ms must be a non-negative number, got -5."],
    ["unknown kind", { kind: "explode" } as unknown as Fault, 'Unknown fault kind "explode"; use one of status, rate_limit, delay, reset, malformed_json, html, xml_error, truncated.'],
  ])("injectFault rejects %s", (_case, fault, message) => {
    expect(() => sandbox.injectFault(fault)).toThrow(message);
  });
});

describe("parseFaultSpec", () => {
  it.each<[string, Fault[]]>([
    ["status:503", [{ kind: "status", status: 503 }]],
    ["rate_limit:2,status:503", [{ kind: "rate_limit", waitSeconds: 2 }, { kind: "status", status: 503 }]],
    ["rate_limit", [{ kind: "rate_limit", waitSeconds: 5 }]],
    ["rate_limit:30:409", [{ kind: "rate_limit", waitSeconds: 30, status: 409 }]],
    ["delay:1500", [{ kind: "delay", ms: 1500 }]],
    ["reset, malformed_json ,html,xml_error,truncated", [{ kind: "reset" }, { kind: "malformed_json" }, { kind: "html" }, { kind: "xml_error" }, { kind: "truncated" }]],
    ["status:503*3", [{ kind: "status", status: 503, times: 3 }]],
    ["status:503@/easm/v2/profile", [{ kind: "status", status: 503, match: "/easm/v2/profile" }]],
    ["reset*2@/rest/2.0/search", [{ kind: "reset", times: 2, match: "/rest/2.0/search" }]],
    ["", []],
  ])("parses %j", (spec, faults) => {
    expect(parseFaultSpec(spec)).toEqual(faults);
  });

  it.each([
    ["status", 'Invalid fault "status": use status:<HTTP status>, for example status:503.'],
    ["status:503:1", 'Invalid fault "status:503:1": use status:<HTTP status>, for example status:503.'],
    ["delay", 'Invalid fault "delay": use delay:<milliseconds>, for example delay:1500.'],
    ["reset:5", 'Invalid fault "reset:5": use reset without a number.'],
    ["explode", 'Invalid fault "explode": unknown kind "explode"; use one of status, rate_limit, delay, reset, malformed_json, html, xml_error, truncated.'],
    ["status:abc", 'Invalid fault "status:abc": expected kind[:number[:number]][*times][@/path-prefix], for example status:503*2@/easm.'],
    ["status:503*0", 'Invalid fault "status:503*0": Fault times must be an integer of at least 1, got 0.'],
    ["status:42", 'Invalid fault "status:42": Fault status must be an HTTP status from 200 to 599, got 42.'],
    ["rate_limit:5:500", 'Invalid fault "rate_limit:5:500": rate_limit status must be 429 or 409, got 500.'],
    ["status:503@easm", 'Invalid fault "status:503@easm": expected kind[:number[:number]][*times][@/path-prefix], for example status:503*2@/easm.'],
  ])("rejects %j", (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(message);
  });
});
