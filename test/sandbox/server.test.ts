import { Agent, request } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type SandboxGateway } from "../../src/sandbox/index.js";
import { call, FakeClock, getToken, json } from "./helpers.js";

describe("sandbox gateway server", () => {
  let clock: FakeClock;
  let sandbox: SandboxGateway;

  beforeEach(async () => {
    clock = new FakeClock();
    sandbox = await startSandbox({ now: clock.now });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it("listens on 127.0.0.1 and a free port", () => {
    expect(sandbox.port).toBeGreaterThan(0);
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
  });

  describe("request recording", () => {
    it("records the raw path, decoded query and body", async () => {
      const token = await getToken(sandbox);
      sandbox.clearRequests();

      await call(sandbox, "PATCH", "/easm/v2/profile/Example%20Subsidiaries?trace=a%20b&trace=second", {
        token,
        json: { enableIFAScan: true },
        headers: { "X-Request-Label": "Recorded" },
      });

      expect(sandbox.requests).toHaveLength(1);
      const recorded = sandbox.requests[0]!;
      expect(recorded.method).toBe("PATCH");
      expect(recorded.path).toBe("/easm/v2/profile/Example%20Subsidiaries");
      expect(recorded.query).toEqual({ trace: "a b" });
      expect(recorded.body).toBe('{"enableIFAScan":true}');
      expect(recorded.headers["content-type"]).toBe("application/json");
      expect(recorded.headers["x-request-label"]).toBe("Recorded");
      expect(recorded.headers.authorization).toBe(`Bearer ${token}`);
    });

    it("records /auth and rejected requests in order", async () => {
      await getToken(sandbox);
      await call(sandbox, "GET", "/easm/v2/profile");
      await call(sandbox, "DELETE", "/no/such/path");

      expect(sandbox.requests.map((recorded) => `${recorded.method} ${recorded.path}`)).toEqual([
        "POST /auth",
        "GET /easm/v2/profile",
        "DELETE /no/such/path",
      ]);
      expect(sandbox.requests[0]!.body).toBe("username=sandbox&password=sandbox-password&token=true");
      expect(sandbox.requests[1]!.headers).not.toHaveProperty("authorization");
    });

    it("clearRequests keeps the same array", async () => {
      const requests = sandbox.requests;
      await getToken(sandbox);

      sandbox.clearRequests();

      expect(sandbox.requests).toBe(requests);
      expect(requests).toHaveLength(0);
    });
  });

  describe("rate-limit headers", () => {
    it("count down on each call", async () => {
      const token = await getToken(sandbox);

      const first = await call(sandbox, "GET", "/easm/v2/profile", { token });
      expect(first.headers["x-ratelimit-limit"]).toBe("300");
      expect(first.headers["x-ratelimit-window-sec"]).toBe("3600");
      expect(first.headers["x-ratelimit-remaining"]).toBe("299");
      expect(first.headers["x-concurrency-limit-limit"]).toBe("2");
      expect(first.headers["x-concurrency-limit-running"]).toBe("1");

      const rejected = await call(sandbox, "GET", "/easm/v2/profile");
      expect(rejected.status).toBe(401);
      expect(rejected.headers["x-ratelimit-remaining"]).toBe("298");

      const second = await call(sandbox, "GET", "/easm/v2/profile/status", { token });
      expect(second.headers["x-ratelimit-remaining"]).toBe("297");
    });

    it("leave /auth uncounted", async () => {
      const auth = await call(sandbox, "POST", "/auth", {
        body: "username=sandbox&password=sandbox-password&token=true",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(auth.headers["x-ratelimit-remaining"]).toBe("300");

      await getToken(sandbox);
      const call1 = await call(sandbox, "GET", "/easm/v2/profile", { token: auth.text });
      expect(call1.headers["x-ratelimit-remaining"]).toBe("299");
    });

    it("leave GET /auth uncounted", async () => {
      await call(sandbox, "GET", "/auth");
      const token = await getToken(sandbox);

      const result = await call(sandbox, "GET", "/easm/v2/profile", { token });

      expect(result.headers["x-ratelimit-remaining"]).toBe("299");
    });

    it("recover when calls leave the window", async () => {
      const token = await getToken(sandbox);
      await call(sandbox, "GET", "/easm/v2/profile", { token });
      clock.advance(1800 * 1000);
      await call(sandbox, "GET", "/easm/v2/profile", { token });

      clock.advance(1800 * 1000);
      const result = await call(sandbox, "GET", "/easm/v2/profile", { token });

      expect(result.headers["x-ratelimit-remaining"]).toBe("298");
    });

    it("stop at 0 without rejecting", async () => {
      const token = await getToken(sandbox);
      for (let index = 0; index < 300; index++) await call(sandbox, "GET", "/easm/v2/profile/status", { token });

      const result = await call(sandbox, "GET", "/easm/v2/profile", { token });

      expect(result.status).toBe(200);
      expect(result.headers["x-ratelimit-remaining"]).toBe("0");
    });

    it("report concurrent calls", async () => {
      const token = await getToken(sandbox);
      sandbox.injectFault({ kind: "delay", ms: 150, times: 2 });

      const results = await Promise.all([call(sandbox, "GET", "/easm/v2/profile", { token }), call(sandbox, "GET", "/easm/v2/profile", { token })]);

      // The response sent first counts both calls. The other call may have finished alone.
      const running = results.map((result) => result.headers["x-concurrency-limit-running"]);
      expect(running).toContain("2");
    });
  });

  describe("routing", () => {
    let token: string;

    beforeEach(async () => {
      token = await getToken(sandbox);
    });

    it("returns 404 for an unknown path", async () => {
      const result = await call(sandbox, "GET", "/easm/v3/profile", { token });

      expect(result.status).toBe(404);
      expect(json(result)).toEqual({ responseCode: "NOT_FOUND", responseMessage: "No API operation exists at GET /easm/v3/profile." });
    });

    it("returns 405 for a wrong method", async () => {
      const result = await call(sandbox, "PUT", "/easm/v2/profile", { token });

      expect(result.status).toBe(405);
      expect(result.headers.allow).toBe("GET, POST, DELETE");
      expect(json(result)).toEqual({ responseCode: "METHOD_NOT_ALLOWED", responseMessage: "PUT is not allowed on /easm/v2/profile; use GET, POST, DELETE." });
    });

    it("returns 405 for GET on a profile path", async () => {
      const result = await call(sandbox, "GET", "/easm/v2/profile/EASM%20Default%20Profile", { token });

      expect(result.status).toBe(405);
      expect(result.headers.allow).toBe("PUT, PATCH");
    });

    it("rejects invalid percent-encoding", async () => {
      const result = await call(sandbox, "PATCH", "/easm/v2/profile/Bad%ZZName", { token, json: {} });

      expect(result.status).toBe(400);
      expect(json(result)).toEqual({ responseCode: "BAD_REQUEST", responseMessage: "The request path /easm/v2/profile/Bad%ZZName contains invalid percent-encoding." });
    });

    it("checks the token before routing", async () => {
      const result = await call(sandbox, "GET", "/no/such/path");

      expect(result.status).toBe(401);
    });

    it("rejects a body over 16 MiB with 413", async () => {
      const result = await call(sandbox, "POST", "/easm/v2/profile", {
        token,
        body: "x".repeat(16 * 1024 * 1024 + 1),
        headers: { "content-type": "application/json" },
      });

      expect(result.status).toBe(413);
      expect(json(result).responseCode).toBe("PAYLOAD_TOO_LARGE");
      expect(sandbox.requests.at(-1)?.body).toBe("");
    });
  });

  describe("close", () => {
    it("closes open keep-alive connections", async () => {
      const agent = new Agent({ keepAliveTimeout: 60_000 });
      try {
        const response = await request(`${sandbox.url}/easm/v2/profile`, { dispatcher: agent });
        await response.body.text();
        expect(response.headers.connection).toBe("keep-alive");

        const started = performance.now();
        await sandbox.close();
        expect(performance.now() - started).toBeLessThan(1000);

        await expect(request(`${sandbox.url}/easm/v2/profile`, { dispatcher: agent })).rejects.toThrow();
        await expect(request(`${sandbox.url}/easm/v2/profile`, { dispatcher: agent })).rejects.toMatchObject({ code: "ECONNREFUSED" });
      } finally {
        await agent.close();
      }
    });

    it("can be called twice", async () => {
      await sandbox.close();
      await expect(sandbox.close()).resolves.toBeUndefined();
    });

    it("ends a delayed request at once", async () => {
      const token = await getToken(sandbox);
      sandbox.injectFault({ kind: "delay", ms: 20_000 });
      const pending = call(sandbox, "GET", "/easm/v2/profile", { token });
      await new Promise((resolve) => setTimeout(resolve, 50));

      const started = performance.now();
      await sandbox.close();

      expect(performance.now() - started).toBeLessThan(1000);
      await expect(pending).rejects.toThrow();
    });
  });

  describe("options", () => {
    it.each(["0.0.0.0", "192.168.1.10", "localhost", "example.com", "::"])("rejects host %s", async (host) => {
      await expect(startSandbox({ host })).rejects.toThrow(
        `Invalid sandbox host ${JSON.stringify(host)}: the sandbox listens on loopback addresses only, such as 127.0.0.1 or ::1.`,
      );
    });

    it.each([
      [{ port: -1 }, "Invalid sandbox option port: -1; use a whole number from 0 to 65535."],
      [{ port: 70_000 }, "Invalid sandbox option port: 70000; use a whole number from 0 to 65535."],
      [{ tokenTtlSeconds: 0 }, "Invalid sandbox option tokenTtlSeconds: 0"],
      [{ assets: 1.5 }, "Invalid sandbox option assets: 1.5"],
      [{ profileLimit: -1 }, "Invalid sandbox option profileLimit: -1"],
      [{ discoveryStepMs: 0 }, "Invalid sandbox option discoveryStepMs: 0; use a positive number of milliseconds."],
      [{ password: "" }, "Invalid sandbox credentials: username and password must not be empty."],
    ])("rejects %j", async (options, message) => {
      await expect(startSandbox(options)).rejects.toThrow(message);
    });

    it("listens on another loopback address", async () => {
      const other = await startSandbox({ host: "127.0.0.2" });
      try {
        expect(other.url).toBe(`http://127.0.0.2:${other.port}`);
        expect((await call(other, "GET", "/easm/v2/profile")).status).toBe(401);
      } finally {
        await other.close();
      }
    });

    it("logs start and stop", async () => {
      const lines: { level: string; fields: object; message: string }[] = [];
      const logger = {
        info: (fields: object, message: string) => lines.push({ level: "info", fields, message }),
        error: (fields: object, message: string) => lines.push({ level: "error", fields, message }),
      };

      const logged = await startSandbox({ logger, assets: 10 });
      await logged.close();

      expect(lines).toEqual([
        { level: "info", fields: { url: logged.url, assets: 10, profileLimit: 3 }, message: "sandbox gateway started" },
        { level: "info", fields: { url: logged.url }, message: "sandbox gateway stopped" },
      ]);
    });

    it("starts empty without seedProfiles", async () => {
      const empty = await startSandbox({ seedProfiles: false });
      try {
        const token = await getToken(empty);
        expect(json(await call(empty, "GET", "/easm/v2/profile", { token }))).toEqual({ hasNextPage: false, profile: [] });
      } finally {
        await empty.close();
      }
    });

    it("starts with only the default profile at limit 1", async () => {
      const single = await startSandbox({ profileLimit: 1 });
      try {
        const token = await getToken(single);
        const names = json(await call(single, "GET", "/easm/v2/profile", { token })).profile.map((profile: { name: string }) => profile.name);
        expect(names).toEqual(["EASM Default Profile"]);
      } finally {
        await single.close();
      }
    });
  });
});
