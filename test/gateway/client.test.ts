import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GatewayClient } from "../../src/gateway/client.js";
import { GatewayError } from "../../src/gateway/errors.js";
import type { PreparedRequest } from "../../src/gateway/request.js";
import { createLogger } from "../../src/logger.js";
import { SecretRegistry } from "../../src/secrets.js";

const PASSWORD = "very-secret-password";
const KEY = new TextEncoder().encode("test-signing-key-test-signing-key");

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

let server: Server;
let baseUrl: string;
let seen: Seen[];
let handler: Handler;
let logText: string;
let tokenSeconds: number;

async function issueToken(): Promise<string> {
  return new SignJWT({ sub: "analyst" })
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime(Math.floor(Date.now() / 1000) + tokenSeconds)
    .sign(KEY);
}

function makeClient(overrides: Partial<ConstructorParameters<typeof GatewayClient>[0]> = {}): GatewayClient {
  const secrets = new SecretRegistry();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logText += chunk.toString();
      done();
    },
  });
  return new GatewayClient({
    baseUrl,
    username: "analyst",
    password: PASSWORD,
    timeoutMs: 5000,
    logger: createLogger("debug", secrets, sink),
    secrets,
    sleep: async () => undefined,
    ...overrides,
  });
}

const GET: PreparedRequest = { method: "GET", path: "/easm/v2/profile", query: { pageNumber: "0" } };
const CREATE: PreparedRequest = {
  method: "POST",
  path: "/easm/v2/profile",
  query: {},
  body: { contentType: "application/json", text: '{"name":"A"}' },
};

beforeEach(async () => {
  seen = [];
  logText = "";
  tokenSeconds = 3600;
  handler = (_request, _body, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end('{"hasNextPage":false,"profile":[]}');
  };
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      seen.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body });
      if (request.url === "/auth") {
        void issueToken().then((token) => {
          response.writeHead(201, { "content-type": "text/plain" });
          response.end(token);
        });
        return;
      }
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("GatewayClient authentication", () => {
  it("posts form-encoded credentials to /auth once", async () => {
    const client = makeClient();
    await client.sendJson(GET, { operation: "list", idempotent: true });
    await client.sendJson(GET, { operation: "list", idempotent: true });
    const authCalls = seen.filter((request) => request.url === "/auth");
    expect(authCalls).toHaveLength(1);
    expect(new URLSearchParams(authCalls[0]!.body).get("password")).toBe(PASSWORD);
    expect(new URLSearchParams(authCalls[0]!.body).get("token")).toBe("true");
    await client.close();
  });

  it("sends the token as a bearer header", async () => {
    const client = makeClient();
    await client.sendJson(GET, { operation: "list", idempotent: true });
    const call = seen.find((request) => request.url!.startsWith("/easm"));
    expect(call?.authorization).toMatch(/^Bearer eyJ/);
    await client.close();
  });

  it("shares one token fetch between concurrent calls", async () => {
    const client = makeClient();
    await Promise.all(Array.from({ length: 20 }, () => client.sendJson(GET, { operation: "list", idempotent: true })));
    expect(seen.filter((request) => request.url === "/auth")).toHaveLength(1);
    await client.close();
  });

  it("refreshes a token that is about to expire", async () => {
    tokenSeconds = 30;
    const client = makeClient();
    await client.sendJson(GET, { operation: "list", idempotent: true });
    await client.sendJson(GET, { operation: "list", idempotent: true });
    expect(seen.filter((request) => request.url === "/auth")).toHaveLength(2);
    await client.close();
  });

  it("fetches a new token and retries once after a 401", async () => {
    let rejected = 0;
    handler = (_request, _body, response) => {
      if (rejected++ === 0) {
        response.writeHead(401).end();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    };
    const client = makeClient();
    await client.sendJson(CREATE, { operation: "create", idempotent: false });
    expect(seen.filter((request) => request.url === "/auth")).toHaveLength(2);
    expect(seen.filter((request) => request.url === "/easm/v2/profile")).toHaveLength(2);
    await client.close();
  });

  it("gives up after a second 401", async () => {
    handler = (_request, _body, response) => response.writeHead(401).end();
    const client = makeClient();
    const error = await client.sendJson(GET, { operation: "list", idempotent: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).kind).toBe("authentication");
    expect(seen.filter((request) => request.url!.startsWith("/easm"))).toHaveLength(2);
    await client.close();
  });

  it("reports bad credentials naming the variables", async () => {
    server.removeAllListeners("request");
    server.on("request", (_request: IncomingMessage, response: ServerResponse) => response.writeHead(401).end());
    const client = makeClient();
    const error = await client.sendJson(GET, { operation: "list", idempotent: true }).catch((caught: unknown) => caught);
    expect((error as GatewayError).kind).toBe("authentication");
    expect((error as Error).message).toMatch(/Check QUALYS_USERNAME and QUALYS_PASSWORD/);
    await client.close();
  });
});

describe("GatewayClient retries", () => {
  it("retries an idempotent call after 429 and succeeds", async () => {
    let calls = 0;
    handler = (_request, _body, response) => {
      if (calls++ < 2) {
        response.writeHead(429, { "x-ratelimit-towait-sec": "0" }).end();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    };
    const client = makeClient();
    const result = await client.sendJson(GET, { operation: "list", idempotent: true });
    expect(result.body).toEqual({ ok: true });
    expect(calls).toBe(3);
    expect(logText).toContain("retrying gateway call");
    await client.close();
  });

  it("never resends a create after 503", async () => {
    let calls = 0;
    handler = (_request, _body, response) => {
      calls++;
      response.writeHead(503, { "content-type": "application/json" }).end('{"responseCode":"FAILED","responseMessage":"busy"}');
    };
    const client = makeClient();
    const error = await client.sendJson(CREATE, { operation: "create", idempotent: false }).catch((caught: unknown) => caught);
    expect(calls).toBe(1);
    expect((error as GatewayError).kind).toBe("upstream");
    expect((error as Error).message).toMatch(/may or may not have been applied/);
    await client.close();
  });

  it("stops waiting when the gateway asks for longer than the deadline", async () => {
    handler = (_request, _body, response) => response.writeHead(429, { "x-ratelimit-towait-sec": "120" }).end();
    const client = makeClient({ timeoutMs: 2000 });
    const error = await client.sendJson(GET, { operation: "list", idempotent: true }).catch((caught: unknown) => caught);
    expect((error as GatewayError).kind).toBe("rate_limited");
    expect((error as Error).message).toMatch(/Try again in 12\d s/);
    expect(seen.filter((request) => request.url!.startsWith("/easm"))).toHaveLength(1);
    await client.close();
  });

  it("retries an idempotent call after a connection reset", async () => {
    let calls = 0;
    handler = (request, _body, response) => {
      if (calls++ === 0) {
        request.socket.destroy();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    };
    const client = makeClient();
    await client.sendJson(GET, { operation: "list", idempotent: true });
    expect(calls).toBe(2);
    await client.close();
  });

  it("does not resend a create after a connection reset", async () => {
    let calls = 0;
    handler = (request) => {
      calls++;
      request.socket.destroy();
    };
    const client = makeClient();
    const error = await client.sendJson(CREATE, { operation: "create", idempotent: false }).catch((caught: unknown) => caught);
    expect(calls).toBe(1);
    expect((error as Error).message).toMatch(/may have reached the gateway, so it was not sent again/);
    await client.close();
  });
});

describe("GatewayClient error mapping", () => {
  it.each([
    [400, "invalid_request"],
    [403, "permission"],
    [404, "not_found"],
    [416, "invalid_request"],
    [500, "upstream"],
    [504, "timeout"],
  ] as const)("maps HTTP %i to %s", async (status, kind) => {
    handler = (_request, _body, response) =>
      response.writeHead(status, { "content-type": "application/json" }).end('{"responseCode":"BAD_REQUEST","responseMessage":"Invalid field: asset.lastSeen"}');
    const client = makeClient();
    const error = (await client.sendJson(GET, { operation: "search_assets", idempotent: false }).catch((caught: unknown) => caught)) as GatewayError;
    expect(error.kind).toBe(kind);
    expect(error.details.status).toBe(status);
    expect(error.message).toContain("search_assets failed: HTTP");
    expect(error.message).toContain("Invalid field: asset.lastSeen");
    await client.close();
  });

  it("treats a 200 with a failed responseCode as an error", async () => {
    handler = (_request, _body, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end('{"responseCode":"FAILED","responseMessage":"Internal error"}');
    const client = makeClient();
    const error = (await client.sendJson(GET, { operation: "count_assets", idempotent: true }).catch((caught: unknown) => caught)) as GatewayError;
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.message).toContain("FAILED: Internal error");
    await client.close();
  });

  it("reports an HTML page as an upstream failure", async () => {
    handler = (_request, _body, response) => response.writeHead(200, { "content-type": "text/html" }).end("<html><body>Maintenance</body></html>");
    const client = makeClient();
    const error = (await client.sendJson(GET, { operation: "list", idempotent: true }).catch((caught: unknown) => caught)) as GatewayError;
    expect(error.kind).toBe("upstream");
    expect(error.message).toContain("an HTML page instead of JSON");
    await client.close();
  });

  it("reports truncated JSON as an upstream failure", async () => {
    handler = (_request, _body, response) => response.writeHead(200, { "content-type": "application/json" }).end('{"hasNextPage":false,"prof');
    const client = makeClient();
    const error = (await client.sendJson(GET, { operation: "list", idempotent: true }).catch((caught: unknown) => caught)) as GatewayError;
    expect(error.kind).toBe("upstream");
    expect(error.message).toContain("malformed JSON");
    await client.close();
  });

  it("refuses a body over the size cap", async () => {
    handler = (_request, _body, response) => response.writeHead(200, { "content-type": "application/json" }).end(`"${"x".repeat(5000)}"`);
    const client = makeClient({ maxResponseBytes: 1000 });
    const error = (await client.sendJson(GET, { operation: "list", idempotent: true }).catch((caught: unknown) => caught)) as GatewayError;
    expect(error.kind).toBe("upstream");
    expect(error.message).toContain("larger than");
    await client.close();
  });

  it("times out a slow answer", async () => {
    handler = (_request, _body, response) => {
      setTimeout(() => response.writeHead(200).end("{}"), 3000);
    };
    const client = makeClient({ timeoutMs: 1000 });
    const error = (await client.sendJson(GET, { operation: "list", idempotent: true }).catch((caught: unknown) => caught)) as GatewayError;
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("timed out after 1000 ms");
    await client.close();
  });

  it("reports a cancelled call as cancelled", async () => {
    handler = (_request, _body, response) => {
      setTimeout(() => response.writeHead(200).end("{}"), 2000);
    };
    const client = makeClient();
    const controller = new AbortController();
    const pending = client.sendJson(GET, { operation: "list", idempotent: true, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const error = (await pending.catch((caught: unknown) => caught)) as GatewayError;
    expect(error.kind).toBe("cancelled");
    await client.close();
  });

  it("follows X-Concurrency-Limit-Limit", async () => {
    handler = (_request, _body, response) =>
      response.writeHead(200, { "content-type": "application/json", "x-concurrency-limit-limit": "2" }).end("{}");
    const client = makeClient();
    await client.sendJson(GET, { operation: "list", idempotent: true });
    expect(client.concurrencyLimit).toBe(2);
    await client.close();
  });

  it("keeps the password and token out of the logs", async () => {
    const client = makeClient();
    await client.sendJson(GET, { operation: "list", idempotent: true });
    const token = seen.find((request) => request.url!.startsWith("/easm"))!.authorization!.slice("Bearer ".length);
    expect(logText).not.toContain(PASSWORD);
    expect(logText).not.toContain(token);
    expect(logText).toContain("fetched a gateway token");
    await client.close();
  });
});
