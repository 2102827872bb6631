/**
 * The filter guide served as the MCP resource qualys://guides/filters: the v2 filter
 * fields and operators, and the v1 QQL syntax, with worked examples.
 */
import { FILTER_OPERATORS, KNOWN_V2_FIELDS } from "./filters.js";

/** Worked v2 filter examples: what each finds, and the filters that find it. */
export const V2_FILTER_EXAMPLES: ReadonlyArray<{ purpose: string; filters: Array<{ field: string; operator: string; value: string }> }> = [
  { purpose: "Internet-facing assets found by EASM", filters: [{ field: "openPorts.discoverySources", operator: "EQUALS", value: "EASM" }] },
  { purpose: "End-of-life or end-of-support operating systems", filters: [{ field: "operatingSystem.lifecycle.stage", operator: "IN", value: "EOL,EOS,EOL/EOS" }] },
  {
    purpose: "OS lifecycle detection score 8 (the example in Qualys's CSAM API release notes)",
    filters: [{ field: "operatingSystem.lifecycle.detectionScore", operator: "EQUALS", value: "8" }],
  },
  { purpose: "Assets tagged by an EASM profile", filters: [{ field: "tags.name", operator: "EQUALS", value: "EASM Default Profile" }] },
  {
    purpose: "Windows hosts running OpenSSL",
    filters: [
      { field: "operatingSystem.category1", operator: "EQUALS", value: "Windows" },
      { field: "software.product", operator: "CONTAINS", value: "OpenSSL" },
    ],
  },
];

/** Worked QQL examples for the v1 tools. */
export const QQL_EXAMPLES: ReadonlyArray<{ query: string; purpose: string }> = [
  { query: "operatingSystem:(lifecycle.detectionScore:8)", purpose: "OS lifecycle detection score 8 (from Qualys's CSAM API release notes)" },
  { query: "openPorts:(discoverySources:EASM)", purpose: "ports that EASM discovered (from Qualys's CSAM API release notes)" },
  { query: "openPorts:(discoverySources:EASM AND port:443)", purpose: "HTTPS found by EASM, both terms on the same port entry" },
  { query: "operatingSystem:(lifecycle.stage:EOL) AND NOT tags.name:`Decommissioned`", purpose: "end-of-life systems not tagged Decommissioned" },
  { query: "software:(name:OpenSSL AND lifecycle.stage:EOL)", purpose: "hosts with an end-of-life OpenSSL" },
];

export const FILTER_GUIDE_TITLE = "Qualys CSAM asset filters: v2 fields and operators, v1 QQL";

/** Renders the guide as Markdown. */
export function renderFilterGuide(): string {
  const fieldRows = KNOWN_V2_FIELDS.map((known) => `| \`${known.field}\` | ${known.description} | \`${known.example}\` |`);
  return [
    `# ${FILTER_GUIDE_TITLE}`,
    "",
    "## v2 filters (search_assets, count_assets)",
    "",
    'A filter is a flat list of criteria `{"field", "operator", "value"}` joined by one `operation`, AND (default) or OR. There is no nesting: for "A and (B or C)", use IN on one field or run two searches.',
    "",
    `Operators: ${FILTER_OPERATORS.map((operator) => `\`${operator}\``).join(", ")}. GREATER, LESSER, GREATER_THAN_EQUAL and LESS_THAN_EQUAL compare numbers and dates; IN takes a comma-separated list; CONTAINS matches part of a text value.`,
    "",
    "| field | meaning | example value |",
    "|---|---|---|",
    ...fieldRows,
    "",
    "A field or operator the gateway does not accept is answered with HTTP 400 naming it; `asset.lastSeen` is a common mistake (use `asset.lastUpdatedDate`).",
    "",
    "Worked examples:",
    "",
    ...V2_FILTER_EXAMPLES.map((example) => `- ${example.purpose}: \`${JSON.stringify(example.filters)}\``),
    "",
    "## v1 QQL (filter_assets_v1, count_assets_v1)",
    "",
    "- `token:value` matches when the value contains the text (case-insensitive); numbers compare exactly.",
    "- ``token:`exact` `` (backticks) matches the whole value exactly; `token:\"two words\"` is a phrase.",
    "- `token:[a .. b]` is an inclusive range of numbers or dates; ``token:[`A`,`B`]`` matches any value in the list.",
    "- Terms combine with AND, OR and NOT, grouped with parentheses.",
    "- `parent:(sub:value AND sub:value)` matches nested objects, and both terms must hold for the same port or software entry.",
    "",
    "Worked examples:",
    "",
    ...QQL_EXAMPLES.map((example) => `- \`\`${example.query}\`\`: ${example.purpose}.`),
    "",
    "Parentheses, brackets, double quotes and backticks must be balanced; the server checks this before sending and names the position of the first problem.",
    "",
  ].join("\n");
}
