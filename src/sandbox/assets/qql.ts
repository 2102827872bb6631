/**
 * QQL, the query language of the CSAM v1 `filter` parameter: a tokenizer, a
 * recursive-descent parser and a compiler to an asset predicate.
 *
 * Grammar (keywords AND, OR and NOT in any letter case; AND binds tighter than OR):
 *
 *   query   = or
 *   or      = and { OR and }
 *   and     = unary { AND unary }
 *   unary   = NOT unary | primary
 *   primary = "(" or ")" | TOKEN ":" operand
 *   operand = "(" or ")"                 nested query on a scope, one level deep only
 *           | "[" value ".." value "]"   inclusive range
 *           | "[" value { "," value } "]"  any of the values
 *           | value
 *   value   = word | "phrase" | `exact`
 *
 * On a text field a word or phrase matches when the field contains it, ignoring case, and
 * an `exact` value must equal the whole field, case included. Number and date fields
 * compare by value (see values.ts for date forms). Values containing spaces, colons,
 * brackets or commas must be quoted. Conditions inside `scope:( … )` must all hold for the
 * same element of the scope, for example the same software entry. Positions in error
 * messages count characters from 1.
 */
import { BadRequestError } from "./errors.js";
import { SCOPES, anyScalar, fieldMatches, resolveNestedToken, resolveQqlToken, type FieldRef, type FieldType, type Scope } from "./fields.js";
import { parseDate, parseNumber, textOf } from "./values.js";
import type { AssetPredicate } from "./v2-filter.js";

type TokenKind = "(" | ")" | "[" | "]" | "," | ":" | ".." | "word" | "phrase" | "exact";

export interface QqlToken {
  kind: TokenKind;
  text: string;
  /** 1-based position of the token's first character. */
  position: number;
}

interface ScalarValue {
  kind: "word" | "phrase" | "exact";
  text: string;
  position: number;
}

type ValueNode = ScalarValue | { kind: "range"; low: ScalarValue; high: ScalarValue; position: number } | { kind: "list"; items: ScalarValue[]; position: number };

export type QqlNode =
  | { kind: "and" | "or"; left: QqlNode; right: QqlNode }
  | { kind: "not"; operand: QqlNode }
  | { kind: "term"; token: string; position: number; value: ValueNode }
  | { kind: "nested"; scope: string; position: number; body: QqlNode };

function qqlError(position: number, detail: string): BadRequestError {
  return new BadRequestError(`Invalid QQL at position ${position}: ${detail}`);
}

const SINGLE_CHARACTER_TOKENS = new Set(["(", ")", "[", "]", ",", ":"]);
const WORD_STOP = /[\s()[\],:"`]/;

/** Splits a query into tokens. Throws BadRequestError for an unterminated phrase or exact value. */
export function tokenizeQql(query: string): QqlToken[] {
  const tokens: QqlToken[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (SINGLE_CHARACTER_TOKENS.has(char)) {
      tokens.push({ kind: char as TokenKind, text: char, position: i + 1 });
      i++;
    } else if (query.startsWith("..", i)) {
      tokens.push({ kind: "..", text: "..", position: i + 1 });
      i += 2;
    } else if (char === '"') {
      const start = i;
      let text = "";
      i++;
      while (i < query.length && query[i] !== '"') {
        // A backslash escapes the next character, so a phrase can contain `"` and `\`.
        if (query[i] === "\\" && i + 1 < query.length) i++;
        text += query[i];
        i++;
      }
      if (i >= query.length) throw qqlError(start + 1, "unterminated quotation mark");
      tokens.push({ kind: "phrase", text, position: start + 1 });
      i++;
    } else if (char === "`") {
      const end = query.indexOf("`", i + 1);
      if (end === -1) throw qqlError(i + 1, "unterminated backtick");
      tokens.push({ kind: "exact", text: query.slice(i + 1, end), position: i + 1 });
      i = end + 1;
    } else {
      const start = i;
      while (i < query.length && !WORD_STOP.test(query[i] as string) && !query.startsWith("..", i)) i++;
      tokens.push({ kind: "word", text: query.slice(start, i), position: start + 1 });
    }
  }
  return tokens;
}

function isKeyword(token: QqlToken | undefined, keyword?: "AND" | "OR" | "NOT"): boolean {
  if (token === undefined || token.kind !== "word") return false;
  const upper = token.text.toUpperCase();
  return keyword === undefined ? upper === "AND" || upper === "OR" || upper === "NOT" : upper === keyword;
}

/** Quotes a token for an error message the way it was written. */
function describe(token: QqlToken): string {
  if (token.kind === "phrase") return `"${token.text}"`;
  if (token.kind === "exact") return `\`${token.text}\``;
  return `'${token.text}'`;
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: QqlToken[],
    private readonly endPosition: number,
  ) {}

  parseQuery(): QqlNode {
    if (this.tokens.length === 0) throw qqlError(1, "the query is empty");
    const node = this.parseOr(false);
    const rest = this.peek();
    if (rest !== undefined) {
      if (rest.kind === ")") throw qqlError(rest.position, "unbalanced ')' without a matching '('");
      throw qqlError(rest.position, `expected AND, OR or the end of the query, found ${describe(rest)}`);
    }
    return node;
  }

  private peek(): QqlToken | undefined {
    return this.tokens[this.index];
  }

  private parseOr(nested: boolean): QqlNode {
    let left = this.parseAnd(nested);
    while (isKeyword(this.peek(), "OR")) {
      const keyword = this.tokens[this.index++] as QqlToken;
      this.expectOperand(keyword);
      left = { kind: "or", left, right: this.parseAnd(nested) };
    }
    return left;
  }

  private parseAnd(nested: boolean): QqlNode {
    let left = this.parseUnary(nested);
    while (isKeyword(this.peek(), "AND")) {
      const keyword = this.tokens[this.index++] as QqlToken;
      this.expectOperand(keyword);
      left = { kind: "and", left, right: this.parseUnary(nested) };
    }
    return left;
  }

  /** Rejects a keyword with nothing after it, such as a trailing AND. */
  private expectOperand(keyword: QqlToken): void {
    const next = this.peek();
    if (next === undefined || next.kind === ")") {
      throw qqlError(next?.position ?? this.endPosition, `expected a condition after ${keyword.text.toUpperCase()} at position ${keyword.position}`);
    }
  }

  private parseUnary(nested: boolean): QqlNode {
    if (isKeyword(this.peek(), "NOT")) {
      const keyword = this.tokens[this.index++] as QqlToken;
      this.expectOperand(keyword);
      return { kind: "not", operand: this.parseUnary(nested) };
    }
    return this.parsePrimary(nested);
  }

  private parsePrimary(nested: boolean): QqlNode {
    const token = this.peek();
    if (token === undefined) throw qqlError(this.endPosition, "expected a condition at the end of the query");
    if (token.kind === "(") {
      this.index++;
      const inner = this.parseOr(nested);
      this.expectClosingParenthesis(token);
      return inner;
    }
    if (token.kind !== "word" || isKeyword(token)) throw qqlError(token.position, `expected a condition such as name:value, found ${describe(token)}`);
    this.index++;
    const colon = this.peek();
    if (colon === undefined || colon.kind !== ":") {
      throw qqlError(colon?.position ?? this.endPosition, `expected ':' after the token '${token.text}'`);
    }
    this.index++;
    const next = this.peek();
    if (next !== undefined && next.kind === "(") {
      if (nested) throw qqlError(next.position, `'${token.text}:(' cannot appear inside another nested query; nesting goes one level deep`);
      if (!SCOPES.has(token.text)) {
        throw qqlError(token.position, `'${token.text}' takes no nested query; nested queries work on ${[...SCOPES.keys()].join(", ")}`);
      }
      this.index++;
      const body = this.parseOr(true);
      this.expectClosingParenthesis(next);
      return { kind: "nested", scope: token.text, position: token.position, body };
    }
    return { kind: "term", token: token.text, position: token.position, value: this.parseOperand(token) };
  }

  private expectClosingParenthesis(opening: QqlToken): void {
    const closing = this.peek();
    if (closing === undefined) throw qqlError(this.endPosition, `missing ')' to close the '(' at position ${opening.position}`);
    if (closing.kind !== ")") throw qqlError(closing.position, `expected AND, OR or ')' to close the '(' at position ${opening.position}, found ${describe(closing)}`);
    this.index++;
  }

  private parseOperand(token: QqlToken): ValueNode {
    const next = this.peek();
    if (next !== undefined && next.kind === "[") {
      this.index++;
      const first = this.parseScalar(token);
      if (this.peek()?.kind === "..") {
        this.index++;
        const high = this.parseScalar(token);
        this.expectClosingBracket(next);
        return { kind: "range", low: first, high, position: next.position };
      }
      const items = [first];
      while (this.peek()?.kind === ",") {
        this.index++;
        items.push(this.parseScalar(token));
      }
      this.expectClosingBracket(next);
      return { kind: "list", items, position: next.position };
    }
    return this.parseScalar(token);
  }

  private expectClosingBracket(opening: QqlToken): void {
    const closing = this.peek();
    if (closing === undefined) throw qqlError(this.endPosition, `missing ']' to close the '[' at position ${opening.position}`);
    if (closing.kind !== "]") throw qqlError(closing.position, `expected ',', '..' or ']' in the list at position ${opening.position}, found ${describe(closing)}`);
    this.index++;
  }

  private parseScalar(token: QqlToken): ScalarValue {
    const next = this.peek();
    const isValue = next !== undefined && (next.kind === "phrase" || next.kind === "exact" || (next.kind === "word" && !isKeyword(next)));
    if (!isValue) throw qqlError(next?.position ?? this.endPosition, `missing value for '${token.text}'`);
    this.index++;
    if (next.text === "") throw qqlError(next.position, `empty value for '${token.text}'`);
    return { kind: next.kind as ScalarValue["kind"], text: next.text, position: next.position };
  }
}

/** Parses a query into its syntax tree. Throws BadRequestError naming the position of the first error. */
export function parseQql(query: string): QqlNode {
  return new Parser(tokenizeQql(query), query.length + 1).parseQuery();
}

type ScalarTest = (scalar: string | number) => boolean;

function compileScalar(type: FieldType, value: ScalarValue, token: string, referenceMs: number): ScalarTest {
  switch (type) {
    case "string": {
      if (value.kind === "exact") return (scalar) => textOf(scalar) === value.text;
      const expected = value.text.toLowerCase();
      return (scalar) => textOf(scalar).toLowerCase().includes(expected);
    }
    case "number": {
      const expected = parseNumber(value.text);
      if (expected === undefined) throw qqlError(value.position, `'${token}' takes a number, found '${value.text}'`);
      return (scalar) => Number(scalar) === expected;
    }
    case "date": {
      const interval = parseDate(value.text, referenceMs);
      if (interval === undefined) throw qqlError(value.position, `'${token}' takes a date such as 2024-06-30 or now-30d, found '${value.text}'`);
      return (scalar) => Number(scalar) >= interval.start && Number(scalar) < interval.end;
    }
  }
}

function compileValue(type: FieldType, value: ValueNode, token: string, referenceMs: number): ScalarTest {
  if (value.kind === "list") {
    const tests = value.items.map((item) => compileScalar(type, item, token, referenceMs));
    return (scalar) => tests.some((test) => test(scalar));
  }
  if (value.kind !== "range") return compileScalar(type, value, token, referenceMs);
  if (type === "string") throw qqlError(value.position, `'${token}' is a text token; ranges need a number or date token`);
  if (type === "number") {
    const low = parseNumber(value.low.text);
    const high = parseNumber(value.high.text);
    if (low === undefined) throw qqlError(value.low.position, `'${token}' takes a number, found '${value.low.text}'`);
    if (high === undefined) throw qqlError(value.high.position, `'${token}' takes a number, found '${value.high.text}'`);
    return (scalar) => Number(scalar) >= low && Number(scalar) <= high;
  }
  const low = parseDate(value.low.text, referenceMs);
  const high = parseDate(value.high.text, referenceMs);
  if (low === undefined) throw qqlError(value.low.position, `'${token}' takes a date, found '${value.low.text}'`);
  if (high === undefined) throw qqlError(value.high.position, `'${token}' takes a date, found '${value.high.text}'`);
  return (scalar) => Number(scalar) >= low.start && Number(scalar) < high.end;
}

/** Compiles a node evaluated on the asset itself. */
function compileTop(node: QqlNode, referenceMs: number): AssetPredicate {
  switch (node.kind) {
    case "and": {
      const left = compileTop(node.left, referenceMs);
      const right = compileTop(node.right, referenceMs);
      return (asset) => left(asset) && right(asset);
    }
    case "or": {
      const left = compileTop(node.left, referenceMs);
      const right = compileTop(node.right, referenceMs);
      return (asset) => left(asset) || right(asset);
    }
    case "not": {
      const operand = compileTop(node.operand, referenceMs);
      return (asset) => !operand(asset);
    }
    case "term": {
      const field: FieldRef | undefined = resolveQqlToken(node.token);
      if (field === undefined) throw qqlError(node.position, `unknown token '${node.token}'`);
      const test = compileValue(field.leaf.type, node.value, node.token, referenceMs);
      return (asset) => fieldMatches(asset, field, test);
    }
    case "nested": {
      const scope = SCOPES.get(node.scope);
      // The parser accepts only scope names before ':(', so this guard never fires on parsed input.
      if (scope === undefined) throw qqlError(node.position, `'${node.scope}' takes no nested query`);
      const body = compileElement(node.body, scope, referenceMs);
      return (asset) => scope.elements(asset).some((element) => body(element));
    }
  }
}

/** Compiles the body of `scope:( … )`, evaluated on one element of the scope. */
function compileElement(node: QqlNode, scope: Scope, referenceMs: number): (element: object) => boolean {
  switch (node.kind) {
    case "and": {
      const left = compileElement(node.left, scope, referenceMs);
      const right = compileElement(node.right, scope, referenceMs);
      return (element) => left(element) && right(element);
    }
    case "or": {
      const left = compileElement(node.left, scope, referenceMs);
      const right = compileElement(node.right, scope, referenceMs);
      return (element) => left(element) || right(element);
    }
    case "not": {
      const operand = compileElement(node.operand, scope, referenceMs);
      return (element) => !operand(element);
    }
    case "term": {
      const field = resolveNestedToken(scope, node.token);
      if (field === undefined) {
        throw qqlError(node.position, `unknown token '${node.token}' in ${scope.name}:( ); use one of ${Object.keys(scope.leaves).join(", ")}`);
      }
      const test = compileValue(field.leaf.type, node.value, `${scope.name}.${node.token}`, referenceMs);
      return (element) => anyScalar(field.leaf.read(element as never), test);
    }
    case "nested":
      // The parser rejects nesting inside nesting, so this is unreachable.
      throw qqlError(node.position, "nested queries go one level deep");
  }
}

/**
 * Compiles a QQL query into an asset predicate. `referenceMs` is the time `now` stands
 * for. Throws BadRequestError naming the position of the first syntax error, unknown
 * token or value of the wrong type.
 */
export function compileQql(query: string, referenceMs: number): AssetPredicate {
  return compileTop(parseQql(query), referenceMs);
}

/** Returns the tenant-side cache key of a query. */
export function qqlCacheKey(query: string): string {
  return `qql:${query.trim()}`;
}
