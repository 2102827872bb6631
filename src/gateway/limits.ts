/**
 * Numbers the gateway client works with, each with its source.
 */

/** Refresh the JWT this long before its `exp`, so a call never starts with a token about to expire. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/**
 * Lifetime assumed for a JWT whose `exp` claim cannot be read.
 * NOTE: Qualys documents 4 hours; a shorter guess only costs an extra /auth call.
 */
export const FALLBACK_TOKEN_LIFETIME_MS = 3 * 60 * 60 * 1000;

/**
 * Largest response body read. A 300-asset page with full software lists runs to tens of
 * megabytes, so the cap is generous. It only stops a runaway or hostile response.
 */
export const MAX_RESPONSE_BYTES = 128 * 1024 * 1024;

/** Attempts for an idempotent call that meets a rate limit, a 503 or a connection reset. */
export const MAX_ATTEMPTS = 4;

/** Backoff before retry n (1-based) is a random time up to min(BASE * 2^(n-1), MAX), unless the gateway names a wait. */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 8_000;

/** Largest random time added to a wait the gateway names, so callers given the same wait do not all return at once. */
export const RATE_LIMIT_JITTER_MS = 250;

/** Time allowed for one POST /auth. Calls waiting for the token still stop at their own deadline. */
export const TOKEN_FETCH_TIMEOUT_MS = 60_000;

/** Time allowed to open a TCP/TLS connection. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Requests in flight at once until the gateway sets a limit through
 * X-Concurrency-Limit-Limit. NOTE: the starting value is a guess, which the header replaces.
 */
export const DEFAULT_CONCURRENCY_LIMIT = 8;
