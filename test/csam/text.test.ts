import { describe, expect, it } from "vitest";
import { findForbiddenCharacter, sanitizeUntrusted } from "../../src/csam/text.js";

describe("sanitizeUntrusted", () => {
  const cases: [string, string, string][] = [
    ["plain text", "web01.example.com", "web01.example.com"],
    ["NUL", "a\u0000b", "ab"],
    ["BEL and backspace", "a\u0007\bb", "ab"],
    ["CRLF", "HTTP/1.1 200 OK\r\nServer: nginx", "HTTP/1.1 200 OK Server: nginx"],
    ["tab", "a\tb", "a b"],
    ["C1 next line", "a\u0085b", "a b"],
    ["line separator", "a\u2028b", "a b"],
    ["C1 control sequence introducer", "a\u009Bb", "ab"],
    ["DEL", "a\u007Fb", "ab"],
    ["ANSI escape", "\u001b[31mred\u001b[0m", "[31mred[0m"],
    ["right-to-left override", "invoice\u202Efdp.exe", "invoicefdp.exe"],
    ["bidi isolates", "a\u2066b\u2069c", "abc"],
    ["left-to-right mark", "a\u200Eb", "ab"],
    ["zero-width characters", "a\u200Bb\u200Cc\u200Dd\u2060e\uFEFF", "abcde"],
    ["tag characters", "a\u{E0049}\u{E0047}\u{E004E}b", "ab"],
    ["soft hyphen", "ad\u00ADmin", "admin"],
    ["lone surrogates", "a\uD800b\uDC00c", "abc"],
    ["noncharacters", "a\uFFFEb\uFFFFc", "abc"],
    ["surrounding whitespace", "  padded  ", "padded"],
    ["Unicode letters", "café 中文 😀", "café 中文 😀"],
  ];

  it.each(cases)("cleans %s", (_name, input, expected) => {
    expect(sanitizeUntrusted(input, 200)).toBe(expected);
  });

  it("cuts long text with an ellipsis", () => {
    expect(sanitizeUntrusted("abcdef", 4)).toBe("abc\u2026");
  });

  it("keeps text of exactly the maximum length", () => {
    expect(sanitizeUntrusted("abcd", 4)).toBe("abcd");
  });

  it("counts code points, not UTF-16 units", () => {
    expect(sanitizeUntrusted("😀😀😀", 3)).toBe("😀😀😀");
  });

  it("never splits a surrogate pair", () => {
    expect(sanitizeUntrusted("😀😀😀😀", 3)).toBe("😀😀\u2026");
  });

  it("trims a space before the ellipsis", () => {
    expect(sanitizeUntrusted("ab cdef", 4)).toBe("ab\u2026");
  });

  it("cuts to the ellipsis alone at length 1", () => {
    expect(sanitizeUntrusted("abc", 1)).toBe("\u2026");
  });

  it("cuts after removing hidden characters", () => {
    expect(sanitizeUntrusted("ab\u200B\u200B\u200Bcd", 4)).toBe("abcd");
  });

  it("caps a very long banner", () => {
    const banner = "x".repeat(100_000);
    expect(Array.from(sanitizeUntrusted(banner, 500))).toHaveLength(500);
  });
});

describe("findForbiddenCharacter", () => {
  it("finds nothing in clean text", () => {
    expect(findForbiddenCharacter("EASM Default Profile, é 中文")).toBeUndefined();
  });

  it("reports the first control character", () => {
    expect(findForbiddenCharacter("ab\u0007c\u0000")).toStrictEqual({ position: 3, codePoint: "U+0007" });
  });

  it("counts an emoji as one position", () => {
    expect(findForbiddenCharacter("😀\u202E")).toStrictEqual({ position: 2, codePoint: "U+202E" });
  });

  it("reports a tag character by its full code point", () => {
    expect(findForbiddenCharacter("a\u{E0041}")).toStrictEqual({ position: 2, codePoint: "U+E0041" });
  });

  it("allows the zero-width joiner in emoji", () => {
    expect(findForbiddenCharacter("👩\u200D💻")).toBeUndefined();
  });

  it("allows the zero-width non-joiner", () => {
    expect(findForbiddenCharacter("می\u200Cخواهم")).toBeUndefined();
  });
});
