/**
 * A registry of secret values (the password, every JWT issued, the HTTP bearer token)
 * and the one function that removes them from text. Logs and tool errors pass through
 * redact(), so a secret that slips into a message is replaced, not printed.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();

  /** Adds a secret. Values shorter than 4 characters are ignored, because replacing them would garble ordinary text. */
  add(value: string | undefined): void {
    if (value !== undefined && value.length >= 4) this.values.add(value);
  }

  /** Replaces every registered secret, and anything shaped like a bearer token or a JWT, with [REDACTED]. */
  redact(text: string): string {
    let result = text;
    for (const value of this.values) {
      if (result.includes(value)) result = result.split(value).join("[REDACTED]");
    }
    result = result.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, "$1[REDACTED]");
    return result.replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, "[REDACTED]");
  }
}
