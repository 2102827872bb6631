/**
 * A registry of secret values (the password, every JWT issued, the HTTP bearer token)
 * and the one function that removes them from text. Logs and gateway errors pass through
 * redact(), so a secret that slips into a message is replaced, not printed.
 */
export class SecretRegistry {
  /** Every spelling to replace, longest first, so a longer spelling is never left half replaced. */
  private spellings: string[] = [];

  /**
   * Adds a secret with the spellings it takes inside a JSON string (the form a log line
   * carries), in a URL and in a form body. Values shorter than 4 characters are ignored,
   * because replacing them would garble ordinary text.
   */
  add(value: string | undefined): void {
    if (value === undefined || value.length < 4) return;
    const spellings = new Set(this.spellings);
    spellings.add(value);
    spellings.add(JSON.stringify(value).slice(1, -1));
    spellings.add(encodeURIComponent(value));
    spellings.add(new URLSearchParams({ value }).toString().slice("value=".length));
    this.spellings = [...spellings].sort((a, b) => b.length - a.length);
  }

  /** Replaces every registered secret, and anything shaped like a bearer token or a JWT, with [REDACTED]. */
  redact(text: string): string {
    let result = text;
    for (const spelling of this.spellings) {
      if (result.includes(spelling)) result = result.split(spelling).join("[REDACTED]");
    }
    result = result.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, "$1[REDACTED]");
    return result.replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, "[REDACTED]");
  }
}
