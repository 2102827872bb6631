/**
 * CSAM v2 filter bodies: parsing of the JSON and XML forms and their evaluation.
 *
 * JSON: `{"filters":[{"field":"…","operator":"EQUALS","value":"…"}],"operation":"AND"}`.
 * XML:  `<FilterRequest><filters><Criteria field="…" operator="EQUALS"><value>…</value></Criteria></filters></FilterRequest>`.
 * One flat list of criteria is joined by one operation, AND (the default) or OR. Element
 * names in XML match case-insensitively, because the API's own samples write both
 * `<Criteria>` and `<criteria>`.
 */
import { XMLParser, XMLValidator, type EntityDecoderOptions } from "fast-xml-parser";
import { BadRequestError } from "./errors.js";
import { V2_FIELDS, fieldMatches, type FieldRef, type FieldType } from "./fields.js";
import type { AssetCore } from "./record.js";
import { equalsIgnoringCase, parseDate, parseNumber, textOf, type TimeInterval } from "./values.js";

export const V2_OPERATORS = ["EQUALS", "NOT_EQUALS", "CONTAINS", "GREATER", "LESSER", "GREATER_THAN_EQUAL", "LESS_THAN_EQUAL", "IN"] as const;
export type V2Operator = (typeof V2_OPERATORS)[number];

/**
 * Operators each field type accepts. CONTAINS needs text, and the ordering operators need
 * numbers or dates.
 * NOTE: the gateway's own rules for mixing operators and field types are not documented;
 * these are the sandbox's.
 */
const OPERATORS_BY_TYPE: Record<FieldType, readonly V2Operator[]> = {
  string: ["EQUALS", "NOT_EQUALS", "CONTAINS", "IN"],
  number: ["EQUALS", "NOT_EQUALS", "GREATER", "LESSER", "GREATER_THAN_EQUAL", "LESS_THAN_EQUAL", "IN"],
  date: ["EQUALS", "NOT_EQUALS", "GREATER", "LESSER", "GREATER_THAN_EQUAL", "LESS_THAN_EQUAL", "IN"],
};

export interface Criterion {
  field: string;
  operator: string;
  value: string;
}

export interface FilterRequest {
  filters: Criterion[];
  operation: "AND" | "OR";
}

export type AssetPredicate = (asset: AssetCore) => boolean;

/**
 * Parses a filter body by its Content-Type. Returns null for an empty body, which means
 * no filter. Throws BadRequestError for a malformed body or an unsupported media type.
 */
export function parseFilterBody(bodyText: string, contentType: string | undefined): FilterRequest | null {
  if (bodyText.trim() === "") return null;
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "application/json" || mediaType.endsWith("+json")) return parseJsonFilter(bodyText);
  if (mediaType === "application/xml" || mediaType === "text/xml" || mediaType.endsWith("+xml")) return parseXmlFilter(bodyText);
  const received = mediaType === "" ? "none" : mediaType;
  throw new UnsupportedMediaTypeError(`Unsupported Content-Type ${received} for a filter body: send application/json or application/xml`);
}

/** A filter body in a media type the API does not read, rejected with 415. */
export class UnsupportedMediaTypeError extends BadRequestError {}

function asOperation(value: unknown): "AND" | "OR" {
  if (value === undefined || value === null || value === "") return "AND";
  const text = typeof value === "string" ? value.trim().toUpperCase() : "";
  if (text === "AND" || text === "OR") return text;
  throw new BadRequestError(`Invalid operation: ${String(value)} (expected AND or OR)`);
}

/** Parses the JSON form. Values may be strings or numbers; anything else is rejected. */
export function parseJsonFilter(bodyText: string): FilterRequest {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch (error) {
    throw new BadRequestError(`Invalid JSON filter body: ${(error as Error).message}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BadRequestError("Invalid JSON filter body: expected an object with a filters array");
  }
  const record = body as Record<string, unknown>;
  const filtersValue = record["filters"] ?? [];
  if (!Array.isArray(filtersValue)) throw new BadRequestError("Invalid JSON filter body: filters must be an array");
  const filters = filtersValue.map((item: unknown, index) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new BadRequestError(`Invalid filter at filters[${index}]: expected an object with field, operator and value`);
    }
    const { field, operator, value } = item as Record<string, unknown>;
    if (typeof field !== "string" || field.trim() === "") throw new BadRequestError(`Invalid filter at filters[${index}]: missing field`);
    if (typeof operator !== "string" || operator.trim() === "") {
      throw new BadRequestError(`Invalid filter at filters[${index}]: missing operator for field ${field}`);
    }
    if (typeof value !== "string" && typeof value !== "number") {
      throw new BadRequestError(`Invalid filter at filters[${index}]: value for field ${field} must be a string or a number`);
    }
    return { field: field.trim(), operator: operator.trim(), value: String(value) };
  });
  return { filters, operation: asOperation(record["operation"]) };
}

const XML_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * Decodes the five XML entities and numeric character references in one pass, so
 * `&amp;#233;` stays the text `&#233;`. The parser's default decoder leaves numeric
 * references undecoded (fast-xml-parser 5.12.1 decodes them only with its deprecated
 * `htmlEntities` option, which also accepts HTML's named entities). Entities declared in a
 * DOCTYPE are ignored and stay as written.
 */
const xmlEntityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
  decode: (text) =>
    text.replace(/&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g, (whole, decimal?: string, hex?: string, name?: string) => {
      if (name !== undefined) return XML_ENTITIES[name] ?? whole;
      const codePoint = decimal !== undefined ? Number(decimal) : parseInt(hex ?? "", 16);
      if (!isXmlChar(codePoint)) throw new BadRequestError(`Invalid XML filter body: character reference ${whole} is not a legal XML character`);
      return String.fromCodePoint(codePoint);
    }),
};

/** Returns true for the characters XML 1.0 allows (the `Char` production). */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  processEntities: true,
  entityDecoder: xmlEntityDecoder,
  parseTagValue: false,
  parseAttributeValue: false,
  // Values keep their spaces; whitespace between elements appears as "#text" and is skipped.
  trimValues: false,
});

type XmlNode = Record<string, unknown>;

/** Returns the children of `node` whose element name equals `name` case-insensitively, as a list. */
function childElements(node: XmlNode, name: string): unknown[] {
  const found: unknown[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.toLowerCase() !== name.toLowerCase()) continue;
    if (Array.isArray(value)) found.push(...value);
    else found.push(value);
  }
  return found;
}

function textContent(node: unknown, elementDescription: string): string {
  if (typeof node === "string") return node;
  if (typeof node === "object" && node !== null) {
    const record = node as XmlNode;
    const hasElements = Object.keys(record).some((key) => key !== "#text" && !key.startsWith("@_"));
    if (!hasElements) return typeof record["#text"] === "string" ? record["#text"] : "";
  }
  throw new BadRequestError(`Invalid XML filter body: ${elementDescription} must contain text only`);
}

function attribute(node: XmlNode, name: string): string | undefined {
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("@_") && key.slice(2).toLowerCase() === name.toLowerCase() && typeof value === "string") return value;
  }
  return undefined;
}

/**
 * Parses the XML form. The value of a criterion is its `<value>` child, or its own text
 * when it has none. Several `<value>` children are allowed with IN only and are joined
 * with commas. The operation may be an `operation` attribute or element on FilterRequest
 * or on filters.
 */
export function parseXmlFilter(bodyText: string): FilterRequest {
  const validation = XMLValidator.validate(bodyText);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new BadRequestError(`Invalid XML filter body: ${msg} (line ${line}, column ${col})`);
  }
  const document = xmlParser.parse(bodyText) as XmlNode;
  const root = childElements(document, "FilterRequest")[0];
  if (typeof root !== "object" || root === null) {
    const rootName = Object.keys(document).find((key) => !key.startsWith("?") && key !== "#text") ?? "none";
    throw new BadRequestError(`Invalid XML filter body: expected the root element FilterRequest, found ${rootName}`);
  }
  const request = root as XmlNode;
  const filtersNode = childElements(request, "filters")[0];
  const filtersElement = typeof filtersNode === "object" && filtersNode !== null ? (filtersNode as XmlNode) : {};

  const operationElement = childElements(request, "operation")[0] ?? childElements(filtersElement, "operation")[0];
  const operationValue =
    attribute(request, "operation") ??
    attribute(filtersElement, "operation") ??
    (operationElement === undefined ? undefined : textContent(operationElement, "operation").trim());

  const filters = childElements(filtersElement, "Criteria").map((node, index) => {
    if (typeof node !== "object" || node === null) {
      throw new BadRequestError(`Invalid filter at Criteria[${index}]: expected field and operator attributes`);
    }
    const criteria = node as XmlNode;
    const field = attribute(criteria, "field")?.trim();
    const operator = attribute(criteria, "operator")?.trim();
    if (field === undefined || field === "") throw new BadRequestError(`Invalid filter at Criteria[${index}]: missing field attribute`);
    if (operator === undefined || operator === "") {
      throw new BadRequestError(`Invalid filter at Criteria[${index}]: missing operator attribute for field ${field}`);
    }
    const valueNodes = childElements(criteria, "value");
    let value: string;
    if (valueNodes.length === 0) value = textContent(criteria, `Criteria ${field}`);
    else if (valueNodes.length === 1) value = textContent(valueNodes[0], `value of ${field}`);
    else if (operator.toUpperCase() === "IN") value = valueNodes.map((item) => textContent(item, `value of ${field}`)).join(",");
    else throw new BadRequestError(`Invalid filter at Criteria[${index}]: field ${field} has several values, which only IN accepts`);
    return { field, operator, value };
  });
  return { filters, operation: asOperation(operationValue) };
}

/** Returns a text key that is equal for two requests exactly when they select the same assets. */
export function filterCacheKey(request: FilterRequest): string {
  return `v2:${request.operation}:${JSON.stringify(request.filters.map((item) => [item.field, item.operator.toUpperCase(), item.value]))}`;
}

/**
 * Compiles a filter request into a predicate. Throws BadRequestError naming the first
 * unknown field, unknown operator, operator that does not fit the field, or bad value.
 */
export function compileFilter(request: FilterRequest, referenceMs: number): AssetPredicate {
  const predicates = request.filters.map((criterion) => compileCriterion(criterion, referenceMs));
  if (predicates.length === 0) return () => true;
  if (request.operation === "OR") return (asset) => predicates.some((predicate) => predicate(asset));
  return (asset) => predicates.every((predicate) => predicate(asset));
}

function compileCriterion(criterion: Criterion, referenceMs: number): AssetPredicate {
  const field = V2_FIELDS.get(criterion.field);
  if (field === undefined) throw new BadRequestError(`Invalid field: ${criterion.field}`);
  const operator = criterion.operator.toUpperCase() as V2Operator;
  if (!V2_OPERATORS.includes(operator)) throw new BadRequestError(`Invalid operator: ${criterion.operator} for field ${criterion.field}`);
  const allowed = OPERATORS_BY_TYPE[field.leaf.type];
  if (!allowed.includes(operator)) {
    throw new BadRequestError(`Invalid operator: ${operator} for ${field.leaf.type} field ${criterion.field} (use ${allowed.join(", ")})`);
  }
  if (operator === "NOT_EQUALS") {
    // Not equal means that no element equals the value, so an asset without the field matches.
    const equals = scalarTest(field, criterion.field, "EQUALS", criterion.value, referenceMs);
    return (asset) => !fieldMatches(asset, field, equals);
  }
  const test = scalarTest(field, criterion.field, operator, criterion.value, referenceMs);
  return (asset) => fieldMatches(asset, field, test);
}

type ScalarTest = (scalar: string | number) => boolean;

function scalarTest(field: FieldRef, name: string, operator: Exclude<V2Operator, "NOT_EQUALS">, value: string, referenceMs: number): ScalarTest {
  if (operator === "IN") {
    const items = value.split(",").map((item) => item.trim()).filter((item) => item !== "");
    if (items.length === 0) throw new BadRequestError(`Invalid value: "${value}" for IN on field ${name} (expected a comma-separated list)`);
    const tests = items.map((item) => scalarTest(field, name, "EQUALS", item, referenceMs));
    return (scalar) => tests.some((test) => test(scalar));
  }
  switch (field.leaf.type) {
    case "string": {
      const expected = value.toLowerCase();
      if (operator === "CONTAINS") return (scalar) => textOf(scalar).toLowerCase().includes(expected);
      return (scalar) => equalsIgnoringCase(textOf(scalar), value);
    }
    case "number": {
      const expected = parseNumber(value);
      if (expected === undefined) throw new BadRequestError(`Invalid value: "${value}" for numeric field ${name} (expected a number)`);
      return numberTest(operator, expected);
    }
    case "date": {
      const interval = parseDate(value, referenceMs);
      if (interval === undefined) {
        throw new BadRequestError(`Invalid value: "${value}" for date field ${name} (expected YYYY-MM-DD, an ISO 8601 date-time or epoch milliseconds)`);
      }
      return dateTest(operator, interval);
    }
  }
}

function numberTest(operator: Exclude<V2Operator, "NOT_EQUALS" | "IN">, expected: number): ScalarTest {
  const asNumber = (scalar: string | number): number => (typeof scalar === "number" ? scalar : Number(scalar));
  switch (operator) {
    case "GREATER":
      return (scalar) => asNumber(scalar) > expected;
    case "LESSER":
      return (scalar) => asNumber(scalar) < expected;
    case "GREATER_THAN_EQUAL":
      return (scalar) => asNumber(scalar) >= expected;
    case "LESS_THAN_EQUAL":
      return (scalar) => asNumber(scalar) <= expected;
    default:
      return (scalar) => asNumber(scalar) === expected;
  }
}

/** Compares instants with an interval: a day value is equal to every instant of that day. */
function dateTest(operator: Exclude<V2Operator, "NOT_EQUALS" | "IN">, interval: TimeInterval): ScalarTest {
  const asTime = (scalar: string | number): number => (typeof scalar === "number" ? scalar : Date.parse(scalar));
  switch (operator) {
    case "GREATER":
      return (scalar) => asTime(scalar) >= interval.end;
    case "LESSER":
      return (scalar) => asTime(scalar) < interval.start;
    case "GREATER_THAN_EQUAL":
      return (scalar) => asTime(scalar) >= interval.start;
    case "LESS_THAN_EQUAL":
      return (scalar) => asTime(scalar) < interval.end;
    default:
      return (scalar) => asTime(scalar) >= interval.start && asTime(scalar) < interval.end;
  }
}
