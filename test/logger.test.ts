import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";
import { SecretRegistry } from "../src/secrets.js";

/** A password with the characters that JSON, URLs and form bodies each escape differently. */
const PASSWORD = 'Pa"ss\\word 100% &sure=+ünï';
const HTTP_TOKEN = "mcp-http-token-7f3c9a1e5b";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmFseXN0In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

function captureLogger(secrets: SecretRegistry) {
  let text = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { logger: createLogger("debug", secrets, sink), text: () => text };
}

function registry(): SecretRegistry {
  const secrets = new SecretRegistry();
  secrets.add(PASSWORD);
  secrets.add(HTTP_TOKEN);
  return secrets;
}

describe("logger redaction", () => {
  it("redacts a secret in the message", () => {
    const { logger, text } = captureLogger(registry());
    logger.warn(`login failed with password ${PASSWORD} and token ${HTTP_TOKEN}`);
    expect(text()).toContain("login failed with password [REDACTED] and token [REDACTED]");
    expect(text()).not.toContain(HTTP_TOKEN);
  });

  it("redacts a secret in an error's message and stack", () => {
    const { logger, text } = captureLogger(registry());
    logger.error({ err: new Error(`POST /auth rejected ${PASSWORD}`) }, "token request failed");
    const line = JSON.parse(text()) as { err: { message: string; stack: string } };
    expect(line.err.message).toBe("POST /auth rejected [REDACTED]");
    expect(line.err.stack).toContain("POST /auth rejected [REDACTED]");
    expect(text()).not.toContain("100%");
  });

  it("redacts a secret in any nested field", () => {
    const { logger, text } = captureLogger(registry());
    logger.info({ request: { body: { note: `copied ${PASSWORD}` }, list: [HTTP_TOKEN] } }, "request");
    const line = JSON.parse(text()) as { request: { body: { note: string }; list: string[] } };
    expect(line.request.body.note).toBe("copied [REDACTED]");
    expect(line.request.list).toEqual(["[REDACTED]"]);
  });

  it("redacts the JSON-escaped spelling", () => {
    const { logger, text } = captureLogger(registry());
    logger.info({ detail: PASSWORD }, "escaped");
    expect(text()).not.toContain(JSON.stringify(PASSWORD).slice(1, -1));
    expect(text()).toContain('"detail":"[REDACTED]"');
  });

  it("redacts the form-encoded spelling", () => {
    const { logger, text } = captureLogger(registry());
    const form = new URLSearchParams({ username: "analyst", password: PASSWORD, token: "true" }).toString();
    logger.debug({ body: form }, "token request");
    expect(text()).toContain("password=[REDACTED]&token=true");
  });

  it("redacts the percent-encoded spelling", () => {
    const { logger, text } = captureLogger(registry());
    logger.debug({ url: `http://127.0.0.1/x?secret=${encodeURIComponent(PASSWORD)}` }, "url");
    expect(text()).toContain("?secret=[REDACTED]");
  });

  it("redacts JWTs and bearer values never registered", () => {
    const { logger, text } = captureLogger(new SecretRegistry());
    logger.warn(`gateway said: token ${JWT} expired; header was Bearer opaque-value-123`);
    expect(text()).not.toContain(JWT);
    expect(text()).not.toContain("opaque-value-123");
    expect(text()).toContain("Bearer [REDACTED]");
  });

  it("censors secret field names", () => {
    const { logger, text } = captureLogger(new SecretRegistry());
    logger.info({ password: "not-registered-1", token: "not-registered-2", headers: { authorization: "not-registered-3" } }, "fields");
    expect(text()).not.toMatch(/not-registered/);
  });

  it("redacts a secret registered after the logger was made", () => {
    const secrets = new SecretRegistry();
    const { logger, text } = captureLogger(secrets);
    secrets.add("late-secret-value");
    logger.info("now late-secret-value appears");
    expect(text()).toContain("now [REDACTED] appears");
  });

  it("leaves ordinary text alone", () => {
    const secrets = registry();
    secrets.add("abc");
    const { logger, text } = captureLogger(secrets);
    logger.info({ profile: "abc Corp" }, "listed 3 profiles");
    expect(text()).toContain('"profile":"abc Corp"');
    expect(text()).toContain("listed 3 profiles");
    expect(text()).not.toContain("[REDACTED]");
  });
});
