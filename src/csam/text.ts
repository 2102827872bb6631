/**
 * Character checks for text that crosses a trust boundary: filter values and queries the
 * assistant sends to the gateway, and asset values that come back from scanned hosts and
 * the internet.
 */

/**
 * Characters that no filter value or query may contain: C0 and C1 controls and DEL
 * (Unicode category Cc), format characters such as bidi overrides, zero-width spaces and
 * tag characters (Cf), lone surrogates (Cs), and the noncharacters U+FFFE and U+FFFF.
 * Most of them are illegal in XML 1.0, and the rest are invisible, so a value that
 * contains one would not match what the user sees. The zero-width joiner and non-joiner
 * (U+200D, U+200C) are allowed because emoji sequences and several scripts need them.
 */
const FORBIDDEN_INPUT_CHARACTER = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Cs}\uFFFE\uFFFF]/u;

/** Line breaks and tabs in untrusted text. Each run becomes one space, so words stay apart. */
const LINE_BREAKS_AND_TABS = /[\t\n\v\f\r\u0085\u2028\u2029]+/gu;

/** Every other invisible or reordering character in untrusted text, removed outright. */
const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cs}\uFFFE\uFFFF]/gu;

const ELLIPSIS = "\u2026";

/** A forbidden character found in input text. */
export interface ForbiddenCharacter {
  /** 1-based position, counted in Unicode code points. */
  position: number;
  /** The code point in U+XXXX form, for example `U+0007`. */
  codePoint: string;
}

/** Finds the first character that filter values and queries must not contain, if any. */
export function findForbiddenCharacter(text: string): ForbiddenCharacter | undefined {
  const match = FORBIDDEN_INPUT_CHARACTER.exec(text);
  if (match === null) return undefined;

  const codePoint = match[0].codePointAt(0) ?? 0;
  return {
    position: codePointPosition(text, match.index),
    codePoint: formatCodePoint(codePoint),
  };
}

/**
 * Cleans a string that came from a scanned host or the internet before an assistant reads
 * it. Line breaks and tabs become single spaces, control, format and bidi characters are
 * removed, and surrounding whitespace is trimmed. Text longer than `maxLength` code points
 * is cut to at most `maxLength` code points, ending with an ellipsis.
 */
export function sanitizeUntrusted(text: string, maxLength: number): string {
  const cleaned = text.replace(LINE_BREAKS_AND_TABS, " ").replace(HIDDEN_CHARACTERS, "").trim();
  return capLength(cleaned, Math.max(1, Math.floor(maxLength)));
}

/** Cuts text to at most `maxLength` code points without splitting a surrogate pair. */
function capLength(text: string, maxLength: number): string {
  // A string's UTF-16 length is never smaller than its code-point count.
  if (text.length <= maxLength) return text;

  const codePoints = Array.from(text);
  if (codePoints.length <= maxLength) return text;
  return codePoints.slice(0, maxLength - 1).join("").trimEnd() + ELLIPSIS;
}

/** Converts a UTF-16 index into a 1-based code-point position. */
export function codePointPosition(text: string, index: number): number {
  return Array.from(text.slice(0, index)).length + 1;
}

function formatCodePoint(codePoint: number): string {
  return "U+" + codePoint.toString(16).toUpperCase().padStart(4, "0");
}
