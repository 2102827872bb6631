/**
 * The sandbox's `/auth` endpoint and bearer-token check. Tokens are HS256 JWTs signed with
 * a random secret made per process, so a token never outlives the sandbox that issued it.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { gatewayError } from "./responses.js";
import type { SandboxRequest, SandboxResponse } from "./types.js";

const ISSUER = "qualys-easm-mcp-sandbox";

export interface TokenIssuerOptions {
  username: string;
  password: string;
  /** Lifetime of each token, in seconds. */
  ttlSeconds: number;
  /** Clock in epoch milliseconds. */
  now: () => number;
}

export type TokenCheck = { valid: true } | { valid: false; message: string };

/** Issues tokens for POST /auth and verifies the `Authorization: Bearer` header of every other call. */
export class TokenIssuer {
  private readonly secret = randomBytes(32);
  private readonly options: TokenIssuerOptions;
  /** Sequence number of the last token issued. Each token carries its number as `jti`. */
  private lastIssued = 0;
  /** Tokens numbered up to this one count as expired (see expireAll()). */
  private expiredThrough = 0;

  constructor(options: TokenIssuerOptions) {
    this.options = options;
  }

  /**
   * Handles POST /auth, whose body is form-encoded `username`, `password` and `token=true`.
   * Correct credentials get 201 with the JWT as the whole text/plain body. Wrong or
   * missing credentials get 401.
   */
  async authenticate(request: SandboxRequest): Promise<SandboxResponse> {
    const mediaType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (mediaType !== "application/x-www-form-urlencoded") {
      return gatewayError(401, "UNAUTHORIZED", "Authentication failed: send username, password and token=true as an application/x-www-form-urlencoded body.");
    }

    const form = new URLSearchParams(request.bodyText);
    const username = form.get("username");
    const password = form.get("password");
    if (!username || !password) {
      return gatewayError(401, "UNAUTHORIZED", "Authentication failed: username and password are required.");
    }
    if (!this.credentialsMatch(username, password)) {
      return gatewayError(401, "UNAUTHORIZED", "Authentication failed: invalid username or password.");
    }
    if (form.get("token") !== "true") {
      return gatewayError(400, "BAD_REQUEST", "token=true is required to receive a JWT from /auth.");
    }

    const token = await this.issue(username);
    return { status: 201, body: token, contentType: "text/plain;charset=UTF-8" };
  }

  /** Checks an `Authorization` header value: a Bearer JWT from this sandbox that has not expired. */
  async verify(authorization: string | undefined): Promise<TokenCheck> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match) {
      return { valid: false, message: "Authorization header is missing or is not 'Bearer <token>'. Get a token from POST /auth." };
    }

    let tokenNumber: number;
    try {
      const { payload } = await jwtVerify(match[1]!, this.secret, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        currentDate: new Date(this.options.now()),
      });
      tokenNumber = Number(payload.jti);
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        return { valid: false, message: "The token has expired. Get a new token from POST /auth." };
      }
      return { valid: false, message: "The token is invalid. Get a new token from POST /auth." };
    }

    if (!Number.isInteger(tokenNumber) || tokenNumber <= this.expiredThrough) {
      return { valid: false, message: "The token has expired. Get a new token from POST /auth." };
    }
    return { valid: true };
  }

  /** Makes every token issued so far fail verification as expired. Tokens issued later still work. */
  expireAll(): void {
    this.expiredThrough = this.lastIssued;
  }

  private async issue(username: string): Promise<string> {
    this.lastIssued += 1;
    const issuedAt = Math.floor(this.options.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(ISSUER)
      .setSubject(username)
      .setJti(String(this.lastIssued))
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.options.ttlSeconds)
      .sign(this.secret);
  }

  /** Compares digests in constant time, so the comparison does not leak how much of a secret matched. */
  private credentialsMatch(username: string, password: string): boolean {
    const digest = (text: string) => createHash("sha256").update(text).digest();
    const usernameMatches = timingSafeEqual(digest(username), digest(this.options.username));
    const passwordMatches = timingSafeEqual(digest(password), digest(this.options.password));
    return usernameMatches && passwordMatches;
  }
}
