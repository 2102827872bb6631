/**
 * A stand-in gateway on 127.0.0.1 that plays back scripted responses. POST /auth issues a
 * signed JWT (201, plain text) unless a scripted /auth response is queued. Every other
 * request gets the next scripted response, and the last one repeats for retries.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";

const SIGNING_KEY = new TextEncoder().encode("fuzz-signing-key-fuzz-signing-key");

/**
 * Placeholders that a scripted body may contain, replaced with the request's Authorization
 * header and body, as a misbehaving proxy echoes what it received.
 */
export const ECHO_AUTHORIZATION = "{{authorization}}";
export const ECHO_REQUEST_BODY = "{{requestBody}}";

/** Three base64url parts, long enough that finding one in a result cannot be a coincidence. */
const JWT_SHAPE = /^[\w-]{8,}\.[\w-]{8,}\.[\w-]*$/;

export interface ScriptedResponse {
  status: number;
  /** Header names in lower case. Values are printable ASCII, because node:http rejects control characters in them. */
  headers: Record<string, string>;
  body: Uint8Array;
  /**
   * How the response ends. "complete" sends it whole and "reset" destroys the socket before
   * any byte. "short" stops the body before its Content-Length. "stall" sends the headers and
   * half the body, then nothing more, and "silent" never sends anything.
   */
  ending: "complete" | "reset" | "short" | "stall" | "silent";
}

export interface FakeGateway {
  url: string;
  /** Replaces the responses to non-/auth requests. The last response repeats until the next call. */
  setResponses(responses: ScriptedResponse[]): void;
  /** Queues responses for the next /auth requests; after them /auth issues tokens again. */
  setAuthResponses(responses: ScriptedResponse[]): void;
  /** Requests received since the last setResponses(), /auth excluded. */
  requestCount(): number;
  /** Every JWT that POST /auth issued, signed here or scripted; scripted bodies of other shapes are left out. */
  issuedTokens(): string[];
  close(): Promise<void>;
}

/** Signs a token for the fake gateway; `expiresInSeconds` may be negative for an expired token. */
export async function signToken(expiresInSeconds = 3600): Promise<string> {
  return new SignJWT({ sub: "fuzz" })
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(SIGNING_KEY);
}

export async function startFakeGateway(): Promise<FakeGateway> {
  let responses: ScriptedResponse[] = [];
  let authResponses: ScriptedResponse[] = [];
  let received = 0;
  const tokens: string[] = [];
  const stalled = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const requestBody = Buffer.concat(chunks).toString("utf8");
      if (request.url === "/auth" || request.url?.startsWith("/auth?")) {
        const scripted = authResponses.shift();
        if (scripted !== undefined) {
          const token = Buffer.from(scripted.body).toString("utf8").trim();
          if (JWT_SHAPE.test(token)) tokens.push(token);
          play(request, response, withEchoes(scripted, request, requestBody), stalled);
          return;
        }
        void signToken().then((token) => {
          tokens.push(token);
          response.writeHead(201, { "content-type": "text/plain" });
          response.end(token);
        });
        return;
      }
      received += 1;
      const next = responses.length > 1 ? responses.shift()! : responses[0];
      if (next === undefined) {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end("the fuzz test scripted no response");
        return;
      }
      play(request, response, withEchoes(next, request, requestBody), stalled);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    setResponses(next) {
      responses = [...next];
      received = 0;
    },
    setAuthResponses(next) {
      authResponses = [...next];
    },
    requestCount: () => received,
    issuedTokens: () => [...tokens],
    async close() {
      for (const response of stalled) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Replaces the echo placeholders in a scripted body with what the request carried. */
function withEchoes(scripted: ScriptedResponse, request: IncomingMessage, requestBody: string): ScriptedResponse {
  const text = Buffer.from(scripted.body).toString("utf8");
  if (!text.includes(ECHO_AUTHORIZATION) && !text.includes(ECHO_REQUEST_BODY)) return scripted;

  const echoed = text.split(ECHO_AUTHORIZATION).join(request.headers.authorization ?? "").split(ECHO_REQUEST_BODY).join(requestBody);
  return { ...scripted, body: Buffer.from(echoed, "utf8") };
}

/** Statuses that carry no body, so node:http drops the body and a short body cannot be staged. */
const BODILESS_STATUSES = new Set([204, 304]);

function play(request: IncomingMessage, response: ServerResponse, scripted: ScriptedResponse, stalled: Set<ServerResponse>): void {
  const ending = BODILESS_STATUSES.has(scripted.status) && scripted.ending === "short" ? "complete" : scripted.ending;
  switch (ending) {
    case "reset":
      request.socket.destroy();
      return;
    case "short":
      response.writeHead(scripted.status, { ...scripted.headers, "content-length": String(scripted.body.length + 100) });
      response.write(scripted.body, () => request.socket.destroy());
      return;
    case "stall":
      response.writeHead(scripted.status, scripted.headers);
      response.write(scripted.body.subarray(0, Math.floor(scripted.body.length / 2)));
      stalled.add(response);
      response.on("close", () => stalled.delete(response));
      return;
    case "silent":
      stalled.add(response);
      response.on("close", () => stalled.delete(response));
      return;
    case "complete":
      response.writeHead(scripted.status, scripted.headers);
      response.end(scripted.body);
      return;
  }
}
