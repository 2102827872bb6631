/**
 * Parsing of filter values (numbers and dates) and the comparisons both filter languages
 * share. A date value denotes an interval [start, end): a day without a time covers the
 * whole UTC day, and an instant covers one millisecond.
 */

/** Half-open interval of epoch milliseconds. */
export interface TimeInterval {
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;
const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const EPOCH_MS_PATTERN = /^\d{12,14}$/;
const RELATIVE_PATTERN = /^now(?:([+-])(\d+)([smhdwMy]))?$/;

/** Parses a decimal number, or returns undefined. Surrounding whitespace is ignored. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER_PATTERN.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * Parses a date value, or returns undefined. Accepted forms: `YYYY-MM-DD` (the whole UTC
 * day), an ISO 8601 date-time (UTC unless it carries an offset), epoch milliseconds, and
 * `now`, `now-7d`, `now+1h` relative to `referenceMs` with units s, m, h, d, w, M (months)
 * and y.
 */
export function parseDate(text: string, referenceMs: number): TimeInterval | undefined {
  const trimmed = text.trim();
  const day = DAY_PATTERN.exec(trimmed);
  if (day !== null) {
    const start = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    // Date.UTC rolls 2024-02-30 over to March; such a value is rejected instead.
    if (new Date(start).toISOString().slice(0, 10) !== trimmed) return undefined;
    return { start, end: start + DAY_MS };
  }
  if (DATE_TIME_PATTERN.test(trimmed)) {
    const normalized = trimmed.replace(" ", "T");
    const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(normalized) ? normalized : `${normalized}Z`;
    const instant = Date.parse(withZone);
    return Number.isNaN(instant) ? undefined : { start: instant, end: instant + 1 };
  }
  if (EPOCH_MS_PATTERN.test(trimmed)) {
    const instant = Number(trimmed);
    return { start: instant, end: instant + 1 };
  }
  const relative = RELATIVE_PATTERN.exec(trimmed);
  if (relative !== null) {
    const instant = shiftTime(referenceMs, relative[1], relative[2], relative[3]);
    return { start: instant, end: instant + 1 };
  }
  return undefined;
}

function shiftTime(referenceMs: number, sign: string | undefined, amountText: string | undefined, unit: string | undefined): number {
  if (sign === undefined || amountText === undefined || unit === undefined) return referenceMs;
  const amount = Number(amountText) * (sign === "-" ? -1 : 1);
  const date = new Date(referenceMs);
  switch (unit) {
    case "s":
      return referenceMs + amount * 1000;
    case "m":
      return referenceMs + amount * 60_000;
    case "h":
      return referenceMs + amount * 3_600_000;
    case "d":
      return referenceMs + amount * DAY_MS;
    case "w":
      return referenceMs + amount * 7 * DAY_MS;
    case "M":
      return date.setUTCMonth(date.getUTCMonth() + amount);
    default:
      return date.setUTCFullYear(date.getUTCFullYear() + amount);
  }
}

/** Case-insensitive equality of two strings. */
export function equalsIgnoringCase(actual: string, expected: string): boolean {
  return actual.toLowerCase() === expected.toLowerCase();
}

/** Returns a scalar as text; a number becomes its decimal text. */
export function textOf(scalar: string | number): string {
  return typeof scalar === "string" ? scalar : String(scalar);
}
