/**
 * The JWT session: one token fetched on first use, reused until shortly before its
 * `exp`, and one shared refresh however many calls need a token at the same time.
 */
import type { Logger } from "../logger.js";
import type { SecretRegistry } from "../secrets.js";
import { FALLBACK_TOKEN_LIFETIME_MS, TOKEN_FETCH_TIMEOUT_MS, TOKEN_REFRESH_MARGIN_MS } from "./limits.js";

export interface TokenSessionOptions {
  fetchToken: (signal: AbortSignal) => Promise<string>;
  logger: Logger;
  secrets: SecretRegistry;
  now?: () => number;
}

export class TokenSession {
  private current?: { value: string; refreshAt: number };
  private pending?: Promise<string>;
  private readonly now: () => number;

  constructor(private readonly options: TokenSessionOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Returns a token that is valid for at least the refresh margin, fetching one if needed. */
  async token(signal: AbortSignal): Promise<string> {
    if (this.current && this.now() < this.current.refreshAt) return this.current.value;
    if (!this.pending) {
      // The shared fetch is not tied to one caller's signal: a cancelled call must not fail the others waiting on it.
      this.pending = this.refresh().finally(() => {
        this.pending = undefined;
      });
    }
    return await raceWithSignal(this.pending, signal);
  }

  /**
   * Returns the token now held, even one due for refresh, or undefined after the gateway
   * rejected it. Calls that waited for a concurrency slot read it to send the newest token.
   */
  peek(): string | undefined {
    return this.current?.value;
  }

  /** Forgets a token the gateway rejected, unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.current?.value === token) this.current = undefined;
  }

  private async refresh(): Promise<string> {
    const value = await this.options.fetchToken(AbortSignal.timeout(TOKEN_FETCH_TIMEOUT_MS));
    this.options.secrets.add(value);
    const expiresAt = readExpiry(value) ?? this.now() + FALLBACK_TOKEN_LIFETIME_MS;
    const refreshAt = Math.max(this.now(), expiresAt - TOKEN_REFRESH_MARGIN_MS);
    this.current = { value, refreshAt };
    this.options.logger.info({ expiresAt: new Date(expiresAt).toISOString() }, "fetched a gateway token");
    return value;
  }
}

/** Reads the `exp` claim in milliseconds, or undefined when the token is not a readable JWT. */
function readExpiry(token: string): number | undefined {
  // The payload is the JWT's second base64url part. The signature is the gateway's concern:
  // the client only needs exp to know when to fetch a new token.
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  let exp: unknown;
  try {
    exp = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown }).exp;
  } catch {
    return undefined;
  }
  if (typeof exp !== "number") return undefined;
  const expiresAt = exp * 1000;
  // A Date can represent at most 8.64e15 ms, so an exp beyond that (or not finite) cannot be a real expiry.
  return Number.isFinite(expiresAt) && Math.abs(expiresAt) <= 8.64e15 ? expiresAt : undefined;
}

function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
