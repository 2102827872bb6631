/**
 * The CSAM v2 filter model: tool input shapes, the rules a filter must meet before it is
 * sent, and its JSON and XML request bodies.
 *
 * A v2 filter is one flat list of criteria joined by a single operation (AND or OR). The
 * API has no nesting.
 */
import type { XMLBuilder } from "fast-xml-parser";
import { lazyRequire } from "../lazy-require.js";
import { z } from "zod";
import { InputError } from "../gateway/errors.js";
import { findForbiddenCharacter } from "./text.js";

/** URI of the MCP resource that explains v2 filters and QQL. Error messages point to it. */
export const FILTER_GUIDE_URI = "qualys://guides/filters";

/**
 * Comparison operators the gateway accepts in v2 criteria. IN takes a comma-separated list.
 * NOTE: observed in practice, not documented. The gateway responds with HTTP 400 to any
 * other operator.
 */
export const FILTER_OPERATORS = [
  "EQUALS",
  "NOT_EQUALS",
  "CONTAINS",
  "GREATER",
  "LESSER",
  "GREATER_THAN_EQUAL",
  "LESS_THAN_EQUAL",
  "IN",
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** Logical operators that join the criteria of one filter. */
export const FILTER_OPERATIONS = ["AND", "OR"] as const;
export type FilterOperation = (typeof FILTER_OPERATIONS)[number];

/** Wire format of a v2 filter body. */
export type FilterFormat = "json" | "xml";

/** One v2 criterion, as a tool receives it. */
export interface FilterCriterion {
  field: string;
  operator: FilterOperator;
  value: string;
}

export const MAX_FILTERS = 50;
export const MAX_FIELD_NAME_LENGTH = 200;
export const MAX_FILTER_VALUE_LENGTH = 4000;
export const MAX_QQL_LENGTH = 4000;
export const DEFAULT_PAGE_SIZE = 25;
/** NOTE: observed in practice. A larger page size gets HTTP 416 from the gateway. */
export const MAX_PAGE_SIZE = 300;
export const MAX_ASSET_ID = Number.MAX_SAFE_INTEGER;

/** Dotted field names such as `operatingSystem.lifecycle.stage`. */
export const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.]*$/;

/** A v2 filter field that users have seen the gateway accept, for the filter guide. */
export interface KnownField {
  field: string;
  description: string;
  /** A value that fits the field, for the guide's examples. */
  example: string;
}

/**
 * Field names that users have seen the gateway accept. Other well-formed names are sent
 * unchanged, and the gateway responds with HTTP 400 to a field it does not know.
 * NOTE: the date examples use the ISO 8601 form of asset records. The date forms the
 * gateway accepts in filters are not documented.
 */
export const KNOWN_V2_FIELDS: readonly KnownField[] = [
  { field: "asset.id", description: "Asset ID, the id of an asset summary.", example: "40330977" },
  { field: "asset.name", description: "Asset name, usually the host name.", example: "web01.example.com" },
  {
    field: "asset.lastUpdatedDate",
    description: "When the asset record last changed. Compare with GREATER or LESSER.",
    example: "2024-06-01T00:00:00Z",
  },
  {
    field: "operatingSystem.category1",
    description: "Top-level operating system category, such as Windows, Linux or Network.",
    example: "Windows",
  },
  { field: "operatingSystem.osName", description: "Operating system name as detected.", example: "Windows Server 2012 R2" },
  {
    field: "operatingSystem.lifecycle.stage",
    description: "Operating system lifecycle stage, such as GA, EOL or EOS.",
    example: "EOL",
  },
  {
    field: "operatingSystem.lifecycle.detectionScore",
    description: "Score that the operating system's lifecycle adds to the TruRisk score.",
    example: "8",
  },
  { field: "hardware.lifecycle.stage", description: "Hardware lifecycle stage, such as GA, EOL or EOS.", example: "EOS" },
  { field: "software.product", description: "Name of an installed software product.", example: "OpenSSL" },
  {
    field: "software.discoverySources",
    description: "Source that found a software product: EASM, IP Scanner, Cloud Agent, Passive Sensor or CMDB.",
    example: "EASM",
  },
  {
    field: "openPorts.discoverySources",
    description: "Source that found an open port: EASM, IP Scanner, Cloud Agent, Passive Sensor or CMDB.",
    example: "EASM",
  },
  {
    field: "tags.name",
    description: "Tag name. EASM tags the assets it discovers with the profile name.",
    example: "EASM Default Profile",
  },
  { field: "tags.id", description: "Tag ID.", example: "12345678" },
  { field: "sensor.lastVmScanDate", description: "Date of the last vulnerability scan.", example: "2024-06-01T00:00:00Z" },
  {
    field: "qualys.agent.lastActivityDate",
    description: "Date of the Cloud Agent's last check-in.",
    example: "2024-06-01T00:00:00Z",
  },
];

/**
 * Field names the gateway rejects with 400, and the field to use instead.
 * NOTE: observed in practice, not documented.
 */
const REJECTED_FIELDS: Readonly<Record<string, string>> = {
  "asset.lastSeen": "asset.lastUpdatedDate",
};

/**
 * Zod pieces for tool input schemas. A tool picks the ones it needs, for example
 * `{ filters: filterShape.filters, operation: filterShape.operation }`, and calls
 * `validateFilters` or a request builder for the rules zod does not express.
 */
export const filterShape = {
  filters: z
    .array(
      z.strictObject({
        field: z
          .string()
          .min(1)
          .max(MAX_FIELD_NAME_LENGTH)
          .describe(
            `Asset field to compare: a dotted name of letters, digits and _, for example "operatingSystem.lifecycle.stage". ${FILTER_GUIDE_URI} lists the known fields.`,
          ),
        operator: z
          .enum(FILTER_OPERATORS)
          .describe(
            'Comparison, for example "EQUALS". GREATER, LESSER, GREATER_THAN_EQUAL and LESS_THAN_EQUAL compare numbers and dates. IN takes a comma-separated list.',
          ),
        value: z
          .string()
          .max(MAX_FILTER_VALUE_LENGTH)
          .describe('Value to compare with, for example "EOL". For IN, a comma-separated list such as "EOL,EOS".'),
      }),
    )
    .max(MAX_FILTERS)
    .default([])
    .describe(
      'Criteria, all joined by `operation` in one flat list. Empty or omitted matches every asset. Example: [{"field":"openPorts.discoverySources","operator":"EQUALS","value":"EASM"}]',
    ),
  operation: z
    .enum(FILTER_OPERATIONS)
    .default("AND")
    .describe('How the criteria combine: "AND" (every criterion matches, the default) or "OR" (any criterion matches). Example: "OR".'),
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(
      `Assets per page, 1 to ${MAX_PAGE_SIZE}. The default ${DEFAULT_PAGE_SIZE} keeps one result small enough for the assistant's context, because asset records are large. Example: 50.`,
    ),
  lastSeenAssetId: z
    .number()
    .int()
    .min(0)
    .max(MAX_ASSET_ID)
    .optional()
    .describe("Cursor for the next page: the nextCursor of the previous result. Omit it for the first page. Example: 40330977."),
  detail: z
    .enum(["summary", "full"])
    .default("summary")
    .describe(
      '"summary" (the default) returns the triage fields of each asset: addresses, OS lifecycle, risk, open ports, risky software and tags. "full" returns the gateway records, cut to a size limit. Example: "full".',
    ),
  assetId: z
    .number()
    .int()
    .min(1)
    .max(MAX_ASSET_ID)
    .describe("Asset ID, the id of an asset in a search result. Example: 40330977."),
  qqlFilter: z
    .string()
    .max(MAX_QQL_LENGTH)
    .describe(
      `QQL query: token:value terms joined by AND, OR and NOT, with parent:(sub:value) for nested fields. Example: "openPorts:(discoverySources:EASM)". ${FILTER_GUIDE_URI} explains the syntax.`,
    ),
};

/** A criterion before validation, so callers that bypass the zod schema are checked too. */
export interface UncheckedCriterion {
  field: string;
  operator: string;
  value: string;
}

/**
 * Checks a v2 filter against the rules that zod does not express, and throws an
 * InputError that names the first bad path (for example `filters[2].value`) and the fix.
 * Field names that are well-formed but unknown pass, because the gateway accepts more
 * fields than this module lists.
 */
export function validateFilters(filters: readonly UncheckedCriterion[], operation: string): void {
  if (!Array.isArray(filters)) {
    throw new InputError("filters", filters, "is not a list", 'Give a list of {"field","operator","value"} criteria.');
  }
  if (filters.length > MAX_FILTERS) {
    throw new InputError(
      "filters",
      `${filters.length} criteria`,
      `exceeds the maximum of ${MAX_FILTERS} criteria`,
      "Split the search into several calls or use IN to match several values of one field.",
    );
  }
  if (!(FILTER_OPERATIONS as readonly string[]).includes(operation)) {
    throw new InputError("operation", operation, "is not a valid operation", 'Use "AND" or "OR".');
  }

  filters.forEach((criterion, index) => {
    validateField(criterion.field, `filters[${index}].field`);
    validateOperator(criterion.operator, `filters[${index}].operator`);
    validateValue(criterion.value, criterion.operator, `filters[${index}].value`);
  });
}

function validateField(field: unknown, path: string): void {
  if (typeof field !== "string" || field.length === 0) {
    throw new InputError(path, field, "is missing", `Name an asset field such as "asset.name". ${FILTER_GUIDE_URI} lists the known fields.`);
  }
  if (field.length > MAX_FIELD_NAME_LENGTH) {
    throw new InputError(path, field, `is longer than ${MAX_FIELD_NAME_LENGTH} characters`, "Use a field name from the filter guide.");
  }

  if (!FIELD_NAME_PATTERN.test(field)) {
    // The API's own samples write "software.discoverySources:" with spaces and a
    // trailing colon, so suggest the cleaned name when cleaning makes it valid.
    const cleaned = field.trim().replace(/:+$/, "").trim();
    const fix = FIELD_NAME_PATTERN.test(cleaned)
      ? `Use "${cleaned}": field names have no spaces or colons.`
      : `A field name starts with a letter and contains only letters, digits, _ and ., for example "operatingSystem.lifecycle.stage". ${FILTER_GUIDE_URI} lists the known fields.`;
    throw new InputError(path, field, "is not a valid field name", fix);
  }

  const replacement = REJECTED_FIELDS[field];
  if (replacement !== undefined) {
    throw new InputError(path, field, "is rejected by the gateway with HTTP 400", `Use "${replacement}" instead.`);
  }
}

function validateOperator(operator: unknown, path: string): void {
  if (typeof operator !== "string" || !(FILTER_OPERATORS as readonly string[]).includes(operator)) {
    throw new InputError(path, operator, "is not a known operator", `Use one of ${FILTER_OPERATORS.join(", ")}.`);
  }
}

function validateValue(value: unknown, operator: string, path: string): void {
  if (typeof value !== "string") {
    throw new InputError(path, value, "is not a string", 'Give the value as text, for example "8" rather than 8.');
  }
  if (value.length > MAX_FILTER_VALUE_LENGTH) {
    throw new InputError(
      path,
      value,
      `is longer than ${MAX_FILTER_VALUE_LENGTH} characters`,
      "Shorten the value or split it across several criteria joined by OR.",
    );
  }

  const forbidden = findForbiddenCharacter(value);
  if (forbidden !== undefined) {
    throw new InputError(
      path,
      value,
      `contains the control or invisible character ${forbidden.codePoint} at position ${forbidden.position}`,
      "Remove it. Filter values must be printable text.",
    );
  }

  if (operator === "IN") validateInList(value, path);
}

/** Checks that an IN value is a comma-separated list with at least one item and no empty items. */
function validateInList(value: string, path: string): void {
  if (value.trim().length === 0) {
    throw new InputError(path, value, "is an empty list for the IN operator", 'Give comma-separated values, for example "EOL,EOS".');
  }

  const emptyItem = value.split(",").findIndex((item) => item.trim().length === 0);
  if (emptyItem !== -1) {
    throw new InputError(
      path,
      value,
      `has an empty item at position ${emptyItem + 1} of the IN list`,
      'Remove the extra comma, for example "EOL,EOS".',
    );
  }
}

/** Request body of a v2 search or count. */
export interface FilterBody {
  contentType: string;
  text: string;
}

/**
 * Options that make fast-xml-parser's builder emit well-formed XML. The defaults
 * (`ignoreAttributes: true`, `suppressBooleanAttributes: true`) emit invalid XML, and
 * `processEntities: true` escapes & < > ' " in text and attribute values alike. The
 * builder passes control characters through, so `validateFilters` rejects them first.
 */
const XML_BUILDER_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  processEntities: true,
  suppressBooleanAttributes: false,
  format: false,
};

const fastXmlParser = lazyRequire<typeof import("fast-xml-parser")>("fast-xml-parser");
let xmlBuilder: XMLBuilder | undefined;

/** Returns the shared XML builder, creating it (and loading fast-xml-parser) on first use. */
function getXmlBuilder(): XMLBuilder {
  xmlBuilder ??= new fastXmlParser.XMLBuilder(XML_BUILDER_OPTIONS);
  return xmlBuilder;
}

/**
 * Validates a v2 filter and renders its request body, or returns undefined when there are
 * no criteria (the gateway then matches every asset).
 *
 * JSON always carries `operation`. XML follows the API's sample form, with each value in
 * a `<value>` child:
 * `<FilterRequest><filters><Criteria field="…" operator="EQUALS"><value>…</value></Criteria></filters></FilterRequest>`.
 * The samples never show the operation in XML, so the XML body adds an `<operation>`
 * element after `<filters>` only for OR with two or more criteria. AND is the default,
 * and with one criterion the operation changes nothing.
 * NOTE: the `<operation>` element mirrors the JSON field name. No sample confirms it.
 */
export function buildFilterBody(
  filters: readonly FilterCriterion[],
  operation: FilterOperation,
  format: FilterFormat,
): FilterBody | undefined {
  validateFilters(filters, operation);
  if (filters.length === 0) return undefined;

  if (format === "json") {
    const criteria = filters.map(({ field, operator, value }) => ({ field, operator, value }));
    return { contentType: "application/json", text: JSON.stringify({ filters: criteria, operation }) };
  }

  if (format === "xml") {
    const request: Record<string, unknown> = {
      filters: {
        Criteria: filters.map(({ field, operator, value }) => ({ "@_field": field, "@_operator": operator, value })),
      },
    };
    if (operation === "OR" && filters.length > 1) request.operation = operation;
    return { contentType: "application/xml", text: getXmlBuilder().build({ FilterRequest: request }) };
  }

  throw new InputError("format", format, "is not a filter format", 'Use "json" or "xml".');
}
