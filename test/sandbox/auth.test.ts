import { decodeJwt, SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type SandboxGateway } from "../../src/sandbox/index.js";
import { call, FakeClock, getToken, json, START_TIME } from "./helpers.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

describe("sandbox /auth and bearer tokens", () => {
  let clock: FakeClock;
  let sandbox: SandboxGateway;

  beforeEach(async () => {
    clock = new FakeClock();
    sandbox = await startSandbox({ now: clock.now });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it("issues a plain-text JWT with 201", async () => {
    const result = await call(sandbox, "POST", "/auth", { body: "username=sandbox&password=sandbox-password&token=true", headers: FORM });

    expect(result.status).toBe(201);
    expect(result.headers["content-type"]).toMatch(/^text\/plain/);
    expect(result.text).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = decodeJwt(result.text);
    expect(claims.iat).toBe(START_TIME / 1000);
    expect(claims.exp).toBe(START_TIME / 1000 + 14_400);
    expect(claims.sub).toBe("sandbox");
  });

  it("sets exp from tokenTtlSeconds", async () => {
    const shortLived = await startSandbox({ now: clock.now, tokenTtlSeconds: 60, username: "alice", password: "s3cret" });
    try {
      const token = await getToken(shortLived, "alice", "s3cret");
      expect(decodeJwt(token).exp).toBe(START_TIME / 1000 + 60);
    } finally {
      await shortLived.close();
    }
  });

  it.each([
    ["wrong password", "username=sandbox&password=wrong&token=true", FORM],
    ["wrong username", "username=admin&password=sandbox-password&token=true", FORM],
    ["missing password", "username=sandbox&token=true", FORM],
    ["empty body", "", FORM],
    ["JSON body", JSON.stringify({ username: "sandbox", password: "sandbox-password", token: "true" }), { "content-type": "application/json" }],
  ])("rejects %s with 401", async (_case, body, headers) => {
    const result = await call(sandbox, "POST", "/auth", { body, headers });

    expect(result.status).toBe(401);
    expect(json(result).responseCode).toBe("UNAUTHORIZED");
    expect(json(result).responseMessage).toMatch(/^Authentication failed: /);
  });

  it("requires token=true", async () => {
    const result = await call(sandbox, "POST", "/auth", { body: "username=sandbox&password=sandbox-password", headers: FORM });

    expect(result.status).toBe(400);
    expect(json(result)).toEqual({ responseCode: "BAD_REQUEST", responseMessage: "token=true is required to receive a JWT from /auth." });
  });

  it("returns 405 for GET /auth", async () => {
    const result = await call(sandbox, "GET", "/auth");

    expect(result.status).toBe(405);
    expect(result.headers.allow).toBe("POST");
  });

  it("accepts a fresh token", async () => {
    const token = await getToken(sandbox);
    const result = await call(sandbox, "GET", "/easm/v2/profile", { token });

    expect(result.status).toBe(200);
  });

  it("rejects a call without a token", async () => {
    const result = await call(sandbox, "GET", "/easm/v2/profile");

    expect(result.status).toBe(401);
    expect(json(result)).toEqual({
      responseCode: "UNAUTHORIZED",
      responseMessage: "Authorization header is missing or is not 'Bearer <token>'. Get a token from POST /auth.",
    });
  });

  it("rejects a Basic authorization header", async () => {
    const result = await call(sandbox, "GET", "/easm/v2/profile", { headers: { authorization: "Basic c2FuZGJveDpzYW5kYm94LXBhc3N3b3Jk" } });

    expect(result.status).toBe(401);
  });

  it("rejects a token signed with another key", async () => {
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("qualys-easm-mcp-sandbox")
      .setSubject("sandbox")
      .setJti("1")
      .setIssuedAt(START_TIME / 1000)
      .setExpirationTime(START_TIME / 1000 + 3600)
      .sign(new TextEncoder().encode("a key that is not the sandbox's secret"));

    const result = await call(sandbox, "GET", "/easm/v2/profile", { token: forged });

    expect(result.status).toBe(401);
    expect(json(result).responseMessage).toBe("The token is invalid. Get a new token from POST /auth.");
  });

  it("rejects a token with an altered payload", async () => {
    const [header, , signature] = (await getToken(sandbox)).split(".");
    const payload = Buffer.from(JSON.stringify({ sub: "admin", exp: START_TIME / 1000 + 99_999, jti: "1", iss: "qualys-easm-mcp-sandbox" })).toString("base64url");

    const result = await call(sandbox, "GET", "/easm/v2/profile", { token: `${header}.${payload}.${signature}` });

    expect(result.status).toBe(401);
  });

  it("rejects a token from another sandbox", async () => {
    const other = await startSandbox({ now: clock.now });
    try {
      const foreignToken = await getToken(other);
      const result = await call(sandbox, "GET", "/easm/v2/profile", { token: foreignToken });
      expect(result.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it("rejects a token after its exp", async () => {
    const token = await getToken(sandbox);

    clock.advance(14_399 * 1000);
    expect((await call(sandbox, "GET", "/easm/v2/profile", { token })).status).toBe(200);

    clock.advance(1000);
    const expired = await call(sandbox, "GET", "/easm/v2/profile", { token });
    expect(expired.status).toBe(401);
    expect(json(expired).responseMessage).toBe("The token has expired. Get a new token from POST /auth.");
  });

  it("expireTokens expires only earlier tokens", async () => {
    const first = await getToken(sandbox);
    const second = await getToken(sandbox);

    sandbox.expireTokens();
    const third = await getToken(sandbox);

    for (const token of [first, second]) {
      const result = await call(sandbox, "GET", "/easm/v2/profile", { token });
      expect(result.status).toBe(401);
      expect(json(result).responseMessage).toBe("The token has expired. Get a new token from POST /auth.");
    }
    expect((await call(sandbox, "GET", "/easm/v2/profile", { token: third })).status).toBe(200);
  });

  it("authCalls counts every POST /auth", async () => {
    expect(sandbox.authCalls()).toBe(0);

    await getToken(sandbox);
    await call(sandbox, "POST", "/auth", { body: "username=sandbox&password=wrong&token=true", headers: FORM });
    await call(sandbox, "GET", "/auth");
    await getToken(sandbox);

    expect(sandbox.authCalls()).toBe(3);
  });
});
