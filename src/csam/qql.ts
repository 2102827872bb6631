/**
 * A light syntax check for QQL, the query language of the CSAM v1 API, so that an
 * assistant's typo gets a precise error instead of a bare 400 from the gateway.
 *
 * QQL terms are `token:value`, joined by AND, OR and NOT, with `"phrases"`,
 * `` `exact values` ``, `[a .. b]` ranges, `` token:[`A`,`B`] `` value lists and
 * `parent:(sub:value AND sub:value)` for nested objects. The check covers structure only:
 * balanced brackets, closed quotes, operators with something on both sides, and tokens
 * with a value. The gateway still judges field names and values.
 */
import { InputError } from "../gateway/errors.js";
import { FILTER_GUIDE_URI, MAX_QQL_LENGTH } from "./filters.js";
import { codePointPosition, findForbiddenCharacter } from "./text.js";

type TokenKind = "term" | "quoted" | "open" | "close" | "operator";

interface Token {
  kind: TokenKind;
  text: string;
  /** UTF-16 index of the token's first character in the query. */
  index: number;
}

const OPERATORS = new Set(["AND", "OR", "NOT"]);
const BINARY_OPERATORS = new Set(["AND", "OR"]);
const CLOSING_BRACKET: Readonly<Record<string, string>> = { "(": ")", "[": "]" };
/** Characters that end an unquoted term. */
const TERM_END = /[\s()[\]"`]/u;

/**
 * Throws an InputError when a QQL query is empty, too long, contains a control character
 * or breaks the structure rules above. The message names the 1-based character position
 * and the fix, and points to the filter guide resource. `path` is the tool parameter that
 * carried the query.
 */
export function checkQql(query: string, path = "filter"): void {
  if (typeof query !== "string" || query.trim().length === 0) {
    throw new InputError(
      path,
      query,
      "is empty",
      `Write a QQL query such as "openPorts:(discoverySources:EASM)", or leave the parameter out where it is optional. ${FILTER_GUIDE_URI} explains the syntax.`,
    );
  }
  if (query.length > MAX_QQL_LENGTH) {
    throw new InputError(path, query, `is longer than ${MAX_QQL_LENGTH} characters`, "Shorten the query or split it into several calls.");
  }

  const forbidden = findForbiddenCharacter(query);
  if (forbidden !== undefined) {
    throw new InputError(
      path,
      query,
      `contains the control or invisible character ${forbidden.codePoint} at character ${forbidden.position}`,
      "Remove it. Queries must be printable text.",
    );
  }

  const tokens = tokenize(query, path);
  checkTokenOrder(query, tokens, path);
}

/** Splits the query into tokens and checks that quotes close and brackets balance. */
function tokenize(query: string, path: string): Token[] {
  const tokens: Token[] = [];
  const openBrackets: Token[] = [];
  let index = 0;

  while (index < query.length) {
    const char = query[index];

    if (/\s/u.test(char)) {
      index += 1;
      continue;
    }

    if (char === '"' || char === "`") {
      const end = query.indexOf(char, index + 1);
      if (end === -1) {
        const name = char === '"' ? "double quote" : "backtick";
        throw syntaxError(query, path, index, `has an unclosed ${name} (${char})`, `Close it with another ${char}.`);
      }
      tokens.push({ kind: "quoted", text: query.slice(index, end + 1), index });
      index = end + 1;
      continue;
    }

    if (char === "(" || char === "[") {
      const token: Token = { kind: "open", text: char, index };
      tokens.push(token);
      openBrackets.push(token);
      index += 1;
      continue;
    }

    if (char === ")" || char === "]") {
      const opener = openBrackets.pop();
      if (opener === undefined) {
        throw syntaxError(query, path, index, `has a "${char}" that closes nothing`, `Remove it or add the opening bracket before it.`);
      }
      const expected = CLOSING_BRACKET[opener.text];
      if (char !== expected) {
        const openerPosition = codePointPosition(query, opener.index);
        throw syntaxError(
          query,
          path,
          index,
          `has a mismatched "${char}"`,
          `It closes the "${opener.text}" at character ${openerPosition}, which needs "${expected}".`,
        );
      }
      tokens.push({ kind: "close", text: char, index });
      index += 1;
      continue;
    }

    let end = index;
    while (end < query.length && !TERM_END.test(query[end])) end += 1;
    const text = query.slice(index, end);
    tokens.push({ kind: OPERATORS.has(text) ? "operator" : "term", text, index });
    index = end;
  }

  const unclosed = openBrackets.pop();
  if (unclosed !== undefined) {
    const expected = CLOSING_BRACKET[unclosed.text];
    throw syntaxError(query, path, unclosed.index, `has an unclosed "${unclosed.text}"`, `Add the matching "${expected}".`);
  }
  return tokens;
}

/**
 * Checks that every group has content, that AND and OR have a term on both sides, that
 * NOT is followed by a term, and that every `token:` has a value after it.
 */
function checkTokenOrder(query: string, tokens: readonly Token[], path: string): void {
  tokens.forEach((token, position) => {
    const previous = position > 0 ? tokens[position - 1] : undefined;
    const next = tokens[position + 1];
    const startsGroup = previous === undefined || previous.kind === "open";
    const endsGroup = next === undefined || next.kind === "close";

    if (token.kind === "open" && next?.kind === "close") {
      throw syntaxError(query, path, token.index, `has an empty "${token.text}${next.text}"`, "Put a term inside the brackets or remove them.");
    }

    if (token.kind === "operator") {
      if (startsGroup && BINARY_OPERATORS.has(token.text)) {
        throw syntaxError(query, path, token.index, `has ${token.text} with no term before it`, `Remove ${token.text} or add a term before it.`);
      }
      if (endsGroup) {
        throw syntaxError(query, path, token.index, `ends with a dangling ${token.text}`, `Remove ${token.text} or add a term after it.`);
      }
      if (next.kind === "operator" && BINARY_OPERATORS.has(next.text)) {
        throw syntaxError(
          query,
          path,
          next.index,
          `has ${next.text} right after ${token.text}`,
          `Put a term between them or remove one of them.`,
        );
      }
    }

    if (token.kind === "term" && token.text.endsWith(":")) {
      const valueMissing = next === undefined || next.kind === "close" || next.kind === "operator";
      if (valueMissing) {
        throw syntaxError(
          query,
          path,
          token.index,
          `has the token "${token.text}" with no value`,
          `Give it a value, for example ${token.text}EASM or ${token.text}(sub:value).`,
        );
      }
    }
  });
}

function syntaxError(query: string, path: string, index: number, problem: string, fix: string): InputError {
  const position = codePointPosition(query, index);
  return new InputError(
    path,
    query,
    `${problem} at character ${position} (${excerpt(query, index)})`,
    `${fix} ${FILTER_GUIDE_URI} explains the QQL syntax.`,
  );
}

/** Shows the query around a position, because the quoted value in the message may be cut. */
function excerpt(query: string, index: number): string {
  const codePoints = Array.from(query);
  const center = codePointPosition(query, index) - 1;
  const start = Math.max(0, center - 15);
  const end = Math.min(codePoints.length, center + 15);
  const before = start > 0 ? "\u2026" : "";
  const after = end < codePoints.length ? "\u2026" : "";
  return `near "${before}${codePoints.slice(start, end).join("")}${after}"`;
}
