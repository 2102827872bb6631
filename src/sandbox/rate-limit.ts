/**
 * Rate-limit headers in the form the Qualys gateway sends them. The sandbox counts calls in
 * a rolling window and reports what is left, but it never rejects a call for going over
 * the limit: a `rate_limit` fault produces the rejection when a test wants one.
 */

/** Calls allowed per window; the example limit in the Qualys rate-limit documentation. */
export const RATE_LIMIT_CALLS = 300;
/** Length of the rolling window, in seconds. */
export const RATE_LIMIT_WINDOW_SECONDS = 3600;
/**
 * Concurrent calls allowed per subscription.
 * NOTE: a guess; the documentation names the header but gives no value for the gateway.
 */
export const CONCURRENCY_LIMIT = 2;

/** Calls counted against the limit in the rolling window. */
export class RateLimitWindow {
  private readonly callTimes: number[] = [];
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  /** Counts one call at the current time. */
  countCall(): void {
    this.callTimes.push(this.now());
  }

  /**
   * Returns the rate-limit headers for a response. `running` is the number of calls in
   * progress, this one included.
   */
  headers(running: number): Record<string, string> {
    const windowStart = this.now() - RATE_LIMIT_WINDOW_SECONDS * 1000;
    let expired = 0;
    while (expired < this.callTimes.length && this.callTimes[expired]! <= windowStart) expired += 1;
    if (expired > 0) this.callTimes.splice(0, expired);
    const remaining = Math.max(0, RATE_LIMIT_CALLS - this.callTimes.length);

    return {
      "X-RateLimit-Limit": String(RATE_LIMIT_CALLS),
      "X-RateLimit-Window-Sec": String(RATE_LIMIT_WINDOW_SECONDS),
      "X-RateLimit-Remaining": String(remaining),
      "X-Concurrency-Limit-Limit": String(CONCURRENCY_LIMIT),
      "X-Concurrency-Limit-Running": String(running),
    };
  }
}
