/** The per-request checks of the HTTP transport, called directly: Host, Origin, bearer token and body. */
import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  BodyParseError,
  BodyTooLargeError,
  createHostCheck,
  hasBearerToken,
  isAllowedOrigin,
  readJsonBody,
  tokenDigest,
} from "../../src/transport/http-request.js";

/** Creates a request stream with the given headers, as the HTTP server would pass it. */
function fakeRequest(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  const stream = new PassThrough() as PassThrough & IncomingMessage;
  Object.assign(stream, { headers });
  return stream;
}

describe("createHostCheck", () => {
  it("accepts the loopback names on a loopback bind", () => {
    const isAllowed = createHostCheck("127.0.0.1", 3939);
    for (const host of ["127.0.0.1:3939", "localhost:3939", "LOCALHOST:3939", "[::1]:3939"]) {
      expect(isAllowed(host), host).toBe(true);
    }
  });

  it("rejects other names and ports on a loopback bind", () => {
    const isAllowed = createHostCheck("127.0.0.1", 3939);
    for (const host of ["evil.example.com:3939", "evil.example.com", "127.0.0.1:3940", "127.0.0.1", "localhost.evil.example.com:3939", "", undefined]) {
      expect(isAllowed(host), String(host)).toBe(false);
    }
  });

  it("accepts a name without port on port 80", () => {
    const isAllowed = createHostCheck("127.0.0.1", 80);
    expect(isAllowed("localhost")).toBe(true);
    expect(isAllowed("localhost:80")).toBe(true);
    expect(isAllowed("evil.example.com")).toBe(false);
  });

  it("accepts only the bind address on a non-loopback bind", () => {
    const isAllowed = createHostCheck("192.0.2.10", 3939);
    expect(isAllowed("192.0.2.10:3939")).toBe(true);
    expect(isAllowed("localhost:3939")).toBe(false);
    expect(isAllowed("evil.example.com:3939")).toBe(false);
  });

  it("accepts IPv6 binds in brackets", () => {
    const isAllowed = createHostCheck("::1", 3939);
    expect(isAllowed("[::1]:3939")).toBe(true);
    expect(isAllowed("localhost:3939")).toBe(true);
  });

  it.each(["0.0.0.0", "::"])("accepts IP literals on a %s bind", (bindHost) => {
    const isAllowed = createHostCheck(bindHost, 3939);
    for (const host of ["192.0.2.10:3939", "192.0.2.10:8080", "10.0.0.5", "localhost:8080", "[2001:db8::1]:3939", "127.0.0.1:3939"]) {
      expect(isAllowed(host), host).toBe(true);
    }
  });

  it.each(["0.0.0.0", "::"])("rejects DNS names on a %s bind", (bindHost) => {
    const isAllowed = createHostCheck(bindHost, 3939);
    for (const host of ["evil.example.com:3939", "192.0.2.10.nip.io:3939", "user@192.0.2.10:3939", "192.0.2.10:3939/path", "", undefined]) {
      expect(isAllowed(host), String(host)).toBe(false);
    }
  });
});

describe("isAllowedOrigin", () => {
  it("accepts loopback origins on any port", () => {
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:3939", "https://[::1]:8443"]) {
      expect(isAllowedOrigin(origin, "127.0.0.1"), origin).toBe(true);
    }
  });

  it("accepts the bind host as origin", () => {
    expect(isAllowedOrigin("http://192.0.2.10:3939", "192.0.2.10")).toBe(true);
  });

  it("rejects foreign, opaque and malformed origins", () => {
    for (const origin of ["http://evil.example.com", "http://localhost.evil.example.com", "null", "", "not a url"]) {
      expect(isAllowedOrigin(origin, "127.0.0.1"), origin).toBe(false);
    }
  });
});

describe("hasBearerToken", () => {
  const expected = tokenDigest("correct-horse-battery-staple");

  it("accepts scheme case and spacing variants", () => {
    for (const authorization of ["Bearer correct-horse-battery-staple", "bearer correct-horse-battery-staple", "Bearer   correct-horse-battery-staple  "]) {
      expect(hasBearerToken(fakeRequest({ authorization }), expected), authorization).toBe(true);
    }
  });

  it("rejects missing or wrong tokens", () => {
    for (const authorization of ["", "Bearer", "Bearer wrong", "Bearer correct-horse-battery-staple-and-more", "Basic correct-horse-battery-staple", "correct-horse-battery-staple"]) {
      expect(hasBearerToken(fakeRequest({ authorization }), expected), authorization).toBe(false);
    }
    expect(hasBearerToken(fakeRequest(), expected)).toBe(false);
  });
});

describe("readJsonBody", () => {
  it("parses a JSON body", async () => {
    const request = fakeRequest();
    const body = readJsonBody(request, 1024);
    request.end('{"jsonrpc":"2.0","id":1,"method":"ping"}');
    await expect(body).resolves.toEqual({ jsonrpc: "2.0", id: 1, method: "ping" });
  });

  it("rejects by Content-Length before reading", async () => {
    const request = fakeRequest({ "content-length": "2048" });
    await expect(readJsonBody(request, 1024, 512)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("reads an oversized body to its end", async () => {
    const request = fakeRequest({ "content-length": "1100" });
    const body = readJsonBody(request, 1024, 512);
    request.write("x".repeat(1000));
    request.write("x".repeat(100));
    request.end();
    await expect(body).rejects.toThrow("exceeds 1024 bytes");
    expect(request.readableEnded).toBe(true);
  });

  it("stops reading past the discard bound", async () => {
    const request = fakeRequest();
    const body = readJsonBody(request, 1024, 512);
    request.write("x".repeat(1000));
    request.write("x".repeat(600));
    await expect(body).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(request.readableEnded).toBe(false);
  });

  it("accepts a body of exactly the limit", async () => {
    const request = fakeRequest();
    const body = readJsonBody(request, 10);
    request.end('"12345678"');
    await expect(body).resolves.toBe("12345678");
  });

  it("rejects a body that is not JSON", async () => {
    const request = fakeRequest();
    const body = readJsonBody(request, 1024);
    request.end("{not json");
    await expect(body).rejects.toBeInstanceOf(BodyParseError);
  });

  it("rejects when the client aborts", async () => {
    const request = fakeRequest();
    const body = readJsonBody(request, 1024);
    request.write("{");
    request.emit("aborted");
    await expect(body).rejects.toThrow("closed the connection");
  });
});
